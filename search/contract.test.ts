import { sql } from 'kysely';
import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getServiceDetails } from '../app/directory/service-details.server.js';
import { createTestDatabase, type TestDatabase } from '../tests/support/db.js';
import { prepareSearchIndex } from './index.js';
import { createMeilisearchEngine } from './meilisearch.js';
import type { ServiceSearchEngine } from './port.js';
import { createPostgresSearchEngine } from './postgres.js';
import { searchServices, type ServiceSearchHit, type ServiceSearchQuery } from './search.js';
import { reindexDirectory, syncServices } from './sync.js';

// One contract, every engine: PostgreSQL always, Meilisearch whenever a server is configured (MEILI_HOST).
// Both are held to the same ranking (ranking.ts), and, with a server, to the very same hits in the same order.
const MISSION = { latitude: 37.7509, longitude: -122.4153 }; // ZIP 94110 centroid
const CHINATOWN = { latitude: 37.8002, longitude: -122.4091 }; // ZIP 94133
const SACRAMENTO = { latitude: 38.5806, longitude: -121.4939 }; // ZIP 95814, about 75 miles from San Francisco

interface EngineUnderTest {
  name: string;
  create(t: TestDatabase): Promise<ServiceSearchEngine>;
}

const meiliHost = process.env.MEILI_HOST;
const meiliAdmin = meiliHost ? new Meilisearch({ host: meiliHost, apiKey: process.env.MEILI_API_KEY }) : undefined;
/** The indexes this run made on the server, deleted when it ends. */
const contractIndexes: string[] = [];
afterAll(async () => {
  for (const uid of contractIndexes) await meiliAdmin!.deleteIndex(uid).waitTask();
});

