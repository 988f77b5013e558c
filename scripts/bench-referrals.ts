// Referral workflow benchmark (part of `npm run bench`): the community organisation's inbox, the
// case manager's caseload and worklist, and a status change, with 1,000,000 referrals across 1,000
// organisations (made with SQL, not row by row). Each figure stands beside a baseline measured in
// the same run: the lists against loading the organisation's referrals and filtering them in the
// application, the status change against a bare versioned UPDATE. Writes bench-results/referrals.json.
import fs from 'node:fs';
import os from 'node:os';
import { sql } from 'kysely';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrateToLatest } from '../db/migrate.js';
import { createDatabase, type Database } from '../db/pool.js';
import { sessionUserOf } from '../app/auth/session-user.server.js';
import { parseListFilters } from '../app/referrals/list-filters.js';
import { listReferrals } from '../app/referrals/lists.server.js';
import { changeReferralStatus } from '../app/referrals/referrals.server.js';
import { listWorklist } from '../app/referrals/tasks.server.js';
import { databaseSettings, runInRequestContext } from '../app/request-context.server.js';
import type { SessionUser } from '../app/auth/session.server.js';
import { ensureRoles, roleUrls } from '../db/roles.js';
import { databaseUrl, ownerDatabase, recreateDatabase } from '../tests/support/templates.js';

const ORGANIZATIONS = 1_000; // half referring, half receiving
const REFERRALS = 1_000_000;
const PATIENTS = 200_000;
const TASKS = 200_000;
const SAMPLES = 300;
const TARGETS = { list: 50, statusChange: 20 };

const server = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: '.data/bench-referrals-postgres' });
const adminUrl = process.env.DATABASE_URL ?? server!.url;
await ensureRoles(adminUrl);
await recreateDatabase(adminUrl, 'careloop_bench_referrals');
// Migrated as the owner; measured as production runs: the application's role under row-level
// security, each call in a request context of the user it is made for.
const ownerDb = ownerDatabase(adminUrl, 'careloop_bench_referrals');
// The generator turns off triggers while it loads (session_replication_role): a superuser's connection.
const db = createDatabase(databaseUrl(adminUrl, 'careloop_bench_referrals'), { max: 8 });
const appDb = createDatabase(roleUrls(adminUrl, 'careloop_bench_referrals').app, { max: 8, sessionSettings: databaseSettings });
const as = <T>(user: SessionUser, work: () => Promise<T>) => runInRequestContext({ userId: user.id, organizationId: user.organizationId }, work);

