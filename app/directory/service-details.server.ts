// Everything the directory holds about services, as a worker needs it on a card, a service page or a
// handout: one query for any number of services. Text is plain (markup stripped), hours evaluated.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import { oneLineAddress } from '../../search/documents.js';
import { isUuid } from '../ids.js';
import { effectiveCapacity, isStale, type CapacityStatus } from './capacity.js';
import { hoursLines, openingStatus, scheduleZone, type HoursLine, type OpeningStatus, type ScheduleFields } from './hours.js';
import { plainText } from './plain-text.server.js';

export interface ServiceLocation {
  locationId: string;
  serviceAtLocationId: string;
  name: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  /** From the point asked about (a patient's ZIP); null without one. */
  distanceKm: number | null;
  transportation: string | null;
  accessibility: Array<{ description: string | null; details: string | null; url: string | null }>;
}

export interface ServicePhone {
  number: string;
  extension: string | null;
  type: string | null;
  description: string | null;
}

export interface ServiceDetails {
  serviceId: string;
  name: string;
  alternateName: string | null;
  description: string | null;
  status: string;
  url: string | null;
  email: string | null;
  organization: {
    id: string;
    name: string;
    website: string | null;
    email: string | null;
    /** The CareLoop organisation that receives referrals for it; null when it is not on CareLoop. */
    receivingOrganizationId: string | null;
  };
  programName: string | null;
  locations: ServiceLocation[];
  phones: ServicePhone[];
  opening: OpeningStatus;
  hours: HoursLine[];
  /** Free-text hours and schedule notes, as the directory gives them. */
  hoursText: string[];
  /** ISO 639 codes, with the directory's name for each (shown by name, never as a code). */
  languages: Array<{ code: string | null; name: string | null }>;
  interpretationServices: string | null;
  eligibility: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  fees: string | null;
  costOptions: Array<{ option: string | null; amount: string | null; currency: string | null; amountDescription: string | null }>;
  applicationProcess: string | null;
  requiredDocuments: Array<{ document: string | null; uri: string | null }>;
  waitTime: string | null;
  alert: string | null;
  serviceAreas: string[];
  taxonomyTerms: string[];
  capacity: { status: CapacityStatus; note: string | null; until: string | null; updatedAt: string | null };
  /** When the listing was last confirmed (CareLoop's "still accurate", or the directory's assured_date). */
  lastVerified: string | null;
  stale: boolean;
  version: number;
}

interface DetailsRow {
  id: string;
  name: string;
  alternate_name: string | null;
  description: string | null;
  status: string;
  url: string | null;
  email: string | null;
  interpretation_services: string | null;
  application_process: string | null;
  fees_description: string | null;
  fees: string | null;
  wait_time: string | null;
  eligibility_description: string | null;
  minimum_age: string | null;
  maximum_age: string | null;
  assured_date: string | null;
  alert: string | null;
  capacity_status: string;
  capacity_note: string | null;
  capacity_until: string | null;
  capacity_updated_at: Date | null;
  last_verified_at: Date | null;
  version: number;
  organization_id: string;
  organization_name: string;
  organization_website: string | null;
  organization_email: string | null;
  organization_time_zone: string | null;
  receiving_organization_id: string | null;
  program_name: string | null;
  locations: Array<{
    location_id: string;
    service_at_location_id: string;
    name: string | null;
    latitude: number | null;
    longitude: number | null;
    distance_km: number | null;
    transportation: string | null;
    address_1: string | null;
    address_2: string | null;
    city: string | null;
    state_province: string | null;
    postal_code: string | null;
    accessibility: Array<{ description: string | null; details: string | null; url: string | null }>;
  }>;
  phones: Array<{ number: string; extension: string | null; type: string | null; description: string | null }>;
  schedules: Array<ScheduleFields & { description: string | null; notes: string | null }>;
  languages: Array<{ code: string | null; name: string | null }>;
  cost_options: Array<{ option: string | null; amount: string | null; currency: string | null; amount_description: string | null }>;
  required_documents: Array<{ document: string | null; uri: string | null }>;
  service_areas: Array<{ name: string | null; description: string | null }>;
  taxonomy_terms: string[];
}

export interface DetailsOptions {
  /** Distances are measured from here. */
  origin?: { latitude: number; longitude: number };
  now?: Date;
  /** The zone hours are read in when neither the organisation nor the schedule says. */
  defaultTimeZone?: string;
}

