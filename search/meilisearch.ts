import { Meilisearch, MeilisearchApiError, MeilisearchRequestError, type EnqueuedTaskPromise, type Index, type IndexSwap, type SearchParams, type SearchResponse, type Settings } from 'meilisearch';
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
import { Agent, request } from 'undici';
import { coverCircle, geoCellsOf } from './geo-cells.js';
import { NO_MAXIMUM_AGE, NO_MINIMUM_AGE } from './postgres.js';
import { compareRanked, distanceMetres, exactDistanceMetres, staticRank } from './ranking.js';

export interface MeilisearchEngineOptions {
  host: string;
  apiKey?: string;
  indexUid?: string;
}

/** The oldest Meilisearch this engine works with: multi-search, exhaustive totals with hitsPerPage, swaps. */
export const MINIMUM_MEILISEARCH_VERSION = '1.3.0';

/** A Meilisearch task that did not succeed, or a server this engine cannot use. */
export class SearchEngineError extends Error {
  override name = 'SearchEngineError';
}

interface MeiliService {
  id: string;
  document: ServiceSearchDocument;
  status: string;
  available: number;
  capacityStatus: string;
  languages: string[];
  organizationId: string;
  minimumAge: number;
  maximumAge: number;
  _geo?: { lat: number; lng: number };
  /** The grid cells that hold the service's position (geo-cells.ts), none without one. */
  geoCells: string[];
  /** Needs the service meets; per need (key: needKey) its rank (ranking.ts staticRank), band and matched terms. */
  needs: string[];
  needRank: Record<string, number>;
  needBand: Record<string, number>;
  needLevel: Record<string, number>;
  needMatches: Record<string, string[]>;
  standing: number;
  stems: string[];
  /** "stem weight" pairs: a list rather than an object, so that stems never become index fields. */
  stemWeights: string[];
  /** Quarter hours of the week the service is open (IndexedService.openSlots). */
  openSlots: number[];
}

const TASK_TIMEOUT_MS = 300_000;
const BATCH_SIZE = 1000;
/** More than a page is fetched from each sorted list, so that points Meilisearch holds equally distant (within a metre) still end up in ranking order. */
const NEAR_TIE_MARGIN = 10;
const MAX_TOTAL_HITS = 100_000;

const meilisearchConnections = new Agent({ keepAliveTimeout: 10_000 });

/** The server's answer to a failed request (its code in `cause.code`), however the client wrapped it. */
function serverError(error: unknown): MeilisearchApiError | undefined {
  if (error instanceof MeilisearchApiError) return error;
  if (error instanceof MeilisearchRequestError && error.cause instanceof MeilisearchApiError) return error.cause;
  return undefined;
}

/**
 * How the client reaches the server: undici's request() rather than fetch(), which sent each
 * request's body in a write of its own after the headers and waited for the server's delayed
 * acknowledgement in between: 48 ms for every search that takes the server 3 ms. Answers are the
 * parsed body; the server's errors are MeilisearchApiError, which the client hands on wrapped in a
 * MeilisearchRequestError (serverError() unwraps it).
 */
async function meilisearchHttp(url: string | URL | Request, init: RequestInit = {}): Promise<unknown> {
  const target = url instanceof Request ? url.url : String(url);
  let answer: Awaited<ReturnType<typeof request>>;
  try {
    answer = await request(target, {
      method: (init.method ?? 'GET') as 'GET',
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: typeof init.body === 'string' ? init.body : undefined,
      signal: init.signal ?? undefined,
      dispatcher: meilisearchConnections,
    });
  } catch (error) {
    throw new MeilisearchRequestError(target, error);
  }
  const text = await answer.body.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (answer.statusCode < 200 || answer.statusCode >= 300) {
    throw new MeilisearchApiError(new Response(text, { status: answer.statusCode }), parsed as never);
  }
  return parsed;
}

/**
 * The Meilisearch engine. Settings are code (`indexSettings`), applied idempotently when the engine is
 * prepared and on every full reindex; the server's version is checked first. Every write waits for its task
 * and fails loudly when the task failed (a failed task does not make the client throw).
 */
