import { Meilisearch, MeilisearchApiError, type EnqueuedTaskPromise, type Index, type Settings } from 'meilisearch';
import type { Database } from '../db/pool.js';
import { languageCodesMatching } from './languages.js';
import { needRelevance, type NeedMapping } from './need-relevance.js';
import {
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT,
  type ServiceDocumentSource,
  type ServiceSearchDocument,
  type ServiceSearchEngine,
  type ServiceSearchHit,
  type ServiceSearchQuery,
  type ServiceSearchResult,
} from './port.js';

export interface MeilisearchEngineOptions {
  /** Read for need_taxonomy_map: synonyms and per-need scores are computed from it at indexing time. */
  db: Database;
  host: string;
  apiKey?: string;
  indexUid?: string;
}

/** A Meilisearch task that did not succeed, or a setting the engine could not apply. */
export class SearchEngineError extends Error {
  override name = 'SearchEngineError';
}

interface MeiliServiceDocument {
  id: string;
  serviceName: string;
  alternateName: string | null;
  description: string | null;
  organizationId: string;
  organizationName: string;
  locationId: string | null;
  serviceAtLocationId: string | null;
  address: string | null;
  postalCode: string | null;
  _geo?: { lat: number; lng: number };
  languages: string[];
  taxonomyTerms: string[];
  status: string;
  capacityStatus: string;
  /** Need categories this service meets, and per need (key: needKey) its score and the terms that matched. */
  needs: string[];
  needScore: Record<string, number>;
  needMatches: Record<string, string[]>;
}

const TASK_TIMEOUT_MS = 120_000;
const BATCH_SIZE = 1000;
/** Same radius as PostgreSQL's earthdistance, so both engines report the same distances. */
const EARTH_RADIUS_M = 6_378_168;

/**
 * The Meilisearch engine. Settings are code (`indexSettings`), applied idempotently before the first use
 * and on every full reindex. Every write waits for its task and fails loudly when the task failed
 * (a failed task does not make the client throw).
 */
export function createMeilisearchEngine(options: MeilisearchEngineOptions): ServiceSearchEngine {
  const client = new Meilisearch({ host: options.host, apiKey: options.apiKey });
  const uid = options.indexUid ?? 'services';
  let ready: Promise<void> | undefined;

  const loadMappings = async (): Promise<NeedMapping[]> => {
    const rows = await options.db.selectFrom('need_taxonomy_map').selectAll().execute();
    return rows.map((row) => ({
      needCategory: row.need_category,
      kind: row.kind as NeedMapping['kind'],
      value: row.value,
      weight: row.weight,
    }));
  };

  const prepare = async (indexUid: string, mappings: NeedMapping[]) => {
    if (!(await indexExists(client, indexUid))) {
      await completed(client.createIndex(indexUid, { primaryKey: 'id' }), `creating index ${indexUid}`);
    }
    await completed(client.index(indexUid).updateSettings(indexSettings(mappings)), `updating settings of ${indexUid}`);
  };

  const ensureReady = () => {
    ready ??= loadMappings()
      .then((mappings) => prepare(uid, mappings))
      .catch((error) => {
        ready = undefined;
        throw error;
      });
    return ready;
  };

  const addDocuments = async (index: Index<MeiliServiceDocument>, documents: ServiceSearchDocument[], mappings: NeedMapping[]) => {
    const prepared = documents.map((document) => toMeiliDocument(document, mappings));
    for (let start = 0; start < prepared.length; start += BATCH_SIZE) {
      await completed(index.addDocuments(prepared.slice(start, start + BATCH_SIZE)), `indexing services in ${index.uid}`);
    }
  };

  return {
    name: 'meilisearch',

    async indexServices(documents) {
      if (documents.length === 0) return;
      await ensureReady();
      await addDocuments(client.index<MeiliServiceDocument>(uid), documents, await loadMappings());
    },

    async deleteServices(serviceIds) {
      if (serviceIds.length === 0) return;
      await ensureReady();
      await completed(client.index(uid).deleteDocuments(serviceIds), `deleting services from ${uid}`);
    },

    async reindexAll(source: ServiceDocumentSource) {
      const mappings = await loadMappings();
      const staging = `${uid}_reindex_${Date.now()}`;
      await prepare(staging, mappings);
      try {
        await addDocuments(client.index<MeiliServiceDocument>(staging), await source(), mappings);
        await prepare(uid, mappings);
        // The swap is atomic: searches see the old index until the new one is complete.
        await completed(client.swapIndexes([{ indexes: [uid, staging], rename: false }]), `swapping ${staging} into ${uid}`);
      } finally {
        await completed(client.deleteIndex(staging), `deleting ${staging}`);
      }
      ready = Promise.resolve();
    },

    async search(query) {
      await ensureReady();
      return searchIndex(client.index<MeiliServiceDocument>(uid), query);
    },

    async health() {
      try {
        return await client.isHealthy();
      } catch {
        return false;
      }
    },
  };
}

