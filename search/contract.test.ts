import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../tests/support/db.js';
import { loadServiceDocuments } from './documents.js';
import { createMeilisearchEngine } from './meilisearch.js';
import type { ServiceSearchEngine, ServiceSearchHit } from './port.js';
import { createPostgresSearchEngine } from './postgres.js';

// One contract, every engine: PostgreSQL always, Meilisearch when a server is configured (MEILI_HOST).
const MISSION = { latitude: 37.7509, longitude: -122.4153 }; // ZIP 94110 centroid
const CORE_FOOD_TERMS = ['Food Pantries', 'Emergency Food', 'Soup Kitchens', 'Brown Bag Food Programs'];

interface EngineUnderTest {
  name: string;
  create(t: TestDatabase): Promise<ServiceSearchEngine>;
}

const engines: EngineUnderTest[] = [{ name: 'postgres', create: async (t) => createPostgresSearchEngine(t.db) }];
if (process.env.MEILI_HOST) {
  engines.push({
    name: 'meilisearch',
    async create(t) {
      const engine = createMeilisearchEngine({
        db: t.db,
        host: process.env.MEILI_HOST!,
        apiKey: process.env.MEILI_API_KEY,
        indexUid: `careloop_contract_${Date.now()}`,
      });
      await engine.reindexAll(() => loadServiceDocuments(t.db));
      return engine;
    },
  });
}

function expectNearestFirstWithinEqualScore(hits: ServiceSearchHit[]) {
  for (let i = 1; i < hits.length; i++) {
    expect(hits[i].score).toBeLessThanOrEqual(hits[i - 1].score);
    if (hits[i].score === hits[i - 1].score && hits[i - 1].distanceKm !== null) {
      expect(hits[i].distanceKm === null || hits[i].distanceKm! >= hits[i - 1].distanceKm!).toBe(true);
    }
  }
}