export function createMeilisearchEngine(options: MeilisearchEngineOptions): ServiceSearchEngine {
  const client = new Meilisearch({ host: options.host, apiKey: options.apiKey, httpClient: meilisearchHttp });
  const uid = options.indexUid ?? 'services';
  const stagingPrefix = `${uid}_reindex_`;
  let ready: Promise<void> | undefined;
  /** Whether every document carries its grid cells; an index an earlier version built has none, and is searched by _geoRadius until rebuilt. */
  let cellsIndexed = false;

  const ensureIndex = async (indexUid: string) => {
    if (!(await indexExists(client, indexUid))) {
      await completed(client.createIndex(indexUid, { primaryKey: 'id' }), `creating index ${indexUid}`);
    }
    // Only when they differ: an update is a task, and on a full index a costly one.
    const desired = indexSettings();
    if (settingsDiffer(await client.index(indexUid).getSettings(), desired)) {
      await completed(client.index(indexUid).updateSettings(desired), `updating settings of ${indexUid}`);
    }
  };

  const ensureReady = () => {
    ready ??= (async () => {
      await checkVersion(client);
      await ensureIndex(uid);
      cellsIndexed = !(await holdsOlderDocuments(client.index(uid)));
    })().catch((error) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };

  const search = (indexUid = uid) => client.index<MeiliService>(indexUid);

  return {
    name: 'meilisearch',
    prepare: ensureReady,

    async indexServices(services) {
      if (services.length === 0) return;
      await ensureReady();
      const documents = services.map(toMeili);
      for (let start = 0; start < documents.length; start += BATCH_SIZE) {
        await completed(search().addDocuments(documents.slice(start, start + BATCH_SIZE)), `indexing services in ${uid}`);
      }
    },

    async deleteServices(serviceIds) {
      if (serviceIds.length === 0) return;
      await ensureReady();
      await completed(search().deleteDocuments(serviceIds), `deleting services from ${uid}`);
    },

    async reindexAll(source: ServiceDocumentSource, onProgress) {
      await checkVersion(client);
      // A reindex that died half-way leaves its staging index behind.
      const { results } = await client.getIndexes({ limit: 1000 });
      for (const stale of results.filter((index) => index.uid.startsWith(stagingPrefix))) {
        await completed(client.deleteIndex(stale.uid), `deleting ${stale.uid}`);
      }
      const staging = `${stagingPrefix}${Date.now()}`;
      await ensureIndex(staging);
      let indexed = 0;
      try {
        for await (const batch of source()) {
          for (let start = 0; start < batch.length; start += BATCH_SIZE) {
            await completed(search(staging).addDocuments(batch.slice(start, start + BATCH_SIZE).map(toMeili)), `indexing services in ${staging}`);
          }
          indexed += batch.length;
          onProgress?.({ indexed });
        }
        await ensureIndex(uid);
        // The swap is atomic: searches see the old index until the new one is complete. No `rename`
        // field: servers before v1.18 refuse it, and swapping two existing indexes does not need it.
        const swap = { indexes: [uid, staging] } as IndexSwap;
        await completed(client.swapIndexes([swap]), `swapping ${staging} into ${uid}`);
      } finally {
        await completed(client.deleteIndex(staging), `deleting ${staging}`);
      }
      ready = Promise.resolve();
      cellsIndexed = true;
      return { indexed };
    },

    async findForNeed(query) {
      await ensureReady();
      return findForNeed(client, uid, query, cellsIndexed);
    },

    async findByWords(query) {
      await ensureReady();
      return findByWords(client, uid, query, cellsIndexed);
    },

    async countFacets(query) {
      await ensureReady();
      return countFacets(client, uid, query, cellsIndexed);
    },

    async getDocuments(serviceIds) {
      if (serviceIds.length === 0) return [];
      await ensureReady();
      const { results } = await search().getDocuments({ ids: serviceIds, fields: ['id', 'document'], limit: serviceIds.length });
      const byId = new Map(results.map((hit) => [hit.id, hit.document]));
      return serviceIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
    },

    async countServices() {
      await ensureReady();
      return (await search().getStats()).numberOfDocuments;
    },

    async indexIsCurrent() {
      await ensureReady();
      return cellsIndexed;
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

/** Throws one sentence naming both versions when the server is older than MINIMUM_MEILISEARCH_VERSION. */
export async function checkVersion(client: Pick<Meilisearch, 'getVersion'>): Promise<string> {
  const { pkgVersion } = await client.getVersion();
  if (compareVersions(pkgVersion, MINIMUM_MEILISEARCH_VERSION) < 0) {
    throw new SearchEngineError(`Meilisearch ${pkgVersion} is too old: CareLoop needs Meilisearch ${MINIMUM_MEILISEARCH_VERSION} or newer.`);
  }
  return pkgVersion;
}

export function compareVersions(a: string, b: string): number {
  const parts = (version: string) => version.replace(/^v/, '').split(/[.-]/).slice(0, 3).map((part) => Number.parseInt(part, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** Meilisearch attribute names hold no hyphens in sort expressions; need codes become underscores. */
export function needKey(needCategory: string): string {
  return needCategory.replace(/[^a-zA-Z0-9_]/g, '_');
}

export function indexSettings(): Settings {
  return {
    // Nothing is searched as text: relevance comes from the stored needs and stems (search/relevance.ts).
    searchableAttributes: ['document.serviceName'],
    filterableAttributes: ['needs', 'languages', 'capacityStatus', 'organizationId', 'minimumAge', 'maximumAge', 'stems', 'status', 'openSlots', 'geoCells', '_geo'],
    // Declaring the parent makes every need's rank sortable, including a need added after the settings were applied.
    sortableAttributes: ['needRank', 'id', '_geo'],
    displayedAttributes: ['*'],
    typoTolerance: { enabled: false },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    faceting: { maxValuesPerFacet: 1000 },
  };
}

/** Whether the index's settings lack any of `desired` (lists compared as sets: the server may reorder them). */
export function settingsDiffer(current: Settings, desired: Settings): boolean {
  const same = (a: unknown, b: unknown): boolean => {
    if (Array.isArray(b)) return Array.isArray(a) && JSON.stringify([...a].map(String).sort()) === JSON.stringify([...b].map(String).sort());
    if (b && typeof b === 'object') return !!a && typeof a === 'object' && Object.entries(b).every(([key, value]) => same((a as Record<string, unknown>)[key], value));
    return a === b;
  };
  return !same(current, desired);
}

function toMeili(service: IndexedService): MeiliService {
  const { document } = service;
  return {
    id: document.serviceId,
    document,
    status: document.status,
    available: service.available ? 1 : 0,
    capacityStatus: document.capacityStatus,
    languages: service.languages,
    organizationId: document.organizationId,
    minimumAge: document.minimumAge ?? NO_MINIMUM_AGE,
    maximumAge: document.maximumAge ?? NO_MAXIMUM_AGE,
    ...(document.latitude !== null && document.longitude !== null ? { _geo: { lat: document.latitude, lng: document.longitude } } : {}),
    geoCells: document.latitude !== null && document.longitude !== null ? geoCellsOf(document.latitude, document.longitude) : [],
    needs: service.needs.map((need) => need.needCategory).sort(),
    needRank: Object.fromEntries(
      service.needs.map((need) => [needKey(need.needCategory), staticRank({ available: service.available, band: need.band, level: need.level, standing: service.standing })]),
    ),
    needBand: Object.fromEntries(service.needs.map((need) => [needKey(need.needCategory), need.band])),
    needLevel: Object.fromEntries(service.needs.map((need) => [needKey(need.needCategory), need.level])),
    needMatches: Object.fromEntries(service.needs.map((need) => [needKey(need.needCategory), need.matchedTerms])),
    standing: service.standing,
    stems: Object.keys(service.stemWeights).sort(),
    stemWeights: Object.entries(service.stemWeights).map(([stem, weight]) => `${stem} ${weight}`),
    openSlots: service.openSlots,
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

function list(values: string[]): string {
  return `[${values.map(filterString).join(', ')}]`;
}

/** The filter expression, from typed values only; no text a person typed reaches it unquoted. The place is circleFilters'. */
export function buildFilter(query: { needCategory?: string; stems?: string[]; filters: SearchFilters }): string[] {
  const filter: string[] = [];
  if (query.needCategory) filter.push(`needs = ${filterString(query.needCategory)}`);
  if (query.stems?.length) filter.push(`stems IN ${list(query.stems)}`);
  const { filters } = query;
  if (filters.requiredLanguages) filter.push(`languages IN ${list(filters.requiredLanguages)}`);
  if (filters.ageRange) filter.push(`minimumAge <= ${filterNumber(filters.ageRange[1])}`, `maximumAge >= ${filterNumber(filters.ageRange[0])}`);
  if (filters.capacity) filter.push(`capacityStatus IN ${list(filters.capacity)}`);
  if (filters.organizationIds) filter.push(`organizationId IN ${list(filters.organizationIds)}`);
  if (filters.openSlot !== undefined) filter.push(`openSlots = ${filterNumber(filters.openSlot)}`);
  return filter;
}

/**
 * How a search reaches the services within its circle. `inside` selects only services within it (null: no service
 * can be; undefined: no place, so no condition); `edge`, when there is one, selects the others among services
 * beyond it, every one of which the engine measures (withinCircle). Without grid cells, or for a circle the grid
 * does not cover, _geoRadius does it all.
 */
export interface CircleFilters {
  inside: string | null | undefined;
  edge: string | null;
}

export function circleFilters(place: SearchPlace | undefined, useCells: boolean): CircleFilters {
  if (!place) return { inside: undefined, edge: null };
  const [latitude, longitude, radius] = [place.latitude, place.longitude, place.radiusMetres].map(filterNumber);
  const cover = useCells ? coverCircle(place.latitude, place.longitude, place.radiusMetres) : undefined;
  if (!cover) return { inside: `_geoRadius(${latitude}, ${longitude}, ${radius})`, edge: null };
  return {
    inside: cover.inside.length ? `geoCells IN ${list(cover.inside)}` : null,
    edge: cover.edge.length ? `geoCells IN ${list(cover.edge)}` : null,
  };
}

/** The same comparison as _geoRadius's, and as the PostgreSQL engine's. */
function withinCircle(hit: Pick<MeiliService, '_geo'>, place: SearchPlace | undefined): boolean {
  return !!place && !!hit._geo && exactDistanceMetres(place.latitude, place.longitude, hit._geo.lat, hit._geo.lng) <= place.radiusMetres;
}

type IndexSearch = SearchParams & { indexUid: string };

/**
 * One multi-search over a place's circle. Each of `inside` (its filter without the place) runs with the circle's
 * inside condition, and not at all when no service can be inside; when the circle has an edge, every service of the
 * edge that `base` selects comes back too, with `edgeFields`, and those within the circle are kept. Edge services
 * are few: a ring a quarter of the radius wide at most.
 */
async function searchCircle(
  client: Meilisearch,
  uid: string,
  { place, useCells }: { place: SearchPlace | undefined; useCells: boolean },
  inside: Array<SearchParams & { filter: string[] }>,
  edge: { base: string[]; fields: string[] },
): Promise<{ inside: Array<SearchResponse<MeiliService>>; edge: MeiliService[] }> {
  const circle = circleFilters(place, useCells);
  const queries: IndexSearch[] =
    circle.inside === null ? [] : inside.map((search) => ({ indexUid: uid, q: '', ...search, filter: circle.inside ? [...search.filter, circle.inside] : search.filter }));
  const insideCount = queries.length;
  if (circle.edge) queries.push({ indexUid: uid, q: '', filter: [...edge.base, circle.edge], hitsPerPage: MAX_TOTAL_HITS, page: 1, attributesToRetrieve: edge.fields });
  if (queries.length === 0) return { inside: [], edge: [] };
  const { results } = await client.multiSearch<{ queries: IndexSearch[] }, MeiliService>({ queries });
  return {
    inside: results.slice(0, insideCount) as Array<SearchResponse<MeiliService>>,
    edge: circle.edge ? results[insideCount].hits.filter((hit) => withinCircle(hit, place)) : [],
  };
}

function speaks(hit: Pick<MeiliService, 'languages'>, preferred: Set<string>): boolean {
  return (hit.languages ?? []).some((code) => preferred.has(code));
}

function geoSort(place: SearchPlace | undefined): string[] {
  return place ? [`_geoPoint(${filterNumber(place.latitude)}, ${filterNumber(place.longitude)}):asc`] : [];
}

export function buildNeedSort(needCategory: string, place: SearchPlace | undefined): string[] {
  return [`needRank.${needKey(needCategory)}:desc`, ...geoSort(place), 'id:asc'];
}

function rankedFrom(hit: MeiliService, needCategory: string | undefined, place: SearchPlace | undefined, languageMatch: boolean): RankedService {
  const key = needCategory ? needKey(needCategory) : undefined;
  return {
    ...(hit.document ? { document: hit.document } : {}),
    serviceId: hit.id,
    available: hit.available === 1,
    band: key ? (hit.needBand?.[key] ?? 0) : 0,
    level: key ? (hit.needLevel?.[key] ?? 0) : 0,
    standing: key ? hit.standing : 0,
    languageMatch,
    distanceMetres: place && hit._geo ? distanceMetres(place.latitude, place.longitude, hit._geo.lat, hit._geo.lng) : null,
    matchedTerms: key ? (hit.needMatches?.[key] ?? []) : [],
  };
}

// Whole objects rather than `needBand.<need>`: a nested field that first appears in a document added after the
// index was built is not returned by path (Meilisearch 1.50), while its parent object is.
function retrievedFor(needCategory: string | undefined, extra: string[] = []): string[] {
  return ['id', 'available', 'standing', '_geo', ...(needCategory ? ['needBand', 'needLevel', 'needMatches'] : []), ...extra];
}

/**
 * Meilisearch sorts by stored values only, and the patient's language is not one: a preferred language makes
 * two sorted lists (services that list it, and the others), merged here by the one ranking, with the circle's
 * edge services that are within it.
 */
async function findForNeed(client: Meilisearch, uid: string, query: NeedQuery, useCells: boolean): Promise<{ total: number; services: RankedService[] }> {
  const base = buildFilter({ needCategory: query.needCategory, filters: query.filters });
  const window = query.offset + query.limit + NEAR_TIE_MARGIN;
  const common: SearchParams = {
    sort: buildNeedSort(query.needCategory, query.place),
    hitsPerPage: Math.min(window, MAX_TOTAL_HITS),
    page: 1,
    attributesToRetrieve: retrievedFor(query.needCategory, ['document']),
  };
  const preferred = query.preferredLanguages?.length ? query.preferredLanguages : undefined;
  const lists = preferred
    ? [
        { filter: [...base, `languages IN ${list(preferred)}`], languageMatch: true },
        { filter: [...base, `languages NOT IN ${list(preferred)}`], languageMatch: false },
      ]
    : [{ filter: base, languageMatch: false }];
  const found = await searchCircle(
    client,
    uid,
    { place: query.place, useCells },
    lists.map((part) => ({ ...common, filter: part.filter })),
    { base, fields: retrievedFor(query.needCategory, ['languages']) },
  );
  let total = found.edge.length;
  const merged: RankedService[] = [];
  found.inside.forEach((result, position) => {
    total += result.totalHits ?? 0;
    for (const hit of result.hits) merged.push(rankedFrom(hit, query.needCategory, query.place, lists[position].languageMatch));
  });
  const speaksPreferred = new Set(preferred ?? []);
  for (const hit of found.edge) merged.push(rankedFrom(hit, query.needCategory, query.place, speaks(hit, speaksPreferred)));
  merged.sort(compareRanked);
  return { total, services: merged.slice(query.offset, query.offset + query.limit) };
}

async function findByWords(client: Meilisearch, uid: string, query: WordQuery, useCells: boolean): Promise<WordCandidate[]> {
  if (query.stems.length === 0) return [];
  const base = buildFilter({ needCategory: query.needCategory, stems: query.stems, filters: query.filters });
  const fields = retrievedFor(query.needCategory, ['languages', 'stemWeights']);
  const found = await searchCircle(
    client,
    uid,
    { place: query.place, useCells },
    [{ filter: base, sort: [...geoSort(query.place), 'id:asc'], limit: query.cap, attributesToRetrieve: fields }],
    { base, fields },
  );
  const preferred = new Set(query.preferredLanguages ?? []);
  const candidates = [...(found.inside[0]?.hits ?? []), ...found.edge].map((hit): WordCandidate => {
    const weights = new Map(
      (hit.stemWeights ?? []).map((pair) => {
        const space = pair.lastIndexOf(' ');
        return [pair.slice(0, space), Number(pair.slice(space + 1))] as const;
      }),
    );
    return {
      ...rankedFrom(hit, query.needCategory, query.place, speaks(hit, preferred)),
      stemWeights: query.stems.map((value) => weights.get(value) ?? 0),
    };
  });
  // Equal distances come back from Meilisearch in an order of its own: nearest first, then by id, as PostgreSQL.
  candidates.sort((a, b) => (a.distanceMetres ?? Infinity) - (b.distanceMetres ?? Infinity) || (a.serviceId < b.serviceId ? -1 : 1));
  return candidates.slice(0, query.cap);
}

async function countFacets(client: Meilisearch, uid: string, query: FacetQuery, useCells: boolean): Promise<EngineFacets> {
  const filter = buildFilter({ needCategory: query.needCategory, stems: query.stems, filters: query.filters });
  const counting = query.countOrganizations?.length ? query.countOrganizations : undefined;
  const found = await searchCircle(
    client,
    uid,
    { place: query.place, useCells },
    [
      { filter, hitsPerPage: 0, page: 1, facets: query.facets },
      ...(counting ? [{ filter: [...filter, `organizationId IN ${list(counting)}`], hitsPerPage: 0, page: 1 }] : []),
    ],
    { base: filter, fields: ['_geo', 'organizationId', ...query.facets] },
  );
  const [facetCounts, organizationCount] = found.inside;
  const distribution = facetCounts?.facetDistribution ?? {};
  const counts: EngineFacets['counts'] = Object.fromEntries(query.facets.map((facet) => [facet, { ...distribution[facet] }]));
  let organizations = organizationCount?.totalHits ?? 0;
  const ofCounting = new Set(counting ?? []);
  for (const hit of found.edge) {
    if (ofCounting.has(hit.organizationId)) organizations += 1;
    for (const facet of query.facets) {
      const values = facet === 'languages' ? new Set(hit.languages ?? []) : [hit.capacityStatus];
      for (const value of values) counts[facet]![value] = (counts[facet]![value] ?? 0) + 1;
    }
  }
  return { counts, organizations };
}

/** Documents an earlier version wrote, without grid cells: the index needs rebuilding. */
async function holdsOlderDocuments(index: Index<MeiliService>): Promise<boolean> {
  const { totalHits } = (await index.search('', { filter: 'geoCells NOT EXISTS', hitsPerPage: 0, page: 1 })) as SearchResponse<MeiliService>;
  return (totalHits ?? 0) > 0;
}

async function indexExists(client: Meilisearch, uid: string): Promise<boolean> {
  try {
    await client.getRawIndex(uid);
    return true;
  } catch (error) {
    if (serverError(error)?.cause?.code === 'index_not_found') return false;
    throw error;
  }
}

async function completed(enqueued: EnqueuedTaskPromise, what: string): Promise<void> {
  const task = await enqueued.waitTask({ timeout: TASK_TIMEOUT_MS, interval: 25 });
  if (task.status === 'failed') {
    throw new SearchEngineError(`Meilisearch task ${task.uid} (${what}) failed: ${task.error?.message ?? 'no reason given'}`);
  }
  if (task.status !== 'succeeded') {
    throw new SearchEngineError(`Meilisearch task ${task.uid} (${what}) ended ${task.status}.`);
  }
}
