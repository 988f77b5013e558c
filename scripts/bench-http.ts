// HTTP benchmark (part of `npm run bench`): submitting a screening through the production server
// (validation, scoring, needs, audit rows, one transaction) with 100,000 patients in the database,
// against the server's floor (GET /healthz) in the same run. Writes bench-results/http.json.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { sql } from 'kysely';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrateToLatest } from '../db/migrate.js';
import { ensureRoles, roleUrls } from '../db/roles.js';
import { seedDemo } from '../db/seed.js';
import { ownerDatabase, recreateDatabase } from '../tests/support/templates.js';

const PATIENTS = 100_000;
const REQUESTS = 400;
const WARMUP = 40;
const CONCURRENCY = 4;
const TARGET_P95_MS = 50;

const server = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: '.data/bench-http-postgres' });
const adminUrl = process.env.DATABASE_URL ?? server!.url;
await ensureRoles(adminUrl);
await recreateDatabase(adminUrl, 'careloop_bench_http');
const urls = roleUrls(adminUrl, 'careloop_bench_http');
const db = ownerDatabase(adminUrl, 'careloop_bench_http');

// The server connects as the application's role, under row-level security, as in production.
Object.assign(process.env, {
  DATABASE_URL: urls.app,
  DATABASE_PLATFORM_URL: urls.platform,
  SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123456789',
  NODE_ENV: 'production',
  SECURE_COOKIES: 'false',
  LOG_LEVEL: 'silent',
});
// Imported after the environment is set: the app reads it once.
const { buildIfNeeded, createHttpApp, loadBuild } = await import('./http-app.js');
const { createUserSession } = await import('../app/auth/session.server.js');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarise(name: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    name,
    requests: samples.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1]),
  };
}