/** Meilisearch attribute names cannot carry the hyphens of SDOHCC codes everywhere; use underscores. */
export function needKey(needCategory: string): string {
  return needCategory.replace(/[^a-zA-Z0-9_]/g, '_');
}

export function indexSettings(mappings: NeedMapping[]): Settings {
  const needs = [...new Set(mappings.map((mapping) => mapping.needCategory))].sort();
  return {
    searchableAttributes: ['serviceName', 'taxonomyTerms', 'alternateName', 'organizationName', 'description'],
    filterableAttributes: ['needs', 'languages', 'taxonomyTerms', 'status', 'capacityStatus', 'organizationId', '_geo'],
    sortableAttributes: ['_geo', 'serviceName', ...needs.map((need) => `needScore.${needKey(need)}`)],
    displayedAttributes: ['*'],
    // Sort first: for a need the precomputed need score decides, then distance, as in the PostgreSQL engine.
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
    synonyms: needSynonyms(mappings),
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
    pagination: { maxTotalHits: 10_000 },
    faceting: { maxValuesPerFacet: 500 },
  };
}

/** The synonyms of one need stand for each other in free text ("groceries" also finds "food"). */
function needSynonyms(mappings: NeedMapping[]): Record<string, string[]> {
  const byNeed = new Map<string, string[]>();
  for (const mapping of mappings) {
    if (mapping.kind !== 'synonym') continue;
    byNeed.set(mapping.needCategory, [...(byNeed.get(mapping.needCategory) ?? []), mapping.value.toLowerCase()]);
  }
  const synonyms: Record<string, Set<string>> = {};
  for (const words of byNeed.values()) {
    for (const word of words) {
      synonyms[word] ??= new Set();
      for (const other of words) if (other !== word) synonyms[word].add(other);
    }
  }
  return Object.fromEntries(Object.entries(synonyms).map(([word, others]) => [word, [...others].sort()]));
}

function toMeiliDocument(document: ServiceSearchDocument, mappings: NeedMapping[]): MeiliServiceDocument {
  const relevance = needRelevance(document, mappings);
  const { serviceId, latitude, longitude, ...fields } = document;
  return {
    id: serviceId,
    ...fields,
    ...(latitude !== null && longitude !== null ? { _geo: { lat: latitude, lng: longitude } } : {}),
    needs: [...relevance.keys()].sort(),
    needScore: Object.fromEntries([...relevance].map(([need, { score }]) => [needKey(need), score])),
    needMatches: Object.fromEntries([...relevance].map(([need, { matchedTerms }]) => [needKey(need), matchedTerms])),
  };
}

/** A string as a Meilisearch filter literal: always double-quoted, with quotes and backslashes escaped. */
export function filterString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function filterNumber(value: number): string {
  if (!Number.isFinite(value)) throw new SearchEngineError(`Not a finite number in a search filter: ${value}`);
  return String(value);
}

/** Builds the filter expression from typed query values only; user text never reaches it unquoted. */
export function buildFilter(query: ServiceSearchQuery): string[] {
  const filter = [`status = ${filterString('active')}`];
  if (query.needCategory) filter.push(`needs = ${filterString(query.needCategory)}`);
  if (query.language) filter.push(`languages IN [${languageCodesMatching(query.language).map(filterString).join(', ')}]`);
  if (query.organizationIds) filter.push(`organizationId IN [${query.organizationIds.map(filterString).join(', ')}]`);
  if (query.latitude !== undefined && query.longitude !== undefined && query.radiusKm !== undefined) {
    filter.push(
      `_geoRadius(${filterNumber(query.latitude)}, ${filterNumber(query.longitude)}, ${filterNumber(Math.round(query.radiusKm * 1000))})`,
    );
  }
  return filter;
}

