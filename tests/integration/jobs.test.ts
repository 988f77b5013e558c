// The job queue's schedules and its survival: overdue and stuck referrals, expired consent, stale
// listings, session purge, search-index convergence after an outage, and worker processes that are
// killed, stopped or lose their database.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../app/auth/session.server.js';
import { parseConfig, type Config } from '../../app/config.server.js';
import { scanExpiredConsents, scanOverdueReferrals, scanStaleListings, purgeSessions } from '../../app/jobs/scheduled.server.js';
import { enqueueJob } from '../../app/jobs/outbox.server.js';
import { queueHealth } from '../../app/jobs/queue.server.js';
import { releaseLostJobs, releaseStaleLocks, runQueuedJobs, startWorker } from '../../app/jobs/worker.server.js';
import { closeChannels, createChannels, type Channels } from '../../app/notifications/channels.server.js';
import { queueDelivery } from '../../app/notifications/deliveries.server.js';
import { changeReferralStatus } from '../../app/referrals/referrals.server.js';
import { startEmbeddedPostgres } from '../../db/embedded.js';
import { migrateToLatest } from '../../db/migrate.js';
import { createDatabase, type Database } from '../../db/pool.js';
import { createPostgresSearchEngine } from '../../search/postgres.js';
import type { ServiceSearchEngine } from '../../search/port.js';
import { useAppDatabase } from '../support/app.js';
import type { TestDatabase } from '../support/db.js';
import { referralFixture, sessionUser } from '../support/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

const repoRoot = path.resolve(__dirname, '../..');
let database: TestDatabase;
let smtp: TestSmtpServer;
let config: Config;
let channels: Channels;
let worker: SessionUser;
let cbo: SessionUser;

const eventKeys = async (userId: string) =>
  (await database.db.selectFrom('notifications').select(['event_key', 'kind']).where('user_id', '=', userId).execute()).map((row) => `${row.kind} ${row.event_key}`);
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);

beforeAll(async () => {
  database = await useAppDatabase();
  smtp = await startSmtpServer();
  config = parseConfig({ ...process.env, SMTP_URL: smtp.url, APP_URL: 'https://careloop.example.org' });
  channels = createChannels(config);
  worker = await sessionUser(database, 'sam.rivera@clinic.example');
  cbo = await sessionUser(database, 'dee.johnson@bayviewmission.example');
});
afterAll(async () => {
  closeChannels(channels);
  await smtp.close();
  await database.drop();
});

const run = () => runQueuedJobs({ db: database.db, config, channels });

