// Directory benchmark (part of `npm run bench`): a 100,000-service HSDS package made from the SF 211
// data (copies with new ids, locations spread over a California-sized region) is imported in a
// child process (throughput and peak memory), exported, and served by the HSDS API over HTTP.
// Each figure stands beside a baseline measured in the same run and the previous run's figure.
// Writes bench-results/directory.json.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { generatePackage } from './hsds-generate.js';
import { sql } from 'kysely';
import { exportHsdsPackage } from '../app/directory/hsds-export.server.js';
import { HSDS_RESOURCES } from '../app/directory/hsds-spec.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrateToLatest } from '../db/migrate.js';
import { createDatabase } from '../db/pool.js';
import { databaseUrl, recreateDatabase } from '../tests/support/templates.js';

const TARGET_SERVICES = 100_000;
const TARGETS = { importServicesPerSecond: 5_000, importMaxRssMb: 300, exportServicesPerSecond: 10_000, apiP95Ms: 50 };
const REQUESTS = 300;
const WARMUP = 30;
const RESULTS = 'bench-results/directory.json';

const previous = fs.existsSync(RESULTS) ? (JSON.parse(fs.readFileSync(RESULTS, 'utf8')) as { figures?: Record<string, number> }).figures ?? {} : {};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const round = (value: number) => Math.round(value * 10) / 10;

const server = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: '.data/bench-directory-postgres' });
const adminUrl = process.env.DATABASE_URL ?? server!.url;
await recreateDatabase(adminUrl, 'careloop_bench_directory');
const url = databaseUrl(adminUrl, 'careloop_bench_directory');
const db = createDatabase(url);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-bench-directory-'));

