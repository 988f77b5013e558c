// Search benchmark (`npm run bench`): need + distance queries on the SF 211 directory, each engine against a
// naive baseline in the same run. Prints a table and writes bench-results/search.json.
import fs from 'node:fs';
import os from 'node:os';
import { sql } from 'kysely';
import { importHsdsDatapackage } from '../app/directory/hsds-import.server.js';
import { zipCentroid } from '../app/directory/zip.server.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrateToLatest } from '../db/migrate.js';
import { createDatabase, type Database } from '../db/pool.js';
import { DEMO_DIRECTORY } from '../db/seed.js';
import { databaseUrl, recreateDatabase } from '../tests/support/templates.js';
import { loadServiceDocuments } from '../search/documents.js';
import { runQueuedJobs } from '../app/jobs/worker.server.js';
import { createMeilisearchEngine } from '../search/meilisearch.js';
import type { ServiceSearchEngine } from '../search/port.js';
import { createPostgresSearchEngine } from '../search/postgres.js';

const QUERIES = 200;
const WARMUP = 20;
const LIMIT = 10;
const NEEDS = [
  'food-insecurity', 'housing-instability', 'homelessness', 'employment-status', 'stress', 'utility-insecurity',
  'health-insurance-coverage-status', 'intimate-partner-violence', 'financial-insecurity', 'social-connection',
];

interface BenchQuery {
  needCategory: string;
  zip: string;
  latitude: number;
  longitude: number;
}

interface Timing {
  engine: string;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
  maxMs: number;
}

const server = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: '.data/bench-postgres', fast: true });
const adminUrl = process.env.DATABASE_URL ?? server!.url;
await recreateDatabase(adminUrl, 'careloop_bench');
const db = createDatabase(databaseUrl(adminUrl, 'careloop_bench'));
try {
  await migrateToLatest(db);
  const importStarted = performance.now();
  const summary = await importHsdsDatapackage(db, DEMO_DIRECTORY);
  await runQueuedJobs({ db, searchEngine: createPostgresSearchEngine(db) }, ['search.sync-services']);
  const importSeconds = (performance.now() - importStarted) / 1000;
  console.log(`Imported ${summary.counts.services} services in ${importSeconds.toFixed(2)} s.`);

  const queries = await benchQueries(db);
  const engines: ServiceSearchEngine[] = [createPostgresSearchEngine(db)];
  if (process.env.MEILI_HOST) {
    const meilisearch = createMeilisearchEngine({ db, host: process.env.MEILI_HOST, apiKey: process.env.MEILI_API_KEY, indexUid: 'careloop_bench' });
    await meilisearch.reindexAll(() => loadServiceDocuments(db));
    engines.push(meilisearch);
  }

  const timings: Timing[] = [];
  for (const engine of engines) {
    timings.push(
      await measure(`${engine.name} engine`, queries, (query) =>
        engine.search({ needCategory: query.needCategory, latitude: query.latitude, longitude: query.longitude, limit: LIMIT }),
      ),
    );
  }
  timings.push(await measure('naive baseline (load all, filter and sort in JS)', queries, (query) => naiveSearch(db, query)));

  console.log(`\n${QUERIES} need + distance queries (${NEEDS.length} needs x SF ZIP codes), top ${LIMIT}, after ${WARMUP} warm-up queries\n`);
  console.table(Object.fromEntries(timings.map(({ engine, ...numbers }) => [engine, numbers])));
  const baseline = timings[timings.length - 1];
  for (const timing of timings.slice(0, -1)) {
    console.log(`${timing.engine}: p50 ${(baseline.p50Ms / timing.p50Ms).toFixed(0)}x faster than the baseline`);
  }

  const { rows } = await sql<{ version: string }>`SELECT current_setting('server_version') AS version`.execute(db);
  fs.mkdirSync('bench-results', { recursive: true });
  const report = {
    benchmark: 'search: need + distance',
    ranAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, postgres: rows[0].version },
    directory: { services: summary.counts.services, importSeconds: Number(importSeconds.toFixed(2)) },
    queries: QUERIES,
    warmup: WARMUP,
    limit: LIMIT,
    results: timings,
  };
  fs.writeFileSync('bench-results/search.json', `${JSON.stringify(report, null, 2)}\n`);
  console.log('\nWrote bench-results/search.json');
} finally {
  await db.destroy();
  await server?.stop();
}

/** Deterministic: needs in turn, ZIP codes of the directory's own addresses in turn. */
async function benchQueries(db: Database): Promise<BenchQuery[]> {
  const zips = (await db.selectFrom('hsds_addresses').select('postal_code').distinct().orderBy('postal_code').execute())
    .map((row) => row.postal_code.slice(0, 5))
    .filter((zip) => zipCentroid(zip) !== null);
  return Array.from({ length: QUERIES + WARMUP }, (_, i) => {
    const zip = zips[(i * 7) % zips.length];
    const centroid = zipCentroid(zip)!;
    return { needCategory: NEEDS[i % NEEDS.length], zip, latitude: centroid.lat, longitude: centroid.lon };
  });
}

async function measure(engine: string, queries: BenchQuery[], run: (query: BenchQuery) => Promise<unknown>): Promise<Timing> {
  for (const query of queries.slice(0, WARMUP)) await run(query);
  const durations: number[] = [];
  for (const query of queries.slice(WARMUP)) {
    const started = performance.now();
    await run(query);
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  const at = (fraction: number) => durations[Math.min(durations.length - 1, Math.ceil(fraction * durations.length) - 1)];
  const round = (ms: number) => Number(ms.toFixed(2));
  return {
    engine,
    queries: durations.length,
    p50Ms: round(at(0.5)),
    p95Ms: round(at(0.95)),
    meanMs: round(durations.reduce((sum, ms) => sum + ms, 0) / durations.length),
    maxMs: round(durations[durations.length - 1]),
  };
}

/** What one would write without a search engine: every service and the mapping, filtered and ranked in JS. */
async function naiveSearch(db: Database, query: BenchQuery) {
  const [documents, mappings] = await Promise.all([
    loadServiceDocuments(db),
    db.selectFrom('need_taxonomy_map').selectAll().where('need_category', '=', query.needCategory).execute(),
  ]);
  const termWeights = new Map(mappings.filter((m) => m.kind === 'taxonomy_term').map((m) => [m.value, m.weight]));
  const synonyms = mappings.filter((m) => m.kind === 'synonym').map((m) => m.value.toLowerCase());
  return documents
    .filter((document) => document.status === 'active')
    .map((document) => {
      const text = [document.serviceName, document.organizationName, document.description, ...document.taxonomyTerms].join(' ').toLowerCase();
      const weight = Math.max(0, ...document.taxonomyTerms.map((term) => termWeights.get(term) ?? 0));
      const matched = synonyms.filter((synonym) => text.includes(synonym)).length;
      const distance =
        document.latitude === null || document.longitude === null
          ? Number.POSITIVE_INFINITY
          : haversineKm(query.latitude, query.longitude, document.latitude, document.longitude);
      return { document, score: weight > 0 ? Math.round(weight * 100) * 100 : Math.min(matched, 9) * 10, distance };
    })
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score || a.distance - b.distance)
    .slice(0, LIMIT);
}

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const radians = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * radians) / 2) ** 2 +
    Math.cos(lat1 * radians) * Math.cos(lat2 * radians) * Math.sin(((lon2 - lon1) * radians) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}