const round = (value: number) => Math.round(value * 10) / 10;
function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50Ms: round(at(50)), p95Ms: round(at(95)), maxMs: round(sorted[sorted.length - 1]) };
}
async function time(samples: number, run: (index: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 10; i++) await run(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  return times;
}

async function generate(pool: Database) {
  // One connection: the bulk-load setting below holds for this session only.
  await pool.connection().execute(async (database) => load(database as Database));
}

async function load(database: Database) {
  const half = ORGANIZATIONS / 2;
  // Bulk load without per-row foreign-key triggers; every id below is made to match.
  await sql`SET session_replication_role = replica`.execute(database);
  await sql`
    INSERT INTO organizations (id, name, kind, time_zone)
    SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'Organisation ' || n,
      CASE WHEN n <= ${half} THEN 'referring' ELSE 'receiving' END, 'America/Los_Angeles'
    FROM generate_series(1, ${ORGANIZATIONS}) n`.execute(database);
  // Two staff per organisation: a worker and a case manager, or two community staff.
  await sql`
    INSERT INTO users (id, organization_id, email, full_name, role, password_hash)
    SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(n), 12, '0'))::uuid,
      ('00000000-0000-4000-8000-' || lpad(to_hex((n + 1) / 2), 12, '0'))::uuid,
      'user' || n || '@bench.example', 'User ' || n,
      CASE WHEN (n + 1) / 2 > ${half} THEN 'cbo_staff' WHEN n % 2 = 0 THEN 'case_manager' ELSE 'social_worker' END, 'x'
    FROM generate_series(1, ${ORGANIZATIONS * 2}) n`.execute(database);
  await sql`
    INSERT INTO patients (id, organization_id, given_name, family_name, birth_date, postal_code, preferred_language, created_by, name_key, phone, assigned_user_id)
    SELECT ('00000000-0000-4000-a000-' || lpad(to_hex(n), 12, '0'))::uuid,
      ('00000000-0000-4000-8000-' || lpad(to_hex(1 + n % ${half}), 12, '0'))::uuid,
      'Given' || n, 'Family' || (n % 5000), date '1950-01-01' + (n % 20000), '94124', 'en',
      ('00000000-0000-4000-9000-' || lpad(to_hex(1 + 2 * (n % ${half})), 12, '0'))::uuid,
      'given' || n || 'family' || (n % 5000), '415-555-' || lpad((n % 10000)::text, 4, '0'),
      ('00000000-0000-4000-9000-' || lpad(to_hex(2 + 2 * (n % ${half})), 12, '0'))::uuid
    FROM generate_series(1, ${PATIENTS}) n`.execute(database);
  // Each referral has its own need and consent, like the app makes them. Referral n goes to receiving
  // organisation n mod half; its need and status come from the other digits of n, so every inbox
  // holds every status and need in the same proportions (not one status per organisation).
  await sql`
    INSERT INTO needs (id, organization_id, patient_id, category, status, source, created_by)
    SELECT ('00000000-0000-4000-b000-' || lpad(to_hex(n), 12, '0'))::uuid,
      ('00000000-0000-4000-8000-' || lpad(to_hex(1 + (1 + n % ${PATIENTS}) % ${half}), 12, '0'))::uuid,
      ('00000000-0000-4000-a000-' || lpad(to_hex(1 + n % ${PATIENTS}), 12, '0'))::uuid,
      (ARRAY['food-insecurity', 'housing-instability', 'transportation-insecurity', 'utility-insecurity', 'financial-insecurity'])[1 + (n / ${half * 10}) % 5],
      'identified', 'manual',
      ('00000000-0000-4000-9000-' || lpad(to_hex(1 + 2 * ((1 + n % ${PATIENTS}) % ${half})), 12, '0'))::uuid
    FROM generate_series(1, ${REFERRALS}) n`.execute(database);
  await sql`
    INSERT INTO consents (id, organization_id, patient_id, shared_with_organization_id, shared_items, method, expires_on, recorded_by)
    SELECT ('00000000-0000-4000-c000-' || lpad(to_hex(n), 12, '0'))::uuid,
      ('00000000-0000-4000-8000-' || lpad(to_hex(1 + (1 + n % ${PATIENTS}) % ${half}), 12, '0'))::uuid,
      ('00000000-0000-4000-a000-' || lpad(to_hex(1 + n % ${PATIENTS}), 12, '0'))::uuid,
      ('00000000-0000-4000-8000-' || lpad(to_hex(${half} + 1 + n % ${half}), 12, '0'))::uuid,
      ARRAY['identity', 'need', 'phone'], 'verbal', current_date + 200,
      ('00000000-0000-4000-9000-' || lpad(to_hex(1 + 2 * ((1 + n % ${PATIENTS}) % ${half})), 12, '0'))::uuid
    FROM generate_series(1, ${REFERRALS}) n`.execute(database);
  await sql`
    INSERT INTO referrals (id, organization_id, receiving_organization_id, managed, patient_id, need_id, need_category, consent_id, service_id, service_name, service_organization_name,
      status, status_reason_kind, status_reason_code, created_by, assigned_user_id, created_at, updated_at, last_activity_at, response_due_at)
    SELECT ('00000000-0000-4000-d000-' || lpad(to_hex(n), 12, '0'))::uuid,
      ('00000000-0000-4000-8000-' || lpad(to_hex(1 + (1 + n % ${PATIENTS}) % ${half}), 12, '0'))::uuid,
      ('00000000-0000-4000-8000-' || lpad(to_hex(${half} + 1 + n % ${half}), 12, '0'))::uuid, true,
      ('00000000-0000-4000-a000-' || lpad(to_hex(1 + n % ${PATIENTS}), 12, '0'))::uuid,
      ('00000000-0000-4000-b000-' || lpad(to_hex(n), 12, '0'))::uuid,
      (ARRAY['food-insecurity', 'housing-instability', 'transportation-insecurity', 'utility-insecurity', 'financial-insecurity'])[1 + (n / ${half * 10}) % 5],
      ('00000000-0000-4000-c000-' || lpad(to_hex(n), 12, '0'))::uuid,
      gen_random_uuid(), 'Service ' || (n % 300), 'Organisation ' || (${half} + 1 + n % ${half}),
      s.status, CASE s.status WHEN 'completed' THEN 'delivered' WHEN 'rejected' THEN 'decline' END,
      CASE s.status WHEN 'completed' THEN 'service-provided' WHEN 'rejected' THEN 'at-capacity' END,
      ('00000000-0000-4000-9000-' || lpad(to_hex(1 + 2 * ((1 + n % ${PATIENTS}) % ${half})), 12, '0'))::uuid,
      ('00000000-0000-4000-9000-' || lpad(to_hex(2 + 2 * ((1 + n % ${PATIENTS}) % ${half})), 12, '0'))::uuid,
      now() - make_interval(mins => n % 525600), now() - make_interval(mins => n % 525600), now() - make_interval(mins => n % 525600),
      now() - make_interval(mins => n % 525600) + interval '5 days'
    FROM generate_series(1, ${REFERRALS}) n,
      LATERAL (SELECT (ARRAY['requested', 'accepted', 'in-progress', 'on-hold', 'completed', 'completed', 'completed', 'rejected', 'cancelled', 'failed'])[1 + (n / ${half}) % 10] AS status) s`.execute(database);
  await sql`
    INSERT INTO follow_up_tasks (organization_id, patient_id, referral_id, kind, due_on, assigned_user_id, created_by)
    SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(1 + (1 + n % ${PATIENTS}) % ${half}), 12, '0'))::uuid,
      ('00000000-0000-4000-a000-' || lpad(to_hex(1 + n % ${PATIENTS}), 12, '0'))::uuid,
      ('00000000-0000-4000-d000-' || lpad(to_hex(n * 5), 12, '0'))::uuid,
      (ARRAY['call-patient', 'check-outcome', 're-screen'])[1 + n % 3], current_date + (n % 120) - 30,
      ('00000000-0000-4000-9000-' || lpad(to_hex(2 + 2 * ((1 + n % ${PATIENTS}) % ${half})), 12, '0'))::uuid,
      ('00000000-0000-4000-9000-' || lpad(to_hex(2 + 2 * ((1 + n % ${PATIENTS}) % ${half})), 12, '0'))::uuid
    FROM generate_series(1, ${TASKS}) n`.execute(database);
  await sql`SET session_replication_role = DEFAULT`.execute(database);
  await sql`VACUUM ANALYZE`.execute(database);
}

/** The bench's users are numbered; their ids say which. */
const userNumbered = (userNumber: number) => sessionUserOf(db, { id: `00000000-0000-4000-9000-${userNumber.toString(16).padStart(12, '0')}` });

try {
  const started = Date.now();
  await migrateToLatest(ownerDb);
  await ownerDb.destroy();
  await generate(db);
  const generatedSeconds = Math.round((Date.now() - started) / 1000);
  const half = ORGANIZATIONS / 2;
  // Community staff are users 2·half+1 …; case managers are the even users of the first half.
  const cboUsers = await Promise.all(Array.from({ length: 20 }, (_, i) => userNumbered(2 * half + 1 + 2 * ((i * 37) % half))));
  const managers = await Promise.all(Array.from({ length: 20 }, (_, i) => userNumbered(2 + 2 * ((i * 41) % half))));
  const pick = <T>(list: T[], i: number) => list[i % list.length];
  const inboxFilters = parseListFilters(new URLSearchParams(), 'all');
  const overdueFoodFilters = parseListFilters(new URLSearchParams('tab=overdue&need=food-insecurity&sort=due'), 'all');
  const caseloadFilters = parseListFilters(new URLSearchParams(), 'mine');

  const inbox = await time(SAMPLES, (i) => as(pick(cboUsers, i), () => listReferrals(appDb, pick(cboUsers, i), 'inbox', inboxFilters)));
  const inboxFiltered = await time(SAMPLES, (i) => as(pick(cboUsers, i), () => listReferrals(appDb, pick(cboUsers, i), 'inbox', overdueFoodFilters)));
  const caseload = await time(SAMPLES, (i) => as(pick(managers, i), () => listReferrals(appDb, pick(managers, i), 'caseload', caseloadFilters)));
  const worklist = await time(SAMPLES, (i) => as(pick(managers, i), () => listWorklist(appDb, pick(managers, i), { scope: 'mine', window: 'all' })));
  // Baseline: the organisation's referrals loaded whole, counted and filtered in the application.
  const naive = await time(60, async (i) => {
    const rows = await db.selectFrom('referrals').selectAll().where('receiving_organization_id', '=', pick(cboUsers, i).organizationId).execute();
    return rows.filter((row) => row.status === 'requested').sort((a, b) => b.last_activity_at.getTime() - a.last_activity_at.getTime()).slice(0, 25);
  });

  // Status changes: accept requested referrals of the sampled organisations, one at a time.
  const requested = await db
    .selectFrom('referrals')
    .select(['id', 'receiving_organization_id'])
    .where('status', '=', 'requested')
    .where('receiving_organization_id', 'in', cboUsers.map((user) => user.organizationId))
    .limit(SAMPLES + 20)
    .execute();
  const byOrganization = new Map(cboUsers.map((user) => [user.organizationId, user]));
  let nextRequested = 0;
  const statusChange = await time(SAMPLES, async () => {
    const referral = requested[nextRequested++];
    const user = byOrganization.get(referral.receiving_organization_id!)!;
    const result = await as(user, () =>
      changeReferralStatus(appDb, user, referral.id, { status: 'accepted', reasonCode: '', reason: '', note: '', version: 1, side: 'receiving' }),
    );
    if (!result.ok) throw new Error(`status change refused: ${result.message}`);
  });
  const bareUpdate = await time(SAMPLES, (i) =>
    db.transaction().execute((trx) => trx.updateTable('referrals').set({ version: sql`version + 1` }).where('id', '=', requested[i % requested.length].id).execute()),
  );

  const rows = [
    { name: 'CBO inbox (open, newest activity), page of 25 + 9 tab counts', ...stats(inbox), targetP95Ms: TARGETS.list },
    { name: 'CBO inbox: overdue, food need, by due date', ...stats(inboxFiltered), targetP95Ms: TARGETS.list },
    { name: "Case manager's caseload (mine)", ...stats(caseload), targetP95Ms: TARGETS.list },
    { name: "Case manager's worklist (mine, by due date)", ...stats(worklist), targetP95Ms: TARGETS.list },
    { name: 'baseline: load the organisation’s referrals and filter in the app', ...stats(naive) },
    { name: 'Status change (accept: lock, check, update, event, audit, outbox)', ...stats(statusChange), targetP95Ms: TARGETS.statusChange },
    { name: 'baseline: bare versioned UPDATE in a transaction', ...stats(bareUpdate) },
  ];
  console.log(`\nReferral workflow with ${REFERRALS.toLocaleString('en-US')} referrals across ${ORGANIZATIONS.toLocaleString('en-US')} organisations (data made in ${generatedSeconds} s)`);
  console.table(rows.map((row) => ({ ...row, met: 'targetP95Ms' in row ? row.p95Ms <= (row.targetP95Ms as number) : '' })));
  fs.mkdirSync('bench-results', { recursive: true });
  fs.writeFileSync(
    'bench-results/referrals.json',
    `${JSON.stringify({ referrals: REFERRALS, organizations: ORGANIZATIONS, patients: PATIENTS, tasks: TASKS, samples: SAMPLES, cpus: os.cpus().length, generatedSeconds, results: rows }, null, 2)}\n`,
  );
} finally {
  await appDb.destroy();
  await db.destroy();
  await server?.stop();
}
