import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/pool.js';
import type { DB } from '../db/schema.js';
import type {
  EngineFacets,
  FacetQuery,
  IndexedService,
  NeedQuery,
  RankedService,
  SearchFilters,
  SearchPlace,
  ServiceDocumentSource,
  ServiceSearchDocument,
  ServiceSearchEngine,
  WordCandidate,
  WordQuery,
} from './port.js';
import { EARTH_RADIUS_METRES, boundingBox } from './ranking.js';

const WRITE_CHUNK = 500;
/** Stored instead of "no limit", so that an age filter is two comparisons in both engines. */
export const NO_MINIMUM_AGE = 0;
export const NO_MAXIMUM_AGE = 200;

/**
 * The embedded search engine. Relevance to each need is stored per service and need (search_service_needs),
 * so a need query reads the rows of that need near the patient through one GiST index on (need, position)
 * and sorts those: its cost follows how many services are near, not how many the directory holds.
 */
export function createPostgresSearchEngine(db: Database): ServiceSearchEngine {
  return {
    name: 'postgres',

    async prepare() {
      await sql`SELECT 1 FROM search_services LIMIT 1`.execute(db);
    },

    async indexServices(services) {
      for (let start = 0; start < services.length; start += WRITE_CHUNK) {
        const chunk = services.slice(start, start + WRITE_CHUNK);
        await db.transaction().execute((trx) => writeServices(trx, chunk));
      }
    },

    async deleteServices(serviceIds) {
      if (serviceIds.length === 0) return;
      await db.deleteFrom('search_services').where('service_id', 'in', serviceIds).execute();
    },

    async reindexAll(source: ServiceDocumentSource, onProgress) {
      // One transaction: readers see the old index until the new one is complete, and a sync job that
      // writes meanwhile waits for it and then writes its newer copy over the rebuilt one.
      const result = await db.transaction().execute(async (trx) => {
        await sql`DELETE FROM search_services`.execute(trx);
        let indexed = 0;
        for await (const batch of source()) {
          for (let start = 0; start < batch.length; start += WRITE_CHUNK) await writeServices(trx, batch.slice(start, start + WRITE_CHUNK));
          indexed += batch.length;
          onProgress?.({ indexed });
        }
        return { indexed };
      });
      // Marks the rebuilt pages all-visible, so that need queries are index-only scans from the start.
      await sql`VACUUM (ANALYZE) search_services, search_service_needs`.execute(db).catch(() => {});
      return result;
    },

    findForNeed: (query) => findForNeed(db, query),
    findByWords: (query) => findByWords(db, query),
    countFacets: (query) => countFacets(db, query),

    async getDocuments(serviceIds) {
      if (serviceIds.length === 0) return [];
      const rows = await db.selectFrom('search_services').select(['service_id', 'document']).where('service_id', 'in', serviceIds).execute();
      const byId = new Map(rows.map((row) => [row.service_id, row.document as unknown as ServiceSearchDocument]));
      return serviceIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
    },

    async countServices() {
      const { rows } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM search_services`.execute(db);
      return rows[0].count;
    },

    // Its layout is the schema's, which migrations keep current.
    indexIsCurrent: async () => true,

    async health() {
      try {
        await sql`SELECT 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
  };
}

async function writeServices(trx: Transaction<DB>, services: IndexedService[]): Promise<void> {
  if (services.length === 0) return;
  const rows = services.map((service) => {
    const { document } = service;
    return {
      service_id: document.serviceId,
      document,
      organization_id: document.organizationId || '00000000-0000-0000-0000-000000000000',
      status: document.status,
      available: service.available,
      capacity_status: document.capacityStatus,
      languages: service.languages,
      minimum_age: document.minimumAge ?? NO_MINIMUM_AGE,
      maximum_age: document.maximumAge ?? NO_MAXIMUM_AGE,
      longitude: document.longitude,
      latitude: document.latitude,
      stems: Object.keys(service.stemWeights).sort(),
      stem_weights: service.stemWeights,
      standing: service.standing,
      needs: service.needs,
      open_slots: service.openSlots,
    };
  });
  const json = JSON.stringify(rows);
  const ids = rows.map((row) => row.service_id);
  await sql`DELETE FROM search_service_needs WHERE service_id = ANY(${ids}::uuid[])`.execute(trx);
  await sql`
    INSERT INTO search_services (service_id, document, organization_id, status, available, capacity_status, languages,
      minimum_age, maximum_age, position, stems, stem_weights, open_slots, indexed_at)
    SELECT r.service_id, r.document, r.organization_id, r.status, r.available, r.capacity_status, r.languages,
      r.minimum_age, r.maximum_age,
      CASE WHEN r.latitude IS NULL OR r.longitude IS NULL THEN NULL ELSE point(r.longitude, r.latitude) END,
      r.stems, r.stem_weights, r.open_slots, now()
    FROM jsonb_to_recordset(${json}::jsonb) AS r(service_id uuid, document jsonb, organization_id uuid, status text,
      available boolean, capacity_status text, languages text[], minimum_age real, maximum_age real,
      latitude double precision, longitude double precision, stems text[], stem_weights jsonb, open_slots smallint[])
    ON CONFLICT (service_id) DO UPDATE SET
      document = excluded.document, organization_id = excluded.organization_id, status = excluded.status,
      available = excluded.available, capacity_status = excluded.capacity_status, languages = excluded.languages,
      minimum_age = excluded.minimum_age, maximum_age = excluded.maximum_age, position = excluded.position,
      stems = excluded.stems, stem_weights = excluded.stem_weights, open_slots = excluded.open_slots,
      indexed_at = excluded.indexed_at`.execute(trx);
  await sql`
    INSERT INTO search_service_needs (need_category, service_id, band, level, standing, available, relevance, matched_terms,
      organization_id, capacity_status, languages, minimum_age, maximum_age, position, open_slots)
    SELECT n."needCategory", s.service_id, n.band, n.level, s.standing, s.available, n.relevance, n."matchedTerms",
      s.organization_id, s.capacity_status, s.languages, s.minimum_age, s.maximum_age,
      CASE WHEN s.latitude IS NULL OR s.longitude IS NULL THEN NULL ELSE point(s.longitude, s.latitude) END,
      s.open_slots
    FROM jsonb_to_recordset(${json}::jsonb) AS s(service_id uuid, standing smallint, available boolean, organization_id uuid,
      capacity_status text, languages text[], minimum_age real, maximum_age real, latitude double precision,
      longitude double precision, needs jsonb, open_slots smallint[]),
      jsonb_to_recordset(s.needs) AS n("needCategory" text, band smallint, level smallint, relevance real, "matchedTerms" text[])`.execute(trx);
}

/** Metres from the query point to `position` (x = longitude, y = latitude), as ranking.ts distanceMetres before rounding. */
function exactDistanceSql(place: SearchPlace, position: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(2 * ${EARTH_RADIUS_METRES}::float8 * asin(least(1, sqrt(
      (1 - cos(radians(${position}[1] - ${place.latitude}::float8))) / 2
      + cos(radians(${place.latitude}::float8)) * cos(radians(${position}[1]))
        * (1 - cos(radians(${position}[0] - ${place.longitude}::float8))) / 2))))`;
}

/** Whole metres, as the engines report and sort distances. */
function distanceSql(place: SearchPlace, position: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`round(${exactDistanceSql(place, position)})`;
}

function placeConditions(place: SearchPlace | undefined, position: RawBuilder<unknown>): RawBuilder<unknown>[] {
  if (!place) return [];
  const box = boundingBox(place.latitude, place.longitude, place.radiusMetres);
  return [
    sql`${position} <@ box(point(${box.west}::float8, ${box.south}::float8), point(${box.east}::float8, ${box.north}::float8))`,
    // The exact distance, as Meilisearch's _geoRadius compares it.
    sql`${exactDistanceSql(place, position)} <= ${place.radiusMetres}::float8`,
  ];
}

function filterConditions(filters: SearchFilters, alias: RawBuilder<unknown>): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [];
  if (filters.requiredLanguages) conditions.push(sql`${alias}.languages && ${filters.requiredLanguages}::text[]`);
  if (filters.ageRange) {
    conditions.push(sql`${alias}.minimum_age <= ${filters.ageRange[1]}::real AND ${alias}.maximum_age >= ${filters.ageRange[0]}::real`);
  }
  if (filters.capacity) conditions.push(sql`${alias}.capacity_status = ANY(${filters.capacity}::text[])`);
  if (filters.organizationIds) conditions.push(sql`${alias}.organization_id = ANY(${filters.organizationIds}::uuid[])`);
  if (filters.openSlot !== undefined) conditions.push(sql`${alias}.open_slots @> ARRAY[${filters.openSlot}::smallint]`);
  return conditions;
}

function languageMatchSql(preferred: string[] | undefined, alias: RawBuilder<unknown>): RawBuilder<boolean> {
  return preferred?.length ? sql<boolean>`(${alias}.languages && ${preferred}::text[])` : sql<boolean>`false`;
}

interface RankedRow {
  service_id: string;
  available: boolean;
  band: number;
  level: number;
  standing: number;
  language_match: boolean;
  distance_metres: number | null;
  matched_terms: string[];
  total: number;
}

async function findForNeed(db: Database, query: NeedQuery): Promise<{ total: number; services: RankedService[] }> {
  const n = sql.raw('n');
  const position = sql`n.position`;
  const conditions = [sql`n.need_category = ${query.needCategory}`, ...placeConditions(query.place, position), ...filterConditions(query.filters, n)];
  const distance = query.place ? distanceSql(query.place, position) : sql<number>`NULL::float8`;
  // The page is ranked from search_service_needs alone; only its rows are joined to their documents.
  const { rows } = await sql<RankedRow & { document: ServiceSearchDocument }>`
    WITH page AS (
      SELECT n.service_id, n.available, n.band, n.level, n.standing, ${languageMatchSql(query.preferredLanguages, n)} AS language_match,
        ${distance}::int AS distance_metres, count(*) OVER ()::int AS total
      FROM search_service_needs n
      WHERE ${sql.join(conditions, sql` AND `)}
      ORDER BY n.available DESC, n.band DESC, language_match DESC, n.level DESC, n.standing DESC, distance_metres ASC NULLS LAST, n.service_id ASC
      LIMIT ${query.limit} OFFSET ${query.offset}
    )
    SELECT page.*, matched.matched_terms, s.document FROM page
    JOIN search_service_needs matched ON matched.need_category = ${query.needCategory} AND matched.service_id = page.service_id
    JOIN search_services s ON s.service_id = page.service_id
    ORDER BY page.available DESC, page.band DESC, page.language_match DESC, page.level DESC, page.standing DESC,
      page.distance_metres ASC NULLS LAST, page.service_id ASC`.execute(db);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && query.offset > 0) {
    const counted = await sql<{ total: number }>`
      SELECT count(*)::int AS total FROM search_service_needs n WHERE ${sql.join(conditions, sql` AND `)}`.execute(db);
    total = counted.rows[0].total;
  }
  return { total, services: rows.map((row) => ({ ...toRanked(row), document: row.document })) };
}

function toRanked(row: RankedRow): RankedService {
  return {
    serviceId: row.service_id,
    available: row.available,
    band: row.band,
    level: row.level,
    standing: row.standing,
    languageMatch: row.language_match,
    distanceMetres: row.distance_metres,
    matchedTerms: row.matched_terms,
  };
}

async function findByWords(db: Database, query: WordQuery): Promise<WordCandidate[]> {
  if (query.stems.length === 0) return [];
  const s = sql.raw('s');
  const position = sql`s.position`;
  const conditions = [sql`s.stems && ${query.stems}::text[]`, ...placeConditions(query.place, position), ...filterConditions(query.filters, s)];
  const distance = query.place ? distanceSql(query.place, position) : sql<number>`NULL::float8`;
  const need = query.needCategory
    ? sql`JOIN search_service_needs n ON n.service_id = s.service_id AND n.need_category = ${query.needCategory}`
    : sql``;
  const { rows } = await sql<RankedRow & { stem_weights: Array<number | null> }>`
    SELECT s.service_id, s.available, ${query.needCategory ? sql`n.band` : sql`0`}::int AS band,
      ${query.needCategory ? sql`n.level` : sql`0`}::int AS level,
      ${query.needCategory ? sql`n.standing` : sql`0`}::int AS standing,
      ${languageMatchSql(query.preferredLanguages, s)} AS language_match, ${distance}::int AS distance_metres,
      ${query.needCategory ? sql`n.matched_terms` : sql`'{}'::text[]`} AS matched_terms,
      ARRAY(SELECT (s.stem_weights ->> q.stem)::real FROM unnest(${query.stems}::text[]) WITH ORDINALITY AS q(stem, position) ORDER BY q.position) AS stem_weights
    FROM search_services s ${need}
    WHERE ${sql.join(conditions, sql` AND `)}
    -- Near a point, the covering position index is read nearest first (a GiST ordered scan inside the box), rather
    -- than every service of the directory that carries a common word.
    ORDER BY ${query.place ? sql`s.position <-> point(${query.place.longitude}::float8, ${query.place.latitude}::float8),` : sql``}
      distance_metres ASC NULLS LAST, s.service_id ASC
    LIMIT ${query.cap}`.execute(db);
  return rows.map((row) => ({ ...toRanked(row), standing: query.needCategory ? row.standing : 0, stemWeights: row.stem_weights.map((weight) => weight ?? 0) }));
}

async function countFacets(db: Database, query: FacetQuery): Promise<EngineFacets> {
  const alias = sql.raw(query.needCategory ? 'n' : 's');
  const position = sql`${alias}.position`;
  const conditions = [...placeConditions(query.place, position), ...filterConditions(query.filters, alias)];
  let from = sql`search_services s`;
  if (query.needCategory) {
    from = query.stems?.length
      ? sql`search_service_needs n JOIN search_services s ON s.service_id = n.service_id`
      : sql`search_service_needs n`;
    conditions.push(sql`n.need_category = ${query.needCategory}`);
  }
  if (query.stems?.length) conditions.push(sql`s.stems && ${query.stems}::text[]`);
  const where = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const organizations = query.countOrganizations ?? [];
  const { rows } = await sql<{ facet: string; value: string | null; count: number }>`
    WITH matched AS MATERIALIZED (
      SELECT ${alias}.languages, ${alias}.capacity_status, ${alias}.organization_id FROM ${from} ${where}
    )
    SELECT 'languages' AS facet, language AS value, count(*)::int AS count FROM matched, unnest(languages) AS language
      WHERE ${query.facets.includes('languages')} GROUP BY language
    UNION ALL
    SELECT 'capacityStatus', capacity_status, count(*)::int FROM matched WHERE ${query.facets.includes('capacityStatus')} GROUP BY capacity_status
    UNION ALL
    SELECT 'organizations', NULL, count(*)::int FROM matched WHERE organization_id = ANY(${organizations}::uuid[])`.execute(db);
  const result: EngineFacets = { counts: {}, organizations: 0 };
  for (const facet of query.facets) result.counts[facet] = {};
  for (const row of rows) {
    if (row.facet === 'organizations') result.organizations = row.count;
    else result.counts[row.facet as 'languages' | 'capacityStatus']![row.value!] = row.count;
  }
  return result;
}