/** Details of these services, in the order asked; ids that are not in the directory are left out. */
export async function getServiceDetails(
  db: Database | Transaction<DB>,
  serviceIds: string[],
  options: DetailsOptions = {},
): Promise<ServiceDetails[]> {
  const ids = [...new Set(serviceIds.filter(isUuid).map((id) => id.toLowerCase()))];
  if (ids.length === 0) return [];
  const origin = options.origin;
  const distance = origin
    ? sql`CASE WHEN l.latitude IS NOT NULL AND l.longitude IS NOT NULL THEN
        round((earth_distance(ll_to_earth(l.latitude, l.longitude), ll_to_earth(${origin.latitude}::float8, ${origin.longitude}::float8)) / 1000)::numeric, 1)::float8 END`
    : sql`NULL::float8`;
  const { rows } = await sql<DetailsRow>`
    SELECT s.id, s.name, s.alternate_name, s.description, s.status, s.url, s.email, s.interpretation_services,
      s.application_process, s.fees_description, s.fees, s.wait_time, s.eligibility_description,
      s.minimum_age::text, s.maximum_age::text, s.assured_date, s.alert, s.capacity_status, s.capacity_note,
      s.capacity_until, s.capacity_updated_at, s.last_verified_at, s.version,
      o.id AS organization_id, o.name AS organization_name, o.website AS organization_website, o.email AS organization_email,
      o.time_zone AS organization_time_zone, receiving.id AS receiving_organization_id, p.name AS program_name,
      coalesce((
        SELECT jsonb_agg(jsonb_build_object(
          'location_id', l.id, 'service_at_location_id', sal.id, 'name', l.name, 'latitude', l.latitude, 'longitude', l.longitude,
          'distance_km', ${distance}, 'transportation', l.transportation,
          'address_1', a.address_1, 'address_2', a.address_2, 'city', a.city, 'state_province', a.state_province, 'postal_code', a.postal_code,
          'accessibility', coalesce((SELECT jsonb_agg(jsonb_build_object('description', ac.description, 'details', ac.details, 'url', ac.url) ORDER BY ac.id)
            FROM hsds_accessibility ac WHERE ac.location_id = l.id), '[]'))
          ORDER BY ${origin ? sql`${distance} ASC NULLS LAST,` : sql``} sal.id)
        FROM hsds_service_at_location sal JOIN hsds_locations l ON l.id = sal.location_id
        LEFT JOIN LATERAL (
          SELECT * FROM hsds_addresses addr WHERE addr.location_id = l.id ORDER BY (addr.address_type = 'physical') DESC, addr.id LIMIT 1
        ) a ON true
        WHERE sal.service_id = s.id), '[]') AS locations,
      coalesce((
        SELECT jsonb_agg(jsonb_build_object('number', ph.number, 'extension', ph.extension::text, 'type', ph.type, 'description', ph.description)
          ORDER BY (ph.service_id = s.id) DESC NULLS LAST, ph.id)
        FROM hsds_phones ph
        WHERE ph.service_id = s.id
          OR ph.service_at_location_id IN (SELECT id FROM hsds_service_at_location WHERE service_id = s.id)
          OR (ph.service_id IS NULL AND ph.location_id IN (SELECT location_id FROM hsds_service_at_location WHERE service_id = s.id))
      ), '[]') AS phones,
      coalesce((
        SELECT jsonb_agg(to_jsonb(sc) ORDER BY sc.id) FROM hsds_schedules sc
        WHERE sc.service_id = s.id
          OR sc.service_at_location_id IN (SELECT id FROM hsds_service_at_location WHERE service_id = s.id)
      ), '[]') AS schedules,
      coalesce((
        SELECT jsonb_agg(DISTINCT jsonb_build_object('code', lower(lang.code), 'name', lang.name))
        FROM hsds_languages lang
        WHERE lang.service_id = s.id OR lang.location_id IN (SELECT location_id FROM hsds_service_at_location WHERE service_id = s.id)
      ), '[]') AS languages,
      coalesce((
        SELECT jsonb_agg(jsonb_build_object('option', c.option, 'amount', c.amount::text, 'currency', c.currency, 'amount_description', c.amount_description) ORDER BY c.id)
        FROM hsds_cost_options c WHERE c.service_id = s.id
      ), '[]') AS cost_options,
      coalesce((
        SELECT jsonb_agg(jsonb_build_object('document', d.document, 'uri', d.uri) ORDER BY d.id) FROM hsds_required_documents d WHERE d.service_id = s.id
      ), '[]') AS required_documents,
      coalesce((
        SELECT jsonb_agg(jsonb_build_object('name', sa.name, 'description', sa.description) ORDER BY sa.id) FROM hsds_service_areas sa WHERE sa.service_id = s.id
      ), '[]') AS service_areas,
      coalesce((
        SELECT jsonb_agg(DISTINCT term.name) FROM hsds_attributes attr JOIN hsds_taxonomy_terms term ON term.id = attr.taxonomy_term_id
        WHERE attr.link_id = s.id
      ), '[]') AS taxonomy_terms
    FROM hsds_services s
    JOIN hsds_organizations o ON o.id = s.organization_id
    LEFT JOIN hsds_programs p ON p.id = s.program_id
    LEFT JOIN organizations receiving ON receiving.hsds_organization_id = o.id AND receiving.kind = 'receiving'
    WHERE s.id = ANY(${ids}::uuid[])`.execute(db);
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const byId = new Map(rows.map((row) => [row.id, toDetails(row, now, today, options.defaultTimeZone ?? 'America/Los_Angeles')]));
  return serviceIds.map((id) => byId.get(id.toLowerCase())).filter((details): details is ServiceDetails => details !== undefined);
}

