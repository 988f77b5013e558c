import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/pool.js';
import type { DB } from '../db/schema.js';
import { languageCodesMatching } from './languages.js';
import {
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT,
  type ServiceDocumentSource,
  type ServiceSearchDocument,
  type ServiceSearchEngine,
  type ServiceSearchFacet,
  type ServiceSearchHit,
  type ServiceSearchQuery,
  type ServiceSearchResult,
} from './port.js';

const WRITE_CHUNK = 1000;
/** word_similarity at or above which a typed word counts as a typo of a word in the service's name or terms. */
const FUZZY_THRESHOLD = 0.5;

/**
 * The embedded search engine: the index is the service_search_documents table.
 *
 * Ranking for a need: services carrying one of the need's taxonomy terms first, by the best term weight; then
 * services found only through the need's synonyms (tsvector, English stemming), by how many matched; plus
 * free-text relevance; folded into one discrete score, equal scores nearest first (earthdistance). Free text matches the tsvector or, for typos,
 * pg_trgm word similarity on the service's name, organisation and terms. At directory scale (thousands of
 * services) every query is a few milliseconds without a geo index.
 */
export function createPostgresSearchEngine(db: Database): ServiceSearchEngine {
  return {
    name: 'postgres',

    async indexServices(documents) {
      for (let start = 0; start < documents.length; start += WRITE_CHUNK) {
        await writeDocuments(db, documents.slice(start, start + WRITE_CHUNK));
      }
    },

    async deleteServices(serviceIds) {
      if (serviceIds.length === 0) return;
      await db.deleteFrom('service_search_documents').where('service_id', 'in', serviceIds).execute();
    },

    async reindexAll(source: ServiceDocumentSource) {
      const documents = await source();
      // One transaction: readers see the old index until the new one is complete.
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('service_search_documents').execute();
        await trx.deleteFrom('service_search_words').execute();
        for (let start = 0; start < documents.length; start += WRITE_CHUNK) {
          await writeDocuments(trx, documents.slice(start, start + WRITE_CHUNK));
        }
      });
    },

    search: (query) => searchServices(db, query),

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

async function writeDocuments(db: Database | Transaction<DB>, documents: ServiceSearchDocument[]): Promise<void> {
  if (documents.length === 0) return;
  const rows = documents.map((document) => ({
    service_id: document.serviceId,
    service_name: document.serviceName,
    alternate_name: document.alternateName,
    organization_id: document.organizationId,
    organization_name: document.organizationName,
    location_id: document.locationId,
    service_at_location_id: document.serviceAtLocationId,
    address: document.address,
    postal_code: document.postalCode,
    latitude: document.latitude,
    longitude: document.longitude,
    languages: document.languages,
    taxonomy_terms: document.taxonomyTerms,
    status: document.status,
    capacity_status: document.capacityStatus,
    description: document.description,
  }));
  await sql`
    INSERT INTO service_search_documents (service_id, service_name, organization_id, organization_name, location_id,
      service_at_location_id, address, postal_code, latitude, longitude, languages, taxonomy_terms, status, capacity_status,
      description, search_text, document, indexed_at)
    SELECT r.service_id, r.service_name, r.organization_id, r.organization_name, r.location_id, r.service_at_location_id,
      r.address, r.postal_code, r.latitude, r.longitude, r.languages, r.taxonomy_terms, r.status, r.capacity_status,
      r.description,
      lower(unaccent(concat_ws(' ', r.service_name, r.alternate_name, r.organization_name, array_to_string(r.taxonomy_terms, ' ')))),
      setweight(to_tsvector('english', unaccent(concat_ws(' ', r.service_name, r.alternate_name))), 'A')
        || setweight(to_tsvector('english', unaccent(array_to_string(r.taxonomy_terms, ' '))), 'A')
        || setweight(to_tsvector('english', unaccent(r.organization_name)), 'B')
        || setweight(to_tsvector('english', unaccent(coalesce(r.description, ''))), 'C'),
      now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(service_id uuid, service_name text, alternate_name text,
      organization_id uuid, organization_name text, location_id uuid, service_at_location_id uuid, address text,
      postal_code text, latitude double precision, longitude double precision, languages text[], taxonomy_terms text[],
      status text, capacity_status text, description text)
    ON CONFLICT (service_id) DO UPDATE SET
      service_name = excluded.service_name, organization_id = excluded.organization_id,
      organization_name = excluded.organization_name, location_id = excluded.location_id,
      service_at_location_id = excluded.service_at_location_id, address = excluded.address,
      postal_code = excluded.postal_code, latitude = excluded.latitude, longitude = excluded.longitude,
      languages = excluded.languages, taxonomy_terms = excluded.taxonomy_terms, status = excluded.status,
      capacity_status = excluded.capacity_status, description = excluded.description,
      search_text = excluded.search_text, document = excluded.document, indexed_at = excluded.indexed_at`.execute(db);
  const serviceIds = documents.map((document) => document.serviceId);
  await sql`
    INSERT INTO service_search_words (word)
    SELECT DISTINCT word FROM service_search_documents d,
      regexp_split_to_table(d.search_text || ' ' || lower(unaccent(coalesce(d.description, ''))), '[^a-z0-9]+') AS word
    WHERE d.service_id = ANY(${serviceIds}::uuid[]) AND length(word) >= 3
    ON CONFLICT (word) DO NOTHING`.execute(db);
}