describe.each(engines)('search contract: $name engine', ({ create }) => {
  let t: TestDatabase;
  let engine: ServiceSearchEngine;

  beforeAll(async () => {
    t = await createTestDatabase('demo');
    engine = await create(t);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('is healthy', async () => {
    expect(await engine.health()).toBe(true);
  });

  it('food insecurity near 94110: food pantries and soup kitchens first, nearest first', async () => {
    const { hits, total } = await engine.search({ needCategory: 'food-insecurity', ...MISSION, limit: 20 });
    expect(hits).toHaveLength(20);
    expect(total).toBeGreaterThan(65);
    for (const hit of hits) {
      expect(hit.matchedTerms.some((term) => CORE_FOOD_TERMS.includes(term))).toBe(true);
      expect(hit.distanceKm).not.toBeNull();
    }
    expect(hits[0].distanceKm).toBeLessThan(1);
    expectNearestFirstWithinEqualScore(hits);
  });

  it('every hit for a need carries a mapped term or synonym that matched', async () => {
    const mapped = await t.db.selectFrom('need_taxonomy_map').select('value').where('need_category', '=', 'housing-instability').execute();
    const vocabulary = new Set(mapped.map((row) => row.value));
    const { hits } = await engine.search({ needCategory: 'housing-instability', ...MISSION, limit: 50 });
    expect(hits.length).toBeGreaterThan(5);
    for (const hit of hits) {
      expect(hit.matchedTerms.length).toBeGreaterThan(0);
      expect(hit.matchedTerms.some((term) => vocabulary.has(term))).toBe(true);
    }
    expectNearestFirstWithinEqualScore(hits);
    // Services with a mapped taxonomy term come before those found only through synonyms.
    const termRank = hits.map((hit) => hit.taxonomyTerms.some((term) => vocabulary.has(term)));
    expect(termRank.indexOf(false) === -1 || termRank.lastIndexOf(true) < termRank.indexOf(false)).toBe(true);
  });

  it('language filter: es returns only services that list Spanish', async () => {
    const { hits } = await engine.search({ language: 'es', ...MISSION, limit: 50 });
    expect(hits.length).toBeGreaterThan(5);
    for (const hit of hits) expect(hit.languages).toContain('es');
  });

  it('language filter: zh matches Cantonese and Mandarin services', async () => {
    const { hits } = await engine.search({ language: 'zh', limit: 100 });
    const codes = new Set(hits.flatMap((hit) => hit.languages));
    expect(codes.has('yue')).toBe(true);
    expect(codes.has('cmn')).toBe(true);
    for (const hit of hits) expect(hit.languages.some((code) => ['zh', 'yue', 'cmn'].includes(code))).toBe(true);
    const cantonese = await engine.search({ language: 'yue', limit: 100 });
    for (const hit of cantonese.hits) expect(hit.languages.some((code) => ['zh', 'yue'].includes(code))).toBe(true);
  });

  it('pages with limit and offset through one stable order', async () => {
    const query = { needCategory: 'food-insecurity', ...MISSION };
    const all = await engine.search({ ...query, limit: 30 });
    const first = await engine.search({ ...query, limit: 10, offset: 0 });
    const third = await engine.search({ ...query, limit: 10, offset: 20 });
    expect(first.hits.map((hit) => hit.serviceId)).toEqual(all.hits.slice(0, 10).map((hit) => hit.serviceId));
    expect(third.hits.map((hit) => hit.serviceId)).toEqual(all.hits.slice(20, 30).map((hit) => hit.serviceId));
    expect(third.total).toBe(all.total);
  });

  it('radius leaves out services farther away', async () => {
    const { hits } = await engine.search({ needCategory: 'food-insecurity', ...MISSION, radiusKm: 2, limit: 100 });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.distanceKm!).toBeLessThanOrEqual(2);
  });

  it('free text tolerates typos: "pantri" and "pantires" find food pantries', async () => {
    for (const text of ['pantri', 'pantires']) {
      const { hits } = await engine.search({ text, limit: 10 });
      expect(hits.length, text).toBeGreaterThan(0);
      expect(hits[0].taxonomyTerms, text).toContain('Food Pantries');
      expect(hits[0].matchedTerms, text).toContain('Food Pantries');
    }
  });

  it('counts facets over every match, not just the page', async () => {
    const { facets, total } = await engine.search({ needCategory: 'food-insecurity', facets: ['languages', 'taxonomyTerms'], limit: 1 });
    expect(facets.taxonomyTerms?.['Food Pantries']).toBe(65);
    expect(Object.values(facets.taxonomyTerms ?? {}).reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(total);
    expect(facets.languages?.es).toBeGreaterThan(0);
  });

  it('a need that nothing in the directory meets returns no hits, not an error', async () => {
    expect((await engine.search({ needCategory: 'protective-factor', ...MISSION })).hits).toEqual([]);
    expect((await engine.search({ needCategory: 'no-such-need' })).hits).toEqual([]);
  });

  it('deleteServices removes a service from results; indexServices brings it back', async () => {
    const before = await engine.search({ needCategory: 'food-insecurity', ...MISSION, limit: 5 });
    const removed = before.hits[0].serviceId;
    await engine.deleteServices([removed]);
    const after = await engine.search({ needCategory: 'food-insecurity', ...MISSION, limit: 50 });
    expect(after.hits.map((hit) => hit.serviceId)).not.toContain(removed);
    expect(after.total).toBe(before.total - 1);

    await engine.indexServices(await loadServiceDocuments(t.db, [removed]));
    const restored = await engine.search({ needCategory: 'food-insecurity', ...MISSION, limit: 5 });
    expect(restored.hits[0].serviceId).toBe(removed);
  });

  it('reindexAll rebuilds the index from the directory', async () => {
    await engine.reindexAll(() => loadServiceDocuments(t.db));
    const { total } = await engine.search({ limit: 1 });
    const { rows } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM hsds_services WHERE status = 'active'`.execute(t.db);
    expect(total).toBe(rows[0].count);
  });
});