describe('scheduled scans', () => {
  it('flags a referral with no answer past its response window once, to the person responsible for it', async () => {
    const fresh = await referralFixture(database.db, worker);
    const late = await referralFixture(database.db, worker);
    const manager = await sessionUser(database, 'casey.lee@clinic.example');
    // The window (three business days in the receiving organisation's calendar) ended yesterday;
    // the case manager was made responsible for it.
    await sql`UPDATE referrals SET created_at = ${daysAgo(10)}, response_due_at = ${daysAgo(1)}, assigned_user_id = ${manager.id} WHERE id = ${late.referralId}`.execute(
      database.db,
    );
    await run();

    expect(await scanOverdueReferrals(database.db)).toBeGreaterThanOrEqual(1);
    await run();
    expect(await eventKeys(manager.id)).toContain(`referral.overdue referral:${late.referralId}:overdue`);
    expect(await eventKeys(manager.id)).not.toContain(`referral.overdue referral:${fresh.referralId}:overdue`);
    // The worker who sent it is no longer the one responsible.
    expect(await eventKeys(worker.id)).not.toContain(`referral.overdue referral:${late.referralId}:overdue`);
    // The next scan finds it again but tells nobody twice.
    await scanOverdueReferrals(database.db);
    await run();
    expect((await eventKeys(manager.id)).filter((key) => key.includes(`${late.referralId}:overdue`))).toHaveLength(1);
  });

  it('flags an accepted referral untouched for 14 days as stuck, and again after a later stall', async () => {
    const { referralId } = await referralFixture(database.db, worker);
    await changeReferralStatus(database.db, cbo, referralId, { status: 'accepted', reasonCode: '', reason: '', note: '', version: 1, side: 'receiving' });
    await sql`UPDATE referrals SET last_activity_at = ${daysAgo(15)} WHERE id = ${referralId}`.execute(database.db);
    await scanOverdueReferrals(database.db);
    await run();
    expect(await eventKeys(worker.id)).toContain(`referral.stuck referral:${referralId}:stuck:v2`);

    await changeReferralStatus(database.db, cbo, referralId, { status: 'in-progress', reasonCode: '', reason: '', note: '', version: 2, side: 'receiving' });
    await sql`UPDATE referrals SET last_activity_at = ${daysAgo(20)} WHERE id = ${referralId}`.execute(database.db);
    await scanOverdueReferrals(database.db);
    await run();
    expect(await eventKeys(worker.id)).toContain(`referral.stuck referral:${referralId}:stuck:v3`);
  });

  it('tells both sides once when an open referral’s consent has expired', async () => {
    const { referralId } = await referralFixture(database.db, worker);
    const consent = await database.db.selectFrom('referrals').select('consent_id').where('id', '=', referralId).executeTakeFirstOrThrow();
    await sql`UPDATE consents SET expires_on = ${daysAgo(2).toISOString().slice(0, 10)} WHERE id = ${consent.consent_id}`.execute(database.db);
    expect(await scanExpiredConsents(database.db)).toBeGreaterThanOrEqual(1);
    await run();
    const key = `consent.expired consent:${consent.consent_id}:expired`;
    expect(await eventKeys(worker.id)).toContain(key);
    expect(await eventKeys(cbo.id)).toContain(key);
    await scanExpiredConsents(database.db);
    await run();
    expect((await eventKeys(cbo.id)).filter((entry) => entry === key)).toHaveLength(1);
  });

  it('reminds a receiving organisation whose listings nobody confirmed for 180 days, once a month', async () => {
    const organization = await database.db.selectFrom('organizations').select(['id', 'hsds_organization_id']).where('name', '=', 'Bayview Mission').executeTakeFirstOrThrow();
    await sql`UPDATE hsds_services SET last_verified_at = now(), assured_date = NULL WHERE organization_id = ${organization.hsds_organization_id}`.execute(database.db);
    await scanStaleListings(database.db);
    await run();
    expect((await eventKeys(cbo.id)).some((key) => key.startsWith('listing.stale'))).toBe(false);

    await sql`UPDATE hsds_services SET last_verified_at = ${daysAgo(200)} WHERE organization_id = ${organization.hsds_organization_id}`.execute(database.db);
    await scanStaleListings(database.db);
    await scanStaleListings(database.db);
    await run();
    const month = new Date().toISOString().slice(0, 7);
    expect((await eventKeys(cbo.id)).filter((key) => key === `listing.stale listing-stale:${organization.id}:${month}`)).toHaveLength(1);
  });

  it('purges expired and idle sessions but keeps live ones', async () => {
    const live = await database.db.selectFrom('sessions').select('id').where('user_id', '=', worker.id).execute();
    await database.db
      .insertInto('sessions')
      .values([
        { id: 'expired-session', user_id: worker.id, csrf_token: 'x', expires_at: daysAgo(1) },
        { id: 'idle-session', user_id: worker.id, csrf_token: 'x', expires_at: new Date(Date.now() + 3_600_000), last_seen_at: daysAgo(1) },
      ])
      .execute();
    expect(await purgeSessions(database.db)).toBeGreaterThanOrEqual(2);
    const left = await database.db.selectFrom('sessions').select('id').where('user_id', '=', worker.id).execute();
    expect(left.map((row) => row.id).sort()).toEqual(live.map((row) => row.id).sort());
  });
});

