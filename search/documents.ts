import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/pool.js';
import type { DB } from '../db/schema.js';
import { openSlots, scheduleZone, type ScheduleFields } from '../app/directory/hours.js';
import type { CapacityStatus, ServiceSearchDocument } from './port.js';

interface DocumentRow {
  service_id: string;
  service_name: string;
  alternate_name: string | null;
  description: string | null;
  eligibility_description: string | null;
  status: string;
  capacity_status: string;
  minimum_age: string | null;
  maximum_age: string | null;
  verified_at: Date | null;
  organization_id: string | null;
  organization_name: string | null;
  organization_description: string | null;
  location_id: string | null;
  service_at_location_id: string | null;
  latitude: number | null;
  longitude: number | null;
  address_1: string | null;
  address_2: string | null;
  city: string | null;
  state_province: string | null;
  postal_code: string | null;
  languages: string[];
  taxonomy_terms: string[];
  taxonomy_codes: string[];
  schedules: ScheduleFields[];
  organization_time_zone: string | null;
}

// The zone hours are read in when neither the organisation nor the schedule says (checked at start).
const directoryTimeZone = () => process.env.DIRECTORY_TIME_ZONE || 'America/Los_Angeles';

/**
 * Builds search documents from the hsds_ tables: every service, or only `serviceIds`.
 * A service's place is its first service-at-location that has coordinates (SF 211 has one per service).
 */
export async function loadServiceDocuments(
  db: Database | Transaction<DB>,
  serviceIds?: string[],
  page?: { after: string | null; limit: number },
): Promise<ServiceSearchDocument[]> {
  if (serviceIds && serviceIds.length === 0) return [];
  const conditions = [];
  if (serviceIds) conditions.push(sql`s.id = ANY(${serviceIds}::uuid[])`);
  if (page?.after) conditions.push(sql`s.id > ${page.after}::uuid`);
  const where = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const limit = page ? sql`LIMIT ${page.limit}` : sql``;
  const { rows } = await sql<DocumentRow>`
    SELECT s.id AS service_id, s.name AS service_name, s.alternate_name, s.description, s.eligibility_description, s.status,
      CASE WHEN s.capacity_until < current_date THEN 'unknown' ELSE s.capacity_status END AS capacity_status,
      s.minimum_age, s.maximum_age,
      greatest(s.last_verified_at, s.assured_date::timestamptz) AS verified_at,
      s.organization_id, o.name AS organization_name, o.description AS organization_description,
      place.location_id, place.service_at_location_id, place.latitude, place.longitude,
      a.address_1, a.address_2, a.city, a.state_province, a.postal_code,
      coalesce((
        SELECT array_agg(DISTINCT lower(lang.code) ORDER BY lower(lang.code)) FROM hsds_languages lang
        WHERE lang.code IS NOT NULL AND (lang.service_id = s.id OR lang.location_id = place.location_id)
      ), '{}') AS languages,
      coalesce(terms.names, '{}') AS taxonomy_terms,
      coalesce(terms.codes, '{}') AS taxonomy_codes,
      coalesce((
        SELECT jsonb_agg(jsonb_build_object('freq', sc.freq, 'interval', sc.interval, 'byday', sc.byday, 'bymonthday', sc.bymonthday,
          'byweekno', sc.byweekno, 'byyearday', sc.byyearday, 'dtstart', sc.dtstart::text, 'until', sc.until::text, 'count', sc.count,
          'wkst', sc.wkst, 'valid_from', sc.valid_from::text, 'valid_to', sc.valid_to::text,
          'opens_at', to_char(sc.opens_at, 'HH24:MI'), 'closes_at', to_char(sc.closes_at, 'HH24:MI'), 'timezone', sc.timezone) ORDER BY sc.id)
        FROM hsds_schedules sc
        WHERE sc.service_id = s.id OR sc.service_at_location_id IN (SELECT id FROM hsds_service_at_location WHERE service_id = s.id)
      ), '[]') AS schedules,
      (SELECT receiving.time_zone FROM organizations receiving
        WHERE receiving.hsds_organization_id = s.organization_id AND receiving.kind = 'receiving' LIMIT 1) AS organization_time_zone
    FROM hsds_services s
    LEFT JOIN hsds_organizations o ON o.id = s.organization_id
    LEFT JOIN LATERAL (
      SELECT sal.id AS service_at_location_id, l.id AS location_id, l.latitude, l.longitude
      FROM hsds_service_at_location sal JOIN hsds_locations l ON l.id = sal.location_id
      WHERE sal.service_id = s.id
      ORDER BY (l.latitude IS NULL OR l.longitude IS NULL), sal.id
      LIMIT 1
    ) place ON true
    LEFT JOIN LATERAL (
      SELECT * FROM hsds_addresses addr WHERE addr.location_id = place.location_id
      ORDER BY (addr.address_type = 'physical') DESC, addr.id
      LIMIT 1
    ) a ON true
    LEFT JOIN LATERAL (
      -- One entry per term, names and codes side by side (a term without a code has '').
      SELECT array_agg(t.name ORDER BY t.name, t.code) AS names, array_agg(t.code ORDER BY t.name, t.code) AS codes
      FROM (
        SELECT DISTINCT term.name, coalesce(term.code, '') AS code FROM hsds_attributes attr
        JOIN hsds_taxonomy_terms term ON term.id = attr.taxonomy_term_id
        WHERE attr.link_id = s.id
      ) t
    ) terms ON true
    ${where}
    ORDER BY s.id
    ${limit}`.execute(db);
  const now = new Date();
  return rows.map((row) => toDocument(row, now));
}