try {
  await migrateToLatest(db);
  const generated = generatePackage(path.join(work, 'package'), TARGET_SERVICES);
  console.log(`Generated a package of ${generated.services.toLocaleString('en-US')} services (${generated.rows.toLocaleString('en-US')} rows in all).`);

  // The import runs as its own process, as `npm run hsds:import` does, so its peak memory is its own.
  const child = (mode: string) =>
    JSON.parse(
      execFileSync('npx', ['tsx', 'scripts/bench-directory-child.ts', mode, path.join(work, 'package')], {
        env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        maxBuffer: 10 * 1024 * 1024,
      }).trim().split('\n').pop()!,
    ) as { seconds: number; maxRssMb: number; services: number };
  const parseOnly = child('parse');
  const imported = child('import');
  if (imported.services !== generated.services) throw new Error(`Imported ${imported.services} services, expected ${generated.services}.`);
  await sql`ANALYZE`.execute(db);

  const exportStarted = performance.now();
  const exported = await exportHsdsPackage(db, path.join(work, 'export'));
  const exportSeconds = (performance.now() - exportStarted) / 1000;
  if (exported.counts.services !== generated.services) throw new Error(`Exported ${exported.counts.services} services.`);
  // Baseline: the obvious way, every service row read into memory and written with csv-stringify.
  const naiveStarted = performance.now();
  const all = await db.selectFrom('hsds_services').select('source_row').orderBy('id').execute();
  const fields = HSDS_RESOURCES.find((resource) => resource.name === 'service')!.fields.map((field) => field.name);
  fs.writeFileSync(path.join(work, 'naive-services.csv'), stringify(all.map((row) => fields.map((field) => (row.source_row as Record<string, string | null>)[field] ?? ''))));
  const naiveSeconds = (performance.now() - naiveStarted) / 1000;

  Object.assign(process.env, {
    DATABASE_URL: url,
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123456789',
    NODE_ENV: 'production',
    SECURE_COOKIES: 'false',
    LOG_LEVEL: 'silent',
    HSDS_API_REQUESTS_PER_MINUTE: '1000000',
  });
  const { buildIfNeeded, createHttpApp, loadBuild } = await import('./http-app.js');
  buildIfNeeded();
  const web = createHttpApp(await loadBuild(), { dev: false });
  const listener = web.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => listener.once('listening', resolve));
  const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  const ids = (await sql<{ id: string }>`SELECT id FROM hsds_services ORDER BY random() LIMIT ${REQUESTS + WARMUP}`.execute(db)).rows.map((row) => row.id);
  const pages = Math.ceil(generated.services / 50);
  const time = async (target: string) => {
    const t0 = performance.now();
    const response = await fetch(`${base}${target}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${target} answered ${response.status}.`);
    return performance.now() - t0;
  };
  const sample = async (make: (index: number) => string) => {
    for (let i = 0; i < WARMUP; i++) await time(make(i));
    const samples: number[] = [];
    for (let i = 0; i < REQUESTS; i++) samples.push(await time(make(WARMUP + i)));
    const sorted = samples.sort((a, b) => a - b);
    return { p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)) };
  };
  const floor = await sample(() => '/healthz');
  const listPage = await sample((index) => `/api/hsds/services?page=${1 + ((index * 7919) % pages)}`);
  const oneService = await sample((index) => `/api/hsds/services/${ids[index]}`);
  listener.close();

  const figures = {
    importServicesPerSecond: Math.round(generated.services / imported.seconds),
    importMaxRssMb: imported.maxRssMb,
    exportServicesPerSecond: Math.round(generated.services / exportSeconds),
    apiServicesPageP95Ms: listPage.p95Ms,
    apiServiceByIdP95Ms: oneService.p95Ms,
  };
  const rows = [
    { measure: 'Import (services/s)', value: figures.importServicesPerSecond, target: `≥ ${TARGETS.importServicesPerSecond}`, baseline: `${Math.round(generated.services / parseOnly.seconds)} (read + parse only, no checks, no database)`, previous: previous.importServicesPerSecond ?? '—' },
    { measure: 'Import peak RSS (MB)', value: figures.importMaxRssMb, target: `≤ ${TARGETS.importMaxRssMb}`, baseline: `${parseOnly.maxRssMb} (read + parse only)`, previous: previous.importMaxRssMb ?? '—' },
    { measure: 'Export (services/s)', value: figures.exportServicesPerSecond, target: `≥ ${TARGETS.exportServicesPerSecond}`, baseline: `${Math.round(generated.services / naiveSeconds)} (services table only, read whole, csv-stringify)`, previous: previous.exportServicesPerSecond ?? '—' },
    { measure: 'GET /api/hsds/services?page=N p95 (ms)', value: figures.apiServicesPageP95Ms, target: `≤ ${TARGETS.apiP95Ms}`, baseline: `${floor.p95Ms} (GET /healthz)`, previous: previous.apiServicesPageP95Ms ?? '—' },
    { measure: 'GET /api/hsds/services/{id} p95 (ms)', value: figures.apiServiceByIdP95Ms, target: `≤ ${TARGETS.apiP95Ms}`, baseline: `${floor.p95Ms} (GET /healthz)`, previous: previous.apiServiceByIdP95Ms ?? '—' },
  ];
  console.log(`\nDirectory benchmark: ${generated.services.toLocaleString('en-US')} services, ${os.cpus().length} CPUs`);
  console.table(rows);
  const misses = [
    figures.importServicesPerSecond < TARGETS.importServicesPerSecond,
    figures.importMaxRssMb > TARGETS.importMaxRssMb,
    figures.exportServicesPerSecond < TARGETS.exportServicesPerSecond,
    figures.apiServicesPageP95Ms > TARGETS.apiP95Ms,
    figures.apiServiceByIdP95Ms > TARGETS.apiP95Ms,
  ].filter(Boolean).length;
  console.log(misses ? `${misses} figures miss their targets.` : 'Every figure meets its target.');
  fs.mkdirSync('bench-results', { recursive: true });
  fs.writeFileSync(
    RESULTS,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), services: generated.services, rows: generated.rows, cpus: os.cpus().length, targets: TARGETS, figures, baselines: { parseOnly, naiveExportSeconds: naiveSeconds, floor, listPage, oneService }, previous }, null, 2)}\n`,
  );
  if (misses) process.exitCode = 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
  await db.destroy();
  await server?.stop();
}