describe('search index sync', () => {
  it('a directory change queues its index job; while the engine is down the write succeeds and the index converges once it is back', async () => {
    const service = await database.db.selectFrom('hsds_services').select(['id', 'name']).orderBy('id').executeTakeFirstOrThrow();
    const real = createPostgresSearchEngine(database.db);
    let down = true;
    // The real engine behind a switch: calls fail as they would with the engine unreachable.
    const flaky: ServiceSearchEngine = {
      ...real,
      indexServices: (documents) => (down ? Promise.reject(new Error('search engine unreachable')) : real.indexServices(documents)),
      deleteServices: (ids) => (down ? Promise.reject(new Error('search engine unreachable')) : real.deleteServices(ids)),
    };
    await database.db.transaction().execute(async (trx) => {
      await trx.updateTable('hsds_services').set({ name: 'RENAMED PANTRY FOR THE SYNC TEST' }).where('id', '=', service.id).execute();
      await enqueueJob(trx, 'search.sync-services', { serviceIds: [service.id] });
    });
    const indexedName = async () =>
      (await sql<{ name: string }>`SELECT document->>'serviceName' AS name FROM search_services WHERE service_id = ${service.id}`.execute(database.db)).rows[0].name;

    await runQueuedJobs({ db: database.db, searchEngine: flaky }, ['search.sync-services']);
    expect(await indexedName()).toBe(service.name);
    const waiting = await sql<{ attempts: number; last_error: string }>`SELECT attempts, last_error FROM graphile_worker.jobs WHERE task_identifier = 'search.sync-services'`.execute(database.db);
    expect(waiting.rows).toEqual([expect.objectContaining({ attempts: 1, last_error: expect.stringContaining('search engine unreachable') })]);
    expect((await queueHealth(database.db)).pending).toBeGreaterThanOrEqual(1);

    down = false;
    await sql`SELECT graphile_worker.reschedule_jobs(ARRAY(SELECT id FROM graphile_worker.jobs WHERE task_identifier = 'search.sync-services'), run_at := now())`.execute(database.db);
    await runQueuedJobs({ db: database.db, searchEngine: flaky }, ['search.sync-services']);
    expect(await indexedName()).toBe('RENAMED PANTRY FOR THE SYNC TEST');
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'search.sync-services'`.execute(database.db)).rows[0].n).toBe(0);
  });
});

/** Queues `count` e-mails to one member of staff, as a burst of notifications would. */
async function queueBurst(db: Database, appConfig: Config, userId: string, organizationId: string, label: string, count: number) {
  await db.transaction().execute(async (trx) => {
    for (let index = 0; index < count; index++) {
      await queueDelivery(trx, appConfig, {
        key: `email:${label}:${index}`,
        channel: 'email',
        organizationId,
        recipientUserId: userId,
        kind: 'referral.requested',
        payload: { template: 'notification', kind: 'referral.requested', params: { service: `${label} ${index}`, organization: 'Test' }, link: '/portal' },
      });
    }
  });
}

function startWorkerProcess(env: Record<string, string>): Promise<ChildProcess> {
  // One process (node with tsx's loader), so that a signal reaches the worker itself, not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', WORKER_CONCURRENCY: '4', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${output}`)), 60_000);
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('CareLoop worker running')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`worker exited ${code}: ${output}`)));
  });
}