export async function getOneServiceDetails(db: Database, serviceId: string, options: DetailsOptions = {}): Promise<ServiceDetails | undefined> {
  return (await getServiceDetails(db, [serviceId], options))[0];
}

const numberOrNull = (value: string | null) => (value === null ? null : Number(value));

function toDetails(row: DetailsRow, now: Date, today: string, defaultTimeZone: string): ServiceDetails {
  const zone = scheduleZone(row.schedules, row.organization_time_zone, defaultTimeZone);
  const lastVerified = row.last_verified_at ? row.last_verified_at.toISOString() : row.assured_date;
  return {
    serviceId: row.id,
    name: plainText(row.name) ?? row.name,
    alternateName: plainText(row.alternate_name),
    description: plainText(row.description),
    status: row.status,
    url: row.url,
    email: row.email,
    organization: {
      id: row.organization_id,
      name: plainText(row.organization_name) ?? row.organization_name,
      website: row.organization_website,
      email: row.organization_email,
      receivingOrganizationId: row.receiving_organization_id,
    },
    programName: plainText(row.program_name),
    locations: row.locations.map((location) => ({
      locationId: location.location_id,
      serviceAtLocationId: location.service_at_location_id,
      name: plainText(location.name),
      address: oneLineAddress(location),
      latitude: location.latitude,
      longitude: location.longitude,
      distanceKm: location.distance_km,
      transportation: plainText(location.transportation),
      accessibility: location.accessibility.map((entry) => ({ description: plainText(entry.description), details: plainText(entry.details), url: entry.url })),
    })),
    phones: row.phones.map((phone) => ({ number: phone.number, extension: phone.extension, type: phone.type, description: plainText(phone.description) })),
    opening: openingStatus(row.schedules, now, zone),
    hours: hoursLines(row.schedules),
    hoursText: row.schedules.flatMap((schedule) => [plainText(schedule.description), plainText(schedule.notes)]).filter((text): text is string => text !== null),
    languages: row.languages.sort((a, b) => (a.name ?? a.code ?? '').localeCompare(b.name ?? b.code ?? '')),
    interpretationServices: plainText(row.interpretation_services),
    eligibility: plainText(row.eligibility_description),
    minimumAge: numberOrNull(row.minimum_age),
    maximumAge: numberOrNull(row.maximum_age),
    fees: plainText(row.fees_description ?? row.fees),
    costOptions: row.cost_options.map((option) => ({
      option: plainText(option.option),
      amount: option.amount,
      currency: option.currency,
      amountDescription: plainText(option.amount_description),
    })),
    applicationProcess: plainText(row.application_process),
    requiredDocuments: row.required_documents.map((document) => ({ document: plainText(document.document), uri: document.uri })),
    waitTime: plainText(row.wait_time),
    alert: plainText(row.alert),
    serviceAreas: row.service_areas.map((area) => plainText(area.name) ?? plainText(area.description)).filter((text): text is string => text !== null),
    taxonomyTerms: row.taxonomy_terms.sort(),
    capacity: {
      status: effectiveCapacity(row.capacity_status, row.capacity_until, today),
      note: row.capacity_note,
      until: row.capacity_until,
      updatedAt: row.capacity_updated_at ? row.capacity_updated_at.toISOString() : null,
    },
    lastVerified,
    stale: isStale(lastVerified, today),
    version: row.version,
  };
}