export function buildSort(query: ServiceSearchQuery): string[] {
  const sort: string[] = [];
  if (query.needCategory) sort.push(`needScore.${needKey(query.needCategory)}:desc`);
  if (query.latitude !== undefined && query.longitude !== undefined) {
    sort.push(`_geoPoint(${filterNumber(query.latitude)}, ${filterNumber(query.longitude)}):asc`);
  }
  return sort;
}

const FACET_ATTRIBUTES = { languages: 'languages', taxonomyTerms: 'taxonomyTerms', capacityStatus: 'capacityStatus' } as const;

async function searchIndex(index: Index<MeiliServiceDocument>, query: ServiceSearchQuery): Promise<ServiceSearchResult> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_SEARCH_LIMIT), 1), MAX_SEARCH_LIMIT);
  const offset = Math.max(Math.trunc(query.offset ?? 0), 0);
  const text = query.text?.trim() ?? '';
  const facets = [...new Set(query.facets ?? [])];
  if (query.organizationIds?.length === 0) return { hits: [], total: 0, facets: Object.fromEntries(facets.map((facet) => [facet, {}])) };
  const response = await index.search(text, {
    filter: buildFilter(query),
    sort: buildSort(query),
    limit,
    offset,
    facets: facets.map((facet) => FACET_ATTRIBUTES[facet]),
    attributesToHighlight: text ? ['taxonomyTerms'] : [],
    highlightPreTag: '\u0001',
    highlightPostTag: '\u0002',
    showRankingScore: true,
  });
  const hits = response.hits.map((hit): ServiceSearchHit => {
    const key = query.needCategory ? needKey(query.needCategory) : undefined;
    const highlighted = (hit._formatted?.taxonomyTerms ?? []) as string[];
    const textTerms = text ? hit.taxonomyTerms.filter((_, position) => highlighted[position]?.includes('\u0001')) : [];
    const needScore = key ? (hit.needScore[key] ?? 0) : 0;
    const textScore = text ? Math.min(9, Math.floor(10 * (hit._rankingScore ?? 0))) : 0;
    return {
      serviceId: hit.id,
      serviceName: hit.serviceName,
      organizationId: hit.organizationId,
      organizationName: hit.organizationName,
      locationId: hit.locationId,
      serviceAtLocationId: hit.serviceAtLocationId,
      address: hit.address,
      distanceKm:
        hit._geo && query.latitude !== undefined && query.longitude !== undefined
          ? Math.round(distanceMetres(hit._geo.lat, hit._geo.lng, query.latitude, query.longitude) / 10) / 100
          : null,
      languages: hit.languages,
      taxonomyTerms: hit.taxonomyTerms,
      matchedTerms: [...new Set([...(key ? (hit.needMatches[key] ?? []) : []), ...textTerms])],
      score: needScore + textScore,
    };
  });
  const facetDistribution = response.facetDistribution ?? {};
  return {
    hits,
    total: response.estimatedTotalHits ?? hits.length,
    facets: Object.fromEntries(facets.map((facet) => [facet, facetDistribution[FACET_ATTRIBUTES[facet]] ?? {}])),
  };
}

async function indexExists(client: Meilisearch, uid: string): Promise<boolean> {
  try {
    await client.getRawIndex(uid);
    return true;
  } catch (error) {
    if (error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found') return false;
    throw error;
  }
}

async function completed(enqueued: EnqueuedTaskPromise, what: string): Promise<void> {
  const task = await enqueued.waitTask({ timeout: TASK_TIMEOUT_MS });
  if (task.status === 'failed') {
    throw new SearchEngineError(`Meilisearch task ${task.uid} (${what}) failed: ${task.error?.message ?? 'no reason given'}`);
  }
  if (task.status !== 'succeeded') {
    throw new SearchEngineError(`Meilisearch task ${task.uid} (${what}) ended ${task.status}.`);
  }
}

function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const radians = Math.PI / 180;
  const dLat = (lat2 - lat1) * radians;
  const dLon = (lon2 - lon1) * radians;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * radians) * Math.cos(lat2 * radians) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}