function toDocument(row: DocumentRow, now: Date): ServiceSearchDocument {
  return {
    serviceId: row.service_id,
    serviceName: row.service_name,
    alternateName: row.alternate_name,
    description: row.description,
    eligibility: row.eligibility_description,
    organizationId: row.organization_id ?? '',
    organizationName: row.organization_name ?? '',
    organizationDescription: row.organization_description,
    locationId: row.location_id,
    serviceAtLocationId: row.service_at_location_id,
    address: oneLineAddress(row),
    postalCode: row.postal_code,
    latitude: row.latitude,
    longitude: row.longitude,
    languages: row.languages,
    taxonomyTerms: row.taxonomy_terms,
    taxonomyCodes: row.taxonomy_codes,
    status: row.status,
    capacityStatus: capacityForSearch(row.capacity_status),
    minimumAge: ageLimit(row.minimum_age),
    maximumAge: ageLimit(row.maximum_age),
    verifiedAt: row.verified_at ? row.verified_at.toISOString() : null,
    openSlots: openSlots(row.schedules, scheduleZone(row.schedules, row.organization_time_zone, directoryTimeZone()), now),
  };
}

const CAPACITY_SYNONYMS: Record<string, CapacityStatus> = {
  accepting: 'accepting',
  available: 'accepting',
  limited: 'accepting',
  waitlist: 'waitlist',
  'no-capacity': 'no-capacity',
  full: 'no-capacity',
  'assessment-required': 'assessment-required',
};

/** The directory's capacity value as one of the search documents' five (older stored values included). */
export function capacityForSearch(value: string | null): CapacityStatus {
  return CAPACITY_SYNONYMS[value ?? ''] ?? 'unknown';
}

function ageLimit(value: string | null): number | null {
  if (value === null) return null;
  const age = Number(value);
  return Number.isFinite(age) && age >= 0 ? age : null;
}

export function oneLineAddress(address: {
  address_1: string | null;
  address_2: string | null;
  city: string | null;
  state_province: string | null;
  postal_code: string | null;
}): string | null {
  if (!address.address_1) return null;
  const region = [address.state_province, address.postal_code].filter(Boolean).join(' ');
  return [address.address_1, address.address_2, address.city, region].filter(Boolean).join(', ');
}