const children = new Set<ChildProcess>();
afterEach(() => {
  // A test that failed half-way leaves no worker running into the next one.
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  children.clear();
});

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('worker processes (npm run worker)', () => {
  const env = () => ({ DATABASE_URL: database.url, SMTP_URL: smtp.url, APP_URL: 'https://careloop.example.org' });
  const received = (label: string) => smtp.received.filter((mail) => mail.text.includes(`${label} `));

  it('loses no job when killed with -9 in the middle of a burst: another worker delivers the rest, each once per Message-ID', async () => {
    const first = await startWorkerProcess(env());
    await queueBurst(database.db, config, cbo.id, cbo.organizationId, 'burst-kill', 200);
    await until(() => received('burst-kill').length >= 20);
    first.kill('SIGKILL');
    await exited(first);
    const deliveredBeforeKill = received('burst-kill').length;
    expect(deliveredBeforeKill).toBeLessThan(200);

    // What the killed process held is released (in production after 90 s without a heartbeat).
    await releaseStaleLocks(database.db, 0);
    const second = await startWorkerProcess(env());
    await until(() => new Set(received('burst-kill').map((mail) => mail.messageId)).size === 200);
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);

    const statuses = await database.db.selectFrom('message_deliveries').select('status').where('idempotency_key', 'like', 'email:burst-kill:%').execute();
    expect(statuses).toHaveLength(200);
    expect(statuses.every((row) => row.status === 'sent')).toBe(true);
    // At least once: a message caught mid-send by the kill may arrive twice, always with the same Message-ID.
    expect(received('burst-kill').length - 200).toBeLessThanOrEqual(4);
  }, 180_000);

  it('stops cleanly on SIGTERM: running jobs finish, the rest stay queued for the next worker', async () => {
    const child = await startWorkerProcess(env());
    await queueBurst(database.db, config, cbo.id, cbo.organizationId, 'burst-term', 150);
    await until(() => received('burst-term').length >= 10);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    const locked = await sql`
      SELECT locked_by FROM graphile_worker._private_jobs
      WHERE locked_at IS NOT NULL AND payload->>'deliveryKey' LIKE 'email:burst-term:%'`.execute(database.db);
    expect(locked.rows).toEqual([]);

    await run();
    expect(new Set(received('burst-term').map((mail) => mail.messageId)).size).toBe(150);
    expect(received('burst-term')).toHaveLength(150);
  }, 180_000);
});

describe('a completion that never reached the database', () => {
  it('leaves its job locked in the worker’s name only until the worker notices it is not running it', async () => {
    const running = await startWorker({ db: database.db, config, channels, concurrency: 1 });
    try {
      await until(() => running.workerIds().length >= 2);
      await enqueueJob(database.db, 'sessions.purge', {}, { runAt: new Date(Date.now() + 3_600_000) });
      const poolId = running.workerIds().find((id) => id.startsWith('pool-'))!;
      await sql`UPDATE graphile_worker._private_jobs SET locked_by = ${poolId}, locked_at = now() - interval '2 minutes', run_at = now()
        WHERE task_id = (SELECT id FROM graphile_worker._private_tasks WHERE identifier = 'sessions.purge')`.execute(database.db);
      await releaseLostJobs(database.db, running.workerIds(), []);
      await until(async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'sessions.purge'`.execute(database.db)).rows[0].n === 0, 20_000);
    } finally {
      await running.stop();
    }
  });
});

describe('a worker whose PostgreSQL restarts', () => {
  it('keeps running and picks up jobs queued after the restart', async () => {
    const server = await startEmbeddedPostgres({ dataDir: `.data/test-restart-${process.pid}`, fast: true });
    const db = createDatabase(server.url, { max: 4 });
    try {
      await migrateToLatest(db);
      const organization = await db.insertInto('organizations').values({ name: 'Restart Test Org', kind: 'receiving' }).returning('id').executeTakeFirstOrThrow();
      const user = await db
        .insertInto('users')
        .values({ organization_id: organization.id, email: 'restart@example.org', full_name: 'Restart Test', role: 'cbo_staff', password_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const running = await startWorker({ db, config, channels, concurrency: 2 });
      const mails = (label: string) => smtp.received.filter((mail) => mail.text.includes(`${label} `));
      try {
        await queueBurst(db, config, user.id, organization.id, 'before-restart', 1);
        await until(() => mails('before-restart').length === 1, 20_000);

        await server.restart();
        // The first queries after a restart may fail while pools reconnect; the queue's write is retried.
        await until(async () => {
          try {
            await queueBurst(db, config, user.id, organization.id, 'after-restart', 3);
            return true;
          } catch {
            return false;
          }
        }, 30_000);
        await until(() => mails('after-restart').length === 3, 60_000);
      } finally {
        await running.stop();
      }
    } finally {
      await db.destroy();
      await server.stop();
    }
  }, 180_000);
});
