// Reports benchmark (part of `npm run bench`): 1,000 organisations with 300,000 referrals, 150,000
// screenings and 60,000 patients generated in SQL (BENCH_REPORTS_REFERRALS=1000000 for the full
// scale: 1,000,000 referrals, 500,000 screenings; generating that alone takes about nine minutes on
// two cores); the full and incremental facts refresh, the report pages over HTTP (p95, target
// 500 ms; for a platform admin also the first view, which computes the platform-wide snapshot)
// beside the server's floor (GET /healthz), and the row-level CSV (rows per second, target 50,000).
// Writes bench-results/reports.json.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrateToLatest } from '../db/migrate.js';
import { generateReportHistory } from '../db/report-history.js';
import { ensureRoles, roleUrls } from '../db/roles.js';
import { ownerDatabase, recreateDatabase } from '../tests/support/templates.js';

const REFERRING = 900;
const RECEIVING = 100;
const REFERRALS = Number(process.env.BENCH_REPORTS_REFERRALS ?? 300_000);
if (!Number.isInteger(REFERRALS) || REFERRALS < 1000) throw new Error('BENCH_REPORTS_REFERRALS must be a whole number of at least 1000.');
const SCREENINGS = REFERRALS / 2;
const PATIENTS = Math.round(REFERRALS / 5);
const REQUESTS = 40;

const server = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: '.data/bench-reports-postgres' });
const adminUrl = process.env.DATABASE_URL ?? server!.url;
await ensureRoles(adminUrl);
await recreateDatabase(adminUrl, 'careloop_bench_reports');
const urls = roleUrls(adminUrl, 'careloop_bench_reports');
// Generated and refreshed as the owner; the server connects as in production (the application's
// role under row-level security, the platform role for platform-wide figures).
const db = ownerDatabase(adminUrl, 'careloop_bench_reports');
Object.assign(process.env, { DATABASE_URL: urls.app, DATABASE_PLATFORM_URL: urls.platform, SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123456789', NODE_ENV: 'production', SECURE_COOKIES: 'false', LOG_LEVEL: 'silent', CARELOOP_WORKER: 'off' });
const { buildIfNeeded, createHttpApp, loadBuild } = await import('./http-app.js');
const { createUserSession } = await import('../app/auth/session.server.js');
const { refreshReportFacts } = await import('../app/reports/refresh.server.js');

const seconds = (from: number) => Math.round((performance.now() - from) / 100) / 10;
function p(sorted: number[], q: number) {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] * 10) / 10;
}