interface HitRow {
  service_id: string;
  service_name: string;
  organization_id: string;
  organization_name: string;
  location_id: string | null;
  service_at_location_id: string | null;
  address: string | null;
  languages: string[];
  taxonomy_terms: string[];
  distance_km: number | null;
  matched_terms: string[];
  score: number;
  total: number;
}

export async function searchServices(db: Database, query: ServiceSearchQuery): Promise<ServiceSearchResult> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_SEARCH_LIMIT), 1), MAX_SEARCH_LIMIT);
  const offset = Math.max(Math.trunc(query.offset ?? 0), 0);
  const candidates = candidatesQuery(query);

  const { rows } = await sql<HitRow>`
    WITH ${candidates}
    SELECT *, count(*) OVER ()::int AS total FROM ranked
    ORDER BY score DESC, distance_km ASC NULLS LAST, service_name, service_id
    LIMIT ${limit} OFFSET ${offset}`.execute(db);

  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && offset > 0) {
    const counted = await sql<{ total: number }>`WITH ${candidates} SELECT count(*)::int AS total FROM ranked`.execute(db);
    total = counted.rows[0].total;
  }
  const facets: ServiceSearchResult['facets'] = {};
  for (const facet of new Set(query.facets ?? [])) {
    facets[facet] = await facetCounts(db, candidates, facet);
  }
  return { hits: rows.map(toHit), total, facets };
}

const FACET_COLUMNS: Record<ServiceSearchFacet, RawBuilder<unknown>> = {
  languages: sql`unnest(languages)`,
  taxonomyTerms: sql`unnest(taxonomy_terms)`,
  capacityStatus: sql`capacity_status`,
};

async function facetCounts(db: Database, candidates: RawBuilder<unknown>, facet: ServiceSearchFacet) {
  const { rows } = await sql<{ value: string; count: number }>`
    WITH ${candidates}
    SELECT value, count(*)::int AS count FROM (SELECT ${FACET_COLUMNS[facet]} AS value FROM ranked) v
    GROUP BY value ORDER BY count DESC, value`.execute(db);
  return Object.fromEntries(rows.map((row) => [row.value, row.count]));
}