function contractIndex(): string {
  const uid = `careloop_contract_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  contractIndexes.push(uid);
  return uid;
}
const engines: EngineUnderTest[] = [
  {
    name: 'postgres',
    async create(t) {
      return createPostgresSearchEngine(t.db);
    },
  },
];
if (meiliHost) {
  engines.push({
    name: 'meilisearch',
    async create(t) {
      const engine = createMeilisearchEngine({ host: meiliHost, apiKey: process.env.MEILI_API_KEY, indexUid: contractIndex() });
      await reindexDirectory(t.db, engine);
      return engine;
    },
  });
}

/** The next Wednesday 10:00 in San Francisco within the coming week: a moment the index's open hours cover. */
function nextWednesdayMorning(): Date {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
  const start = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3_600_000;
  for (let hour = start; ; hour += 3_600_000) {
    const fields = Object.fromEntries(parts.formatToParts(new Date(hour)).map((part) => [part.type, part.value]));
    if (fields.weekday === 'Wed' && fields.hour === '10') return new Date(hour);
  }
}

/** The ranking keys of a hit, as compareRanked reads them (levels and standing are not on hits; equal here). */
function expectRankingOrder(hits: ServiceSearchHit[]) {
  for (let i = 1; i < hits.length; i++) {
    const [a, b] = [hits[i - 1], hits[i]];
    const available = (hit: ServiceSearchHit) => hit.capacityStatus !== 'no-capacity' && hit.status === 'active';
    expect(Number(available(a)) >= Number(available(b)), `${a.serviceName} before ${b.serviceName}: availability`).toBe(true);
    if (available(a) === available(b)) expect(a.band, `${a.serviceName} before ${b.serviceName}: band`).toBeGreaterThanOrEqual(b.band);
  }
}

describe.each(engines)('search contract: $name engine', ({ create }) => {
  let t: TestDatabase;
  let engine: ServiceSearchEngine;
  const search = (query: ServiceSearchQuery) => searchServices({ db: t.db, engine }, query);
  const sync = (serviceIds: string[]) => syncServices(t.db, engine, serviceIds);
  /** Every hit of a query, page by page. */
  const allHits = async (query: ServiceSearchQuery) => {
    const first = await search({ ...query, limit: 100 });
    const hits = [...first.hits];
    while (hits.length < first.total) hits.push(...(await search({ ...query, limit: 100, offset: hits.length })).hits);
    return { total: first.total, hits };
  };

  beforeAll(async () => {
    t = await createTestDatabase('demo');
    engine = await create(t);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('is healthy and prepared', async () => {
    await engine.prepare();
    expect(await engine.health()).toBe(true);
  });

  it('food near 94110: what the need asks for first, nearest first among equals, each hit with what matched', async () => {
    const { hits, total, radiusMiles } = await search({ needCategory: 'food-insecurity', ...MISSION, limit: 20 });
    expect(hits).toHaveLength(20);
    expect(total).toBeGreaterThan(100);
    expect(radiusMiles).toBe(10);
    for (const hit of hits) {
      expect(hit.band).toBe(3);
      expect(hit.matchedTerms.length).toBeGreaterThan(0);
      expect(hit.distanceMiles).not.toBeNull();
      expect(hit.distanceMiles!).toBeLessThanOrEqual(10);
    }
    expect(hits[0].distanceMiles!).toBeLessThan(1);
    expectRankingOrder(hits);
  });

  it('language is a preference: the same services, those that list the language first', async () => {
    const without = await allHits({ needCategory: 'financial-insecurity', ...MISSION });
    const spanish = await allHits({ needCategory: 'financial-insecurity', ...MISSION, language: 'es' });
    expect(spanish.total).toBe(without.total);
    expect(spanish.hits).toHaveLength(spanish.total);
    expect(new Set(spanish.hits.map((hit) => hit.serviceId))).toEqual(new Set(without.hits.map((hit) => hit.serviceId)));
    expect(spanish.hits.some((hit) => hit.languageMatch)).toBe(true);
    expect(spanish.hits.some((hit) => !hit.languageMatch)).toBe(true);
    for (const hit of spanish.hits) expect(hit.languageMatch).toBe(hit.languages.includes('es'));
    // Within a band, every service that lists Spanish comes before every one that does not.
    for (const band of [3, 2, 1]) {
      const inBand = spanish.hits.filter((hit) => hit.band === band && hit.capacityStatus !== 'no-capacity').map((hit) => hit.languageMatch);
      expect(inBand.indexOf(false) === -1 || inBand.lastIndexOf(true) < inBand.indexOf(false)).toBe(true);
    }
  });

  it('requireLanguage keeps only services that list it; a macrolanguage covers its members', async () => {
    const { hits } = await search({ needCategory: 'food-insecurity', ...CHINATOWN, language: 'zh', requireLanguage: true, limit: 50 });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) {
      expect(hit.languageMatch).toBe(true);
      expect(hit.languages.some((code) => ['zh', 'yue', 'cmn'].includes(code))).toBe(true);
    }
  });

  it('ties: services equal in every ranking key come in service id order', async () => {
    const { hits } = await search({ needCategory: 'food-insecurity', ...MISSION, limit: 100 });
    const key = (hit: ServiceSearchHit) => `${hit.band}|${hit.distanceKm}|${hit.matchedTerms.join()}`;
    let compared = 0;
    for (let i = 1; i < hits.length; i++) {
      if (key(hits[i]) === key(hits[i - 1]) && hits[i].taxonomyTerms.join() === hits[i - 1].taxonomyTerms.join()) {
        compared++;
        expect(hits[i].serviceId > hits[i - 1].serviceId, `${hits[i - 1].serviceName} / ${hits[i].serviceName}`).toBe(true);
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('a chosen radius keeps to it; without one the radius widens until enough services are found', async () => {
    const near = await search({ needCategory: 'food-insecurity', ...MISSION, radiusMiles: 1, limit: 100 });
    expect(near.radiusMiles).toBe(1);
    expect(near.hits.length).toBeGreaterThan(0);
    for (const hit of near.hits) expect(hit.distanceMiles!).toBeLessThanOrEqual(1);

    const far = await search({ needCategory: 'food-insecurity', ...SACRAMENTO, limit: 5 });
    expect(far.radiusMiles).toBe(100);
    expect(far.hits.length).toBe(5);
    for (const hit of far.hits) expect(hit.distanceMiles!).toBeGreaterThan(60);
  });

  it('pages through one stable order with the same total on every page, past the end too', async () => {
    const query = { needCategory: 'housing-instability', ...MISSION, language: 'es' };
    const all = await search({ ...query, limit: 30 });
    const pages = await Promise.all([0, 10, 20].map((offset) => search({ ...query, limit: 10, offset })));
    expect(pages.flatMap((page) => page.hits.map((hit) => hit.serviceId))).toEqual(all.hits.map((hit) => hit.serviceId));
    for (const page of pages) expect(page.total).toBe(all.total);
    const past = await search({ ...query, limit: 10, offset: all.total + 5 });
    expect(past.hits).toEqual([]);
    expect(past.total).toBe(all.total);
  });

  it('an unknown need finds nothing; a need added to the vocabulary finds services once they are scored again', async () => {
    expect((await search({ needCategory: 'no-such-need', ...MISSION })).hits).toEqual([]);
    await t.db.insertInto('need_vocabularies').values({ need_category: 'bicycle-repair', label_en: 'Bicycle repair', label_es: 'Reparación de bicicletas' }).execute();
    await t.db.insertInto('need_vocabulary_entries').values({ need_category: 'bicycle-repair', kind: 'phrase', language: 'en', value: 'bicycle repair', weight: 1 }).execute();
    const { rows } = await sql<{ id: string }>`SELECT id FROM hsds_services`.execute(t.db);
    await sync(rows.map((row) => row.id));
    const { hits } = await search({ needCategory: 'bicycle-repair', ...MISSION });
    expect(hits.map((hit) => hit.serviceName)).toContain('THE BIKE KITCHEN - Bicycle Maintenance/Repair Personnel');
    expect(hits[0].matchedTerms).toContain('bicycle repair');
  });

  it('free text: typos corrected, a need named in Spanish or English, any script and size accepted', async () => {
    for (const text of ['pantri', 'pantires']) {
      const { hits } = await search({ text, ...MISSION, limit: 5 });
      expect(hits.length, text).toBeGreaterThan(0);
      expect(hits[0].taxonomyTerms, text).toContain('Food Pantries');
    }
    const rent = await search({ text: 'ayuda con renta', ...MISSION, limit: 5 });
    expect(rent.needCategory).toBe('housing-instability');
    expect(rent.hits.length).toBe(5);
    const chinatown = await search({ text: 'food pantry chinatown', ...CHINATOWN, limit: 5 });
    expect(chinatown.needCategory).toBe('food-insecurity');
    for (const text of ['食物银行', 'x'.repeat(5000), '"; DROP TABLE hsds_services; --', '\u0000\uFFFD']) {
      await expect(search({ text, ...MISSION })).resolves.toBeDefined();
    }
  });

  it('age: a service for adults only is left out for a child and kept for an adult', async () => {
    const { hits } = await search({ needCategory: 'food-insecurity', ...MISSION, limit: 1 });
    const adultsOnly = hits[0].serviceId;
    await t.db.updateTable('hsds_services').set({ minimum_age: '18' }).where('id', '=', adultsOnly).execute();
    await sync([adultsOnly]);
    const child = await search({ needCategory: 'food-insecurity', ...MISSION, ageRange: [10, 10], limit: 100 });
    const adult = await search({ needCategory: 'food-insecurity', ...MISSION, ageRange: [30, 30], limit: 100 });
    expect(child.hits.map((hit) => hit.serviceId)).not.toContain(adultsOnly);
    expect(adult.hits.map((hit) => hit.serviceId)).toContain(adultsOnly);
    expect(adult.total).toBe(child.total + 1);
  });

  it('no capacity sinks below every available service; waitlist stays in place and says so; inactive is never shown', async () => {
    const before = await allHits({ needCategory: 'homelessness', ...MISSION });
    const [full, waitlisted, closed] = before.hits.slice(0, 3).map((hit) => hit.serviceId);
    await t.db.updateTable('hsds_services').set({ capacity_status: 'no-capacity' }).where('id', '=', full).execute();
    await t.db.updateTable('hsds_services').set({ capacity_status: 'waitlist' }).where('id', '=', waitlisted).execute();
    await t.db.updateTable('hsds_services').set({ status: 'inactive' }).where('id', '=', closed).execute();
    await sync([full, waitlisted, closed]);
    const after = await allHits({ needCategory: 'homelessness', ...MISSION });
    expect(after.total).toBe(before.total - 1);
    const ids = after.hits.map((hit) => hit.serviceId);
    expect(ids).not.toContain(closed);
    expect(ids[ids.length - 1]).toBe(full);
    expect(after.hits.at(-1)!.capacityStatus).toBe('no-capacity');
    expect(after.hits.find((hit) => hit.serviceId === waitlisted)!.capacityStatus).toBe('waitlist');
    expect(ids.indexOf(waitlisted)).toBeLessThan(3);
  });

  it('open now keeps exactly the services open at that moment by their listed hours', async () => {
    const now = nextWednesdayMorning();
    const all = await allHits({ needCategory: 'food-insecurity', ...MISSION, radiusMiles: 5 });
    const open = await allHits({ needCategory: 'food-insecurity', ...MISSION, radiusMiles: 5, openNow: true, now });
    expect(open.total).toBeGreaterThan(0);
    expect(open.total).toBeLessThan(all.total);
    const details = await getServiceDetails(t.db, all.hits.map((hit) => hit.serviceId), { now });
    const laterInTheQuarter = new Map((await getServiceDetails(t.db, all.hits.map((hit) => hit.serviceId), { now: new Date(now.getTime() + 14 * 60_000) })).map((service) => [service.serviceId, service.opening.state]));
    const openAllQuarter = details.filter((service) => service.opening.state === 'open' && laterInTheQuarter.get(service.serviceId) === 'open').map((service) => service.serviceId);
    const openIds = open.hits.map((hit) => hit.serviceId);
    expect(new Set(openIds)).toEqual(new Set(openAllQuarter));
    // The same order as without the filter, less the closed ones.
    expect(openIds).toEqual(all.hits.map((hit) => hit.serviceId).filter((id) => openIds.includes(id)));
  });

  it('counts facets over every match, not just the page', async () => {
    const { facets, total } = await search({ needCategory: 'food-insecurity', ...MISSION, facets: ['languages', 'capacityStatus'], limit: 1 });
    expect(Object.values(facets.capacityStatus ?? {}).reduce((sum, count) => sum + count, 0)).toBe(total);
    expect(facets.languages?.es).toBeGreaterThan(0);
  });

  it('deleteServices removes a service from results; indexServices brings it back', async () => {
    const before = await search({ needCategory: 'employment-status', ...MISSION, limit: 5 });
    const removed = before.hits[0].serviceId;
    await engine.deleteServices([removed]);
    const after = await search({ needCategory: 'employment-status', ...MISSION, limit: 50 });
    expect(after.hits.map((hit) => hit.serviceId)).not.toContain(removed);
    expect(after.total).toBe(before.total - 1);
    await sync([removed]);
    const restored = await search({ needCategory: 'employment-status', ...MISSION, limit: 5 });
    expect(restored.hits[0].serviceId).toBe(removed);
  });

  it('reindexAll rebuilds the index from the directory, listed services only', async () => {
    const progress: number[] = [];
    const { indexed } = await reindexDirectory(t.db, engine, ({ indexed }) => progress.push(indexed));
    const { rows } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM hsds_services WHERE status IN ('active', 'temporarily closed')`.execute(t.db);
    expect(indexed).toBe(rows[0].count);
    expect(await engine.countServices()).toBe(rows[0].count);
    expect(progress.at(-1)).toBe(indexed);
  });
});