try {
  await migrateToLatest(db);
  await seedDemo(db);
  const worker = await db
    .selectFrom('users')
    .select(['id', 'organization_id'])
    .where('email', '=', 'sam.rivera@clinic.example')
    .executeTakeFirstOrThrow();
  const started = performance.now();
  await sql`
    INSERT INTO patients (organization_id, given_name, family_name, birth_date, postal_code, preferred_language, created_by, name_key, contact_preference)
    SELECT ${worker.organization_id}, 'Patient' || n, 'Bench' || (n % 5000), date '1940-01-01' + (n % 25000), '94110',
           CASE WHEN n % 3 = 0 THEN 'es' ELSE 'en' END, ${worker.id}, 'patient' || n || 'bench' || (n % 5000), 'do-not-contact'
    FROM generate_series(1, ${PATIENTS}) AS n`.execute(db);
  await sql`ANALYZE`.execute(db);
  console.log(`Loaded ${PATIENTS.toLocaleString('en-US')} patients in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  const patientIds = (await db.selectFrom('patients').select('id').where('organization_id', '=', worker.organization_id).execute()).map((row) => row.id);

  buildIfNeeded();
  const web = createHttpApp(await loadBuild(), { dev: false });
  const listener = web.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => listener.once('listening', resolve));
  const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;

  const cookie = (await createUserSession(new Request(base), worker.id, db)).split(';')[0];
  const { csrf_token: csrf } = await db.selectFrom('sessions').select('csrf_token').where('user_id', '=', worker.id).executeTakeFirstOrThrow();

  const answerSets: Array<{ instrument: string; fields: Record<string, string> }> = [
    { instrument: 'hunger-vital-sign', fields: { '88122-7': 'LA28397-0', '88123-5': 'LA28398-8' } },
    { instrument: 'hunger-vital-sign', fields: { '88122-7': 'LA28398-8', '88123-5': 'LA28398-8' } },
    { instrument: 'ahc-hrsn', fields: { '71802-3': 'LA31993-1', '88122-7': 'LA28397-0', '93030-5': 'LA32-8', '95618-5': 'LA10066-1' } },
  ];
  const submit = async (index: number) => {
    const answers = answerSets[index % answerSets.length];
    const patientId = patientIds[(index * 7919) % patientIds.length];
    const body = new URLSearchParams({ csrf, intent: 'submit', ...answers.fields });
    const t0 = performance.now();
    const response = await fetch(`${base}/patients/${patientId}/screenings/new?instrument=${answers.instrument}`, {
      method: 'POST',
      body,
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    await response.arrayBuffer();
    if (response.status !== 302) throw new Error(`A screening submission answered ${response.status}.`);
    return performance.now() - t0;
  };
  const health = async () => {
    const t0 = performance.now();
    const response = await fetch(`${base}/healthz`);
    await response.arrayBuffer();
    return performance.now() - t0;
  };

  for (let i = 0; i < WARMUP; i += 1) await submit(i);
  const floor: number[] = [];
  for (let i = 0; i < REQUESTS; i += 1) floor.push(await health());
  const sequential: number[] = [];
  for (let i = 0; i < REQUESTS; i += 1) sequential.push(await submit(WARMUP + i));
  const concurrent: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const index = next++;
        concurrent.push(await submit(WARMUP + REQUESTS + index));
      }
    }),
  );
  // Referral status changes by the receiving organisation (its inbox, the audit chain of both sides).
  const cbo = await db.selectFrom('users').select(['id', 'organization_id']).where('email', '=', 'dee.johnson@bayviewmission.example').executeTakeFirstOrThrow();
  const referralCount = WARMUP + 2 * REQUESTS;
  const { rows: referralRows } = await sql<{ id: string }>`
    WITH chosen AS (SELECT id, row_number() OVER () AS n FROM patients WHERE organization_id = ${worker.organization_id} LIMIT ${referralCount}),
    need AS (
      INSERT INTO needs (organization_id, patient_id, category, created_by)
      SELECT ${worker.organization_id}, id, 'food-insecurity', ${worker.id} FROM chosen RETURNING id, patient_id),
    consent AS (
      INSERT INTO consents (organization_id, patient_id, shared_with_organization_id, shared_items, method, expires_on, recorded_by)
      SELECT ${worker.organization_id}, patient_id, ${cbo.organization_id}, '{identity}', 'verbal', '2099-01-01', ${worker.id} FROM need RETURNING id, patient_id),
    referral AS (
      INSERT INTO referrals (organization_id, receiving_organization_id, patient_id, need_id, need_category, consent_id, service_id, service_name, status, created_by)
      SELECT ${worker.organization_id}, ${cbo.organization_id}, need.patient_id, need.id, 'food-insecurity', consent.id, gen_random_uuid(), 'Bench pantry', 'requested', ${worker.id}
        FROM need JOIN consent USING (patient_id) RETURNING id)
    SELECT id FROM referral`.execute(db);
  await sql`
    INSERT INTO referral_events (referral_id, to_status, actor_user_id, actor_organization_id)
    SELECT id, 'requested', ${worker.id}, ${worker.organization_id} FROM referrals WHERE service_name = 'Bench pantry'`.execute(db);
  const cboCookie = (await createUserSession(new Request(base), cbo.id, db)).split(';')[0];
  const { csrf_token: cboCsrf } = await db.selectFrom('sessions').select('csrf_token').where('user_id', '=', cbo.id).executeTakeFirstOrThrow();
  const accept = async (index: number) => {
    const t0 = performance.now();
    const response = await fetch(`${base}/portal/referrals/${referralRows[index].id}`, {
      method: 'POST',
      body: new URLSearchParams({ csrf: cboCsrf, status: 'accepted', version: '1' }),
      headers: { Cookie: cboCookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`A status change answered ${response.status}.`);
    return performance.now() - t0;
  };
  for (let i = 0; i < WARMUP; i += 1) await accept(i);
  const changes: number[] = [];
  for (let i = 0; i < REQUESTS; i += 1) changes.push(await accept(WARMUP + i));
  const concurrentChanges: number[] = [];
  let nextChange = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (nextChange < REQUESTS) {
        const index = nextChange++;
        concurrentChanges.push(await accept(WARMUP + REQUESTS + index));
      }
    }),
  );
  listener.close();

  const stored = await db.selectFrom('screenings').select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow();
  const expected = WARMUP + 2 * REQUESTS;
  if (stored.count !== expected) throw new Error(`Expected ${expected} stored screenings, found ${stored.count}.`);

  const rows = [
    summarise('GET /healthz (server floor)', floor),
    summarise('Submit a screening, one at a time', sequential),
    summarise(`Submit a screening, ${CONCURRENCY} at a time`, concurrent),
    summarise('Accept a referral (status change, audit chain), one at a time', changes),
    summarise(`Accept a referral, ${CONCURRENCY} at a time`, concurrentChanges),
  ];
  const p95 = rows[1].p95Ms;
  const changeP95 = rows[3].p95Ms;
  const withTarget = rows.map((row, index) =>
    index === 1 || index === 3 ? { ...row, target: `p95 < ${TARGET_P95_MS}`, met: row.p95Ms < TARGET_P95_MS ? 'met' : 'MISSED' } : { ...row, target: '—', met: '—' },
  );
  console.log(`\nHTTP benchmark: ${PATIENTS.toLocaleString('en-US')} patients, ${os.cpus().length} CPUs`);
  console.table(withTarget);
  const verdict = p95 < TARGET_P95_MS && changeP95 < TARGET_P95_MS ? 'meets' : 'misses';
  console.log(`Screening submission p95 ${p95} ms and status change p95 ${changeP95} ms: ${verdict} the ${TARGET_P95_MS} ms target.`);
  fs.mkdirSync('bench-results', { recursive: true });
  fs.writeFileSync(
    'bench-results/http.json',
    `${JSON.stringify({ measuredAt: new Date().toISOString(), patients: PATIENTS, cpus: os.cpus().length, targetP95Ms: TARGET_P95_MS, meetsTarget: verdict === 'meets', rows: withTarget }, null, 2)}\n`,
  );
} finally {
  await db.destroy();
  await server?.stop();
}
