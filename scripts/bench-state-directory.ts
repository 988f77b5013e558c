// A state-sized directory for the search bench: the SF 211 directory copied to places spread over a
// region the size of California, so that each place has a city's worth of services and the whole holds
// about 100,000. Copies get new ids and their coordinates moved; everything else is the SF data.
import { sql } from 'kysely';
import type { Database } from '../db/pool.js';

/** San Francisco's centre; copy 0 stays there. */
const ORIGIN = { latitude: 37.76, longitude: -122.44 };

/** Centres of the copies: a grid over 32.6–41.9 N, 124.2–114.3 W, every cell at least 45 miles from the next. */
export function copyCentres(copies: number): Array<{ latitude: number; longitude: number }> {
  const centres = [ORIGIN];
  for (let row = 0; centres.length < copies; row++) {
    for (let column = 0; column < 10 && centres.length < copies; column++) {
      const centre = { latitude: 32.8 + (row % 12) * 0.75, longitude: -124 + column * 0.95 + (row >= 12 ? 0.45 : 0) };
      if (Math.abs(centre.latitude - ORIGIN.latitude) < 0.7 && Math.abs(centre.longitude - ORIGIN.longitude) < 0.9) continue;
      centres.push(centre);
    }
  }
  return centres;
}

/** Adds copies 1..n-1 of the directory already imported (copy 0). Returns how many services there are. */
export async function copyDirectory(db: Database, copies: number): Promise<number> {
  const centres = copyCentres(copies);
  for (const [copy, centre] of centres.entries()) {
    if (copy === 0) continue;
    const dLat = centre.latitude - ORIGIN.latitude;
    const dLon = centre.longitude - ORIGIN.longitude;
    const id = (column: string) => sql.raw(`md5(${column}::text || ':${copy}')::uuid`);
    await db.transaction().execute(async (trx) => {
      await sql`
        INSERT INTO hsds_organizations (id, name, alternate_name, description, email, website, tax_status, tax_id, year_incorporated, legal_status, logo, uri, parent_organization_id, source_row)
        SELECT ${id('id')}, name, alternate_name, description, email, website, tax_status, tax_id, year_incorporated, legal_status, logo, uri, NULL, source_row
        FROM hsds_organizations WHERE (source_row->>'id')::uuid = id`.execute(trx);
      await sql`
        INSERT INTO hsds_services (id, organization_id, name, alternate_name, description, url, email, status, interpretation_services, application_process,
          fees_description, wait_time, fees, accreditations, eligibility_description, minimum_age, maximum_age, assured_date, assurer_email, licenses, alert,
          last_modified, source_row, capacity_status)
        SELECT ${id('id')}, ${id('organization_id')}, name, alternate_name, description, url, email, status, interpretation_services, application_process,
          fees_description, wait_time, fees, accreditations, eligibility_description, minimum_age, maximum_age, assured_date, assurer_email, licenses, alert,
          last_modified, source_row, capacity_status
        FROM hsds_services WHERE (source_row->>'id')::uuid = id`.execute(trx);
      await sql`
        INSERT INTO hsds_locations (id, location_type, url, organization_id, name, alternate_name, description, transportation, latitude, longitude, source_row)
        SELECT ${id('id')}, location_type, url, ${id('organization_id')}, name, alternate_name, description, transportation,
          latitude + ${dLat}::float8, longitude + ${dLon}::float8, source_row
        FROM hsds_locations WHERE (source_row->>'id')::uuid = id`.execute(trx);
      await sql`
        INSERT INTO hsds_service_at_location (id, service_id, location_id, description, source_row)
        SELECT ${id('id')}, ${id('service_id')}, ${id('location_id')}, description, source_row
        FROM hsds_service_at_location WHERE (source_row->>'id')::uuid = id`.execute(trx);
      await sql`
        INSERT INTO hsds_addresses (id, location_id, attention, address_1, address_2, city, region, state_province, postal_code, country, address_type, source_row)
        SELECT ${id('id')}, ${id('location_id')}, attention, address_1, address_2, city, region, state_province, postal_code, country, address_type, source_row
        FROM hsds_addresses WHERE (source_row->>'id')::uuid = id`.execute(trx);
      await sql`
        INSERT INTO hsds_languages (id, service_id, location_id, name, code, note, source_row)
        SELECT ${id('id')}, ${id('service_id')}, ${id('location_id')}, name, code, note, source_row
        FROM hsds_languages WHERE (source_row->>'id')::uuid = id`.execute(trx);
      await sql`
        INSERT INTO hsds_attributes (id, link_id, taxonomy_term_id, link_type, link_entity, value, source_row)
        SELECT ${id('id')}, ${id('link_id')}, taxonomy_term_id, link_type, link_entity, value, source_row
        FROM hsds_attributes WHERE (source_row->>'id')::uuid = id`.execute(trx);
    });
  }
  const { rows } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM hsds_services`.execute(db);
  await sql`ANALYZE`.execute(db);
  return rows[0].count;
}