/** CTEs ending in `ranked`: every matching service with its distance, matched terms and score. */
function candidatesQuery(query: ServiceSearchQuery): RawBuilder<unknown> {
  const text = query.text?.trim() ? query.text.trim() : null;
  const need = query.needCategory ?? null;
  const hasPoint = query.latitude !== undefined && query.longitude !== undefined;
  const point = hasPoint ? sql`ll_to_earth(${query.latitude}::float8, ${query.longitude}::float8)` : null;
  const distance = point
    ? sql`CASE WHEN d.latitude IS NULL OR d.longitude IS NULL THEN NULL
        ELSE round((earth_distance(ll_to_earth(d.latitude, d.longitude), ${point}) / 1000)::numeric, 2)::float8 END`
    : sql`NULL::float8`;

  const filters: RawBuilder<unknown>[] = [sql`d.status = 'active'`];
  if (query.language) filters.push(sql`d.languages && ${languageCodesMatching(query.language)}::text[]`);
  if (query.organizationIds) filters.push(sql`d.organization_id = ANY(${query.organizationIds}::uuid[])`);
  if (point && query.radiusKm !== undefined) {
    filters.push(sql`d.latitude IS NOT NULL AND d.longitude IS NOT NULL
      AND earth_box(${point}, ${query.radiusKm * 1000}::float8) @> ll_to_earth(d.latitude, d.longitude)
      AND earth_distance(ll_to_earth(d.latitude, d.longitude), ${point}) <= ${query.radiusKm * 1000}::float8`);
  }
  if (need) {
    filters.push(sql`(d.taxonomy_terms && (SELECT terms FROM need) OR d.document @@ (SELECT any_synonym FROM need))`);
  }
  if (text) {
    filters.push(sql`(d.document @@ (SELECT q FROM typed) OR word_similarity((SELECT words FROM typed), d.search_text) >= ${FUZZY_THRESHOLD})`);
  }

  // Scores are discrete so that "equal relevance, nearest first" is well defined: best term weight (hundredths)
  // * 100, or, without a mapped term, matched synonyms (at most 9) * 10; plus free-text relevance (0..9).
  // A mapped term's own words always match synonyms, so counting them there would let one stray word in a
  // description outrank kilometres of distance.
  return sql`
    need_synonyms AS MATERIALIZED (
      SELECT value, plainto_tsquery('english', unaccent(value)) AS q FROM need_taxonomy_map
      WHERE need_category = ${need} AND kind = 'synonym'
    ),
    need AS MATERIALIZED (
      SELECT
        coalesce((SELECT array_agg(value) FROM need_taxonomy_map WHERE need_category = ${need} AND kind = 'taxonomy_term'), '{}') AS terms,
        coalesce((SELECT string_agg('(' || q::text || ')', ' | ')::tsquery FROM need_synonyms WHERE numnode(q) > 0), ''::tsquery) AS any_synonym
    ),
    typed AS MATERIALIZED (
      -- What was typed, OR each word replaced by its nearest indexed word (pg_trgm similarity >= 0.3).
      SELECT websearch_to_tsquery('english', unaccent(input.text)) || plainto_tsquery('english', coalesce((
          SELECT string_agg(coalesce((
              SELECT w.word FROM service_search_words w WHERE w.word % part ORDER BY w.word <-> part, w.word LIMIT 1
            ), part), ' ')
          FROM regexp_split_to_table(lower(unaccent(input.text)), '[^a-z0-9]+') AS part WHERE part <> ''
        ), '')) AS q,
        lower(unaccent(input.text)) AS words
      FROM (SELECT coalesce(${text}::text, '') AS text) input
    ),
    matched AS (
      SELECT d.*, ${distance} AS distance_km,
        (SELECT max(m.weight) FROM need_taxonomy_map m
          WHERE m.need_category = ${need} AND m.kind = 'taxonomy_term' AND m.value = ANY(d.taxonomy_terms)) AS term_weight,
        ARRAY(SELECT m.value FROM need_taxonomy_map m
          WHERE m.need_category = ${need} AND m.kind = 'taxonomy_term' AND m.value = ANY(d.taxonomy_terms)
          ORDER BY m.weight DESC, m.value) AS need_terms,
        ARRAY(SELECT s.value FROM need_synonyms s WHERE numnode(s.q) > 0 AND d.document @@ s.q ORDER BY s.value) AS need_synonyms,
        ${
          text
            ? sql`ARRAY(SELECT t FROM unnest(d.taxonomy_terms) t
                WHERE to_tsvector('english', unaccent(t)) @@ (SELECT q FROM typed)
                  OR word_similarity((SELECT words FROM typed), lower(unaccent(t))) >= ${FUZZY_THRESHOLD}
                ORDER BY t)`
            : sql`'{}'::text[]`
        } AS text_terms,
        ${
          text
            ? sql`least(9, floor(10 * greatest(
                ts_rank_cd(d.document, (SELECT q FROM typed), 32),
                word_similarity((SELECT words FROM typed), d.search_text))))::int`
            : sql`0`
        } AS text_score
      FROM service_search_documents d
      WHERE ${sql.join(filters, sql` AND `)}
    ),
    ranked AS (
      SELECT service_id, service_name, organization_id, organization_name, location_id, service_at_location_id, address,
        languages, taxonomy_terms, distance_km,
        ARRAY(SELECT term FROM unnest(need_terms || need_synonyms || text_terms) WITH ORDINALITY AS u(term, position)
          GROUP BY term ORDER BY min(position)) AS matched_terms,
        (CASE WHEN term_weight IS NOT NULL THEN round(term_weight * 100) * 100 ELSE least(cardinality(need_synonyms), 9) * 10 END
          + text_score)::float8 AS score
      FROM matched
      ${need ? sql`WHERE term_weight IS NOT NULL OR cardinality(need_synonyms) > 0` : sql``}
    )`;
}

function toHit(row: HitRow): ServiceSearchHit {
  return {
    serviceId: row.service_id,
    serviceName: row.service_name,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    locationId: row.location_id,
    serviceAtLocationId: row.service_at_location_id,
    address: row.address,
    distanceKm: row.distance_km,
    languages: row.languages,
    taxonomyTerms: row.taxonomy_terms,
    matchedTerms: row.matched_terms,
    score: row.score,
  };
}