if (meiliHost) {
  // The same database indexed by both engines: every query answers the same services in the same order.
  describe('PostgreSQL and Meilisearch answer alike', () => {
    let t: TestDatabase;
    let postgres: ServiceSearchEngine;
    let meilisearch: ServiceSearchEngine;

    /** Half the directory's organisations: every other circle counts their services, as the search page counts those on CareLoop. */
    let someOrganizations: string[] = [];

    beforeAll(async () => {
      t = await createTestDatabase('demo');
      postgres = await engines[0].create(t);
      meilisearch = await engines[1].create(t);
      const { rows } = await sql<{ id: string }>`SELECT DISTINCT organization_id::text AS id FROM search_services ORDER BY 1`.execute(t.db);
      someOrganizations = rows.filter((_, i) => i % 2 === 0).map((row) => row.id);
    });
    afterAll(async () => {
      await t.drop();
    });

    const QUERIES: Array<[string, ServiceSearchQuery]> = [
      ['need near a point', { needCategory: 'food-insecurity', ...MISSION, limit: 50 }],
      ['language preference', { needCategory: 'financial-insecurity', ...MISSION, language: 'es', limit: 50 }],
      ['required language', { needCategory: 'food-insecurity', ...CHINATOWN, language: 'zh', requireLanguage: true, limit: 50 }],
      ['ties at one point', { needCategory: 'homelessness', ...CHINATOWN, limit: 100 }],
      ['chosen radius', { needCategory: 'employment-status', ...MISSION, radiusMiles: 2, limit: 100 }],
      ['widened radius', { needCategory: 'food-insecurity', ...SACRAMENTO, limit: 20 }],
      ['second page', { needCategory: 'housing-instability', ...MISSION, language: 'zh', limit: 10, offset: 10 }],
      ['past the end', { needCategory: 'legal-help', ...MISSION, limit: 10, offset: 5000 }],
      ['unknown need', { needCategory: 'no-such-need', ...MISSION }],
      ['age', { needCategory: 'educational-attainment', ...MISSION, ageRange: [16, 16], limit: 50 }],
      ['capacity filter', { needCategory: 'food-insecurity', ...MISSION, capacity: ['unknown'], limit: 20 }],
      ['free text', { text: 'pantires', ...MISSION, limit: 20 }],
      ['free text with a need', { needCategory: 'stress', text: 'chinese seniors', ...CHINATOWN, language: 'zh', limit: 20 }],
      ['free text naming a need', { text: 'ayuda con renta', ...MISSION, language: 'es', limit: 20 }],
      ['no place', { needCategory: 'legal-help', limit: 30 }],
    ];

    const expectAlike = async (query: ServiceSearchQuery, engine = meilisearch) => {
      const [fromPostgres, fromMeilisearch] = await Promise.all([
        searchServices({ db: t.db, engine: postgres }, { ...query, facets: ['languages', 'capacityStatus'] }),
        searchServices({ db: t.db, engine }, { ...query, facets: ['languages', 'capacityStatus'] }),
      ]);
      expect(fromMeilisearch.hits.map((hit) => hit.serviceId)).toEqual(fromPostgres.hits.map((hit) => hit.serviceId));
      expect(fromMeilisearch.hits.map((hit) => hit.distanceKm)).toEqual(fromPostgres.hits.map((hit) => hit.distanceKm));
      expect(fromMeilisearch.hits.map((hit) => hit.languageMatch)).toEqual(fromPostgres.hits.map((hit) => hit.languageMatch));
      expect(fromMeilisearch.total).toBe(fromPostgres.total);
      expect(fromMeilisearch.facets).toEqual(fromPostgres.facets);
      expect(fromMeilisearch.organizationCount).toBe(fromPostgres.organizationCount);
    };

    it.each(QUERIES)('%s', async (_, query) => {
      await expectAlike(query);
    });

    // Circles of every size over the city: services on either side of an edge, counted and ranked alike.
    const NEEDS = ['food-insecurity', 'housing-instability', 'employment-status', 'legal-help', 'financial-insecurity'];
    const CIRCLES: Array<[string, ServiceSearchQuery]> = Array.from({ length: 30 }, (_, i) => {
      const wave = (k: number) => (Math.sin(i * 12.9898 + k * 78.233) * 43758.5453) % 1;
      const query: ServiceSearchQuery = {
        needCategory: NEEDS[i % NEEDS.length],
        latitude: 37.72 + Math.abs(wave(1)) * 0.09,
        longitude: -122.5 + Math.abs(wave(2)) * 0.12,
        radiusMiles: Math.round((0.2 + Math.abs(wave(3)) * (i % 3 === 0 ? 12 : 2)) * 100) / 100,
        language: i % 4 === 0 ? 'es' : undefined,
        text: i % 5 === 0 ? 'seniors' : undefined,
        limit: 100,
      };
      return [`${query.needCategory} within ${query.radiusMiles} miles of ${query.latitude!.toFixed(4)}, ${query.longitude!.toFixed(4)}`, query];
    });

    it.each(CIRCLES.map(([name, query], i) => [name, query, i % 2 === 0] as const))('%s', async (_, query, counted) => {
      await expectAlike({ ...query, countOrganizations: counted ? someOrganizations : undefined });
    });

    it('an index an earlier version built (no grid cells) answers alike, and is rebuilt when the app starts', async () => {
      const uid = contractIndex();
      await reindexDirectory(t.db, createMeilisearchEngine({ host: meiliHost, apiKey: process.env.MEILI_API_KEY, indexUid: uid }));
      const index = meiliAdmin!.index(uid);
      const { results } = await index.getDocuments<Record<string, unknown>>({ limit: 10_000 });
      await index.addDocuments(results.map(({ geoCells: _, ...older }) => older)).waitTask();
      const older = createMeilisearchEngine({ host: meiliHost, apiKey: process.env.MEILI_API_KEY, indexUid: uid });
      expect(await older.indexIsCurrent()).toBe(false);
      for (const [, query] of [...QUERIES.slice(0, 6), ...CIRCLES.slice(0, 6)]) await expectAlike(query, older);

      const messages: string[] = [];
      await prepareSearchIndex(t.db, older, (message) => messages.push(message));
      expect(messages[0]).toMatch(/built by an earlier version: rebuilding/);
      expect(await older.indexIsCurrent()).toBe(true);
      for (const [, query] of CIRCLES.slice(0, 6)) await expectAlike(query, older);
    });
  });
}