try {
  await migrateToLatest(db);
  let t0 = performance.now();
  await sql`
    INSERT INTO organizations (name, kind)
    SELECT 'Bench clinic ' || n, 'referring' FROM generate_series(1, ${REFERRING}) n
    UNION ALL SELECT 'Bench pantry ' || n, 'receiving' FROM generate_series(1, ${RECEIVING}) n
    UNION ALL SELECT 'Bench platform', 'platform'`.execute(db);
  await sql`
    INSERT INTO users (organization_id, email, full_name, role, password_hash)
    SELECT id, 'bench-' || id || '@example.org', 'Bench ' || name,
           CASE kind WHEN 'referring' THEN 'case_manager' WHEN 'receiving' THEN 'cbo_staff' ELSE 'platform_admin' END, 'x'
    FROM organizations`.execute(db);
  const orgs = await db.selectFrom('organizations').innerJoin('users', 'users.organization_id', 'organizations.id').select(['organizations.id', 'organizations.kind', 'users.id as userId']).orderBy('organizations.name').execute();
  const referring = orgs.filter((o) => o.kind === 'referring').map((o) => ({ organizationId: o.id, userId: o.userId }));
  const receiving = orgs.filter((o) => o.kind === 'receiving').map((o) => ({ organizationId: o.id, userId: o.userId, serviceId: o.id, serviceName: 'Bench service' }));
  // The first clinic is a large health system's: a tenth of every patient, screening and referral
  // (its pages and its row-level CSV are the heaviest an organisation has); the rest share the others.
  const weighted = [...Array.from({ length: Math.round((REFERRING - 1) / 9) }, () => referring[0]), ...referring];
  await generateReportHistory(db, { referring: weighted, receiving, patients: PATIENTS, screenings: SCREENINGS, referrals: REFERRALS });
  await sql`ANALYZE`.execute(db);
  const generated = seconds(t0);
  console.log(`Generated ${REFERRALS.toLocaleString('en-US')} referrals and ${SCREENINGS.toLocaleString('en-US')} screenings in ${generated} s; rebuilding the report facts…`);
  t0 = performance.now();
  await refreshReportFacts(db, { mode: 'full' });
  await sql`ANALYZE`.execute(db);
  const rebuild = seconds(t0);
  t0 = performance.now();
  await refreshReportFacts(db);
  const incremental = seconds(t0);
  console.table([
    { step: 'generate the history', organizations: REFERRING + RECEIVING, patients: PATIENTS, screenings: SCREENINGS, referrals: REFERRALS, seconds: generated },
    { step: 'full rebuild of the facts', organizations: REFERRING + RECEIVING, patients: PATIENTS, screenings: SCREENINGS, referrals: REFERRALS, seconds: rebuild },
    { step: 'incremental refresh, nothing changed', organizations: REFERRING + RECEIVING, patients: PATIENTS, screenings: SCREENINGS, referrals: REFERRALS, seconds: incremental },
  ]);

  buildIfNeeded();
  const web = createHttpApp(await loadBuild(), { dev: false });
  const listener = web.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => listener.once('listening', resolve));
  const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  const cookieOf = async (userId: string) => (await createUserSession(new Request(base), userId, db)).split(';')[0];
  const clinic = await cookieOf(referring[0].userId);
  const platform = await cookieOf(orgs.find((o) => o.kind === 'platform')!.userId);
  const time = async (path: string, cookie: string) => {
    const start = performance.now();
    const response = await fetch(`${base}${path}`, { headers: { Cookie: cookie } });
    const body = await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return { ms: performance.now() - start, bytes: body.byteLength, lines: new Uint8Array(body).reduce((count, byte) => count + (byte === 10 ? 1 : 0), 0) };
  };
  const rows: Array<Record<string, string | number>> = [];
  const pages = ['/healthz', '/reports', '/reports/screening?period=last-12-months', '/reports/intervention?period=last-12-months', '/reports/funnel?period=last-12-months', '/reports/funnel?period=last-12-months&by=language', '/reports/outcomes?period=last-12-months'];
  for (const [who, cookie] of [['clinic', clinic], ['platform', platform]] as const) {
    for (const page of pages) {
      // A platform admin's first view of a report computes its platform-wide snapshot (the job
      // queue keeps it up to date from then on): timed apart from the views that read it.
      const first = (await time(page, cookie)).ms;
      const samples: number[] = [];
      for (let i = 0; i < REQUESTS; i += 1) samples.push((await time(page, cookie)).ms);
      samples.sort((a, b) => a - b);
      rows.push({ reader: who, page, firstMs: Math.round(first), p50Ms: p(samples, 0.5), p95Ms: p(samples, 0.95) });
    }
  }
  // The row-level CSV: the large clinic's referrals of the last 12 months, streamed in batches.
  const csvStart = performance.now();
  const exported = await time('/reports/referrals.csv?period=last-12-months', clinic);
  const csvMs = performance.now() - csvStart;
  const csvRows = exported.lines - 1; // after the header row
  listener.close();
  // Each page beside its target (p95 ≤ 500 ms); a miss is reported, not a failure of the run.
  console.table(rows.map((row) => ({ ...row, target: row.page === '/healthz' ? '' : Number(row.p95Ms) <= 500 ? 'met' : 'MISSED' })));
  const csvRate = Math.round(csvRows / (csvMs / 1000));
  console.log(`Row-level CSV: ${csvRows} rows, ${exported.bytes} bytes in ${Math.round(csvMs)} ms (${csvRate} rows/s; target 50,000: ${csvRate >= 50_000 ? 'met' : 'MISSED'}).`);
  fs.mkdirSync('bench-results', { recursive: true });
  fs.writeFileSync('bench-results/reports.json', `${JSON.stringify({ measuredAt: new Date().toISOString(), organizations: REFERRING + RECEIVING, patients: PATIENTS, screenings: SCREENINGS, referrals: REFERRALS, generatedSeconds: generated, rebuildSeconds: rebuild, incrementalSeconds: incremental, rows, csv: { rows: csvRows, ms: Math.round(csvMs), rowsPerSecond: csvRate } }, null, 2)}\n`);
} finally {
  await db.destroy();
  await server?.stop();
}
