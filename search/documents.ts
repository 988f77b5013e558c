import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/pool.js';
import type { DB } from '../db/schema.js';
import type { ServiceSearchDocument } from './port.js';

interface DocumentRow {
  service_id: string;
  service_name: string;
  alternate_name: string | null;
  description: string | null;
  status: string;
  capacity_status: string;
  organization_id: string | null;
  organization_name: string | null;
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
}

/**
 * Builds search documents from the hsds_ tables: every service, or only `serviceIds`.
 * A service's place is its first service-at-location that has coordinates (SF 211 has one per service).
 */
export async function loadServiceDocuments(
  db: Database | Transaction<DB>,
  serviceIds?: string[],
): Promise<ServiceSearchDocument[]> {
  if (serviceIds && serviceIds.length === 0) return [];
  const onlyThese = serviceIds ? sql`WHERE s.id = ANY(${serviceIds}::uuid[])` : sql``;
  const { rows } = await sql<DocumentRow>`
    SELECT s.id AS service_id, s.name AS service_name, s.alternate_name, s.description, s.status, s.capacity_status,
      s.organization_id, o.name AS organization_name,
      place.location_id, place.service_at_location_id, place.latitude, place.longitude,
      a.address_1, a.address_2, a.city, a.state_province, a.postal_code,
      coalesce((
        SELECT array_agg(DISTINCT lower(lang.code) ORDER BY lower(lang.code)) FROM hsds_languages lang
        WHERE lang.code IS NOT NULL AND (lang.service_id = s.id OR lang.location_id = place.location_id)
      ), '{}') AS languages,
      coalesce((
        SELECT array_agg(DISTINCT term.name ORDER BY term.name) FROM hsds_attributes attr
        JOIN hsds_taxonomy_terms term ON term.id = attr.taxonomy_term_id
        WHERE attr.link_id = s.id
      ), '{}') AS taxonomy_terms
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
    ${onlyThese}
    ORDER BY s.id`.execute(db);
  return rows.map(toDocument);
}

function toDocument(row: DocumentRow): ServiceSearchDocument {
  return {
    serviceId: row.service_id,
    serviceName: row.service_name,
    alternateName: row.alternate_name,
    description: row.description,
    organizationId: row.organization_id ?? '',
    organizationName: row.organization_name ?? '',
    locationId: row.location_id,
    serviceAtLocationId: row.service_at_location_id,
    address: oneLineAddress(row),
    postalCode: row.postal_code,
    latitude: row.latitude,
    longitude: row.longitude,
    languages: row.languages,
    taxonomyTerms: row.taxonomy_terms,
    status: row.status,
    capacityStatus: row.capacity_status,
  };
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
