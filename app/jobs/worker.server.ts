// The job worker (graphile-worker over the same PostgreSQL): runs inside `npm start` by default and
// on its own with `npm run worker`. Handlers are thin: each calls into its domain.
import { hostname } from 'node:os';
import { Logger, parseCronItems, run, runOnce, type Job, type Runner, type Task, type TaskList, type WorkerEvents } from 'graphile-worker';
import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import pg from 'pg';
import { connectionStringOf, type Database } from '../../db/pool.js';
import { createSearchEngine } from '../../search/index.js';
import type { ServiceSearchEngine } from '../../search/port.js';
import { syncServices } from '../../search/sync.js';
import { queueRescore } from '../matching/rescore.server.js';
import { getConfig, type Config } from '../config.server.js';
import { runUploadedImport } from '../directory/hsds-upload.server.js';
import { log } from '../log.server.js';
import { closeChannels, createChannels, type Channels } from '../notifications/channels.server.js';
import { sendDelivery } from '../notifications/deliveries.server.js';
import { sendDigests } from '../notifications/digest.server.js';
import { dispatchNotification } from '../notifications/dispatch.server.js';
import { lapseCapacity, purgeSessions, refreshOpeningHours, scanDueTasks, scanExpiredConsents, scanOverdueReferrals, scanStaleListings } from './scheduled.server.js';
import { recomputeSnapshot, refreshSnapshots } from '../reports/figures.server.js';
import { refreshReportFacts } from '../reports/refresh.server.js';
import { SCHEDULES, type TaskName, type TaskPayloads } from './tasks.js';

export interface WorkerDependencies {
  db: Database;
  /** Default: the process environment's configuration. */
  config?: Config;
  channels?: Channels;
  searchEngine?: ServiceSearchEngine;
}

type Handlers = { [T in TaskName]: (payload: TaskPayloads[T], job: Job) => Promise<unknown> };

/** A worker that has not said it is alive for this long has stopped; its locked jobs are released. */
const HEARTBEAT_SECONDS = 15;
const STALE_AFTER_SECONDS = 90;

function handlers(deps: WorkerDependencies, channels: Channels): Handlers {
  const { db } = deps;
  const config = deps.config ?? getConfig();
  const engine = deps.searchEngine ?? createSearchEngine(db);
  return {
    'notifications.dispatch': (event) => dispatchNotification(db, config, event),
    'messages.send': ({ deliveryKey }, job) =>
      sendDelivery({ db, config, channels, finalAttempt: job.attempts >= job.max_attempts }, deliveryKey),
    'search.sync-services': ({ serviceIds }) => syncServices(db, engine, serviceIds),
    'search.rescore-need': () => queueRescore(db),
    'notifications.digest': () => sendDigests(db, config),
    'referrals.scan-overdue': () => scanOverdueReferrals(db),
    'consents.scan-expired': () => scanExpiredConsents(db),
    'follow-ups.scan-due': () => scanDueTasks(db),
    'directory.scan-stale-listings': () => scanStaleListings(db),
    'directory.lapse-capacity': () => lapseCapacity(db),
    'search.refresh-hours': () => refreshOpeningHours(db),
    'directory.import-package': ({ importId }) => runUploadedImport(db, importId),
    'sessions.purge': () => purgeSessions(db),
    'jobs.release-stale-locks': () => releaseStaleLocks(db),
    'reports.refresh': () => refreshReportFacts(db),
    'reports.rebuild': () => refreshReportFacts(db, { mode: 'full' }),
    'reports.compute-snapshot': ({ key }) => recomputeSnapshot(db, key),
    'reports.refresh-snapshots': () => refreshSnapshots(db),
  };
}

function taskList(deps: WorkerDependencies, channels: Channels, only?: TaskName[]): TaskList {
  const all = handlers(deps, channels);
  const names = (only ?? (Object.keys(all) as TaskName[]));
  return Object.fromEntries(
    names.map((name) => {
      const task: Task = async (payload, helpers) => {
        await (all[name] as (payload: unknown, job: Job) => Promise<unknown>)(payload, helpers.job);
      };
      return [name, task];
    }),
  );
}

// graphile-worker logs through this: structured lines, job ids and task names only (payloads carry ids, no PHI).
const workerLogger = new Logger((scope) => (level, message) => {
  // Its info lines (every job completed) are debug detail here; warnings and errors stay.
  const mapped = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
  log(mapped, 'jobs.worker', { message: message.slice(0, 300), task: scope.taskIdentifier, job: scope.jobId });
});

export interface RunningWorker {
  stop(): Promise<void>;
  /** Worker ids of this process (graphile-worker's, as in jobs.locked_by). */
  workerIds(): string[];
}

/** Starts the worker pool with the schedules; resolves once it is listening for jobs. */
export async function startWorker(deps: WorkerDependencies & { concurrency?: number; process?: string }): Promise<RunningWorker> {
  const { db } = deps;
  const events: WorkerEvents = new EventEmitter();
  const ids = new Set<string>();
  const processLabel = deps.process ?? `${hostname()}:${process.pid}`;
  // Jobs are locked under the pool's id and each worker's: both say they are alive.
  const track = (id: string) => {
    ids.add(id);
    void db
      .insertInto('job_workers')
      .values({ worker_id: id, process: processLabel })
      .onConflict((conflict) => conflict.column('worker_id').doUpdateSet({ heartbeat_at: sql`now()` }))
      .execute()
      .catch(() => {});
  };
  events.on('pool:create', ({ workerPool }) => track(workerPool.id));
  events.on('worker:create', ({ worker }) => track(worker.workerId));
  // Which jobs this process is running: a job locked in its name but not running is a completion
  // that never reached the database (PostgreSQL went away at that moment) and is released.
  const running = new Set<string>();
  events.on('job:start', ({ job }) => running.add(String(job.id)));
  events.on('job:complete', ({ job }) => running.delete(String(job.id)));
  guardLostCompletions();

  await releaseStaleLocks(db);
  // Channels made here are this worker's to close; channels passed in belong to the caller.
  const channels = deps.channels ?? createChannels(deps.config ?? getConfig());
  const pgPool = workerPool(db, (deps.concurrency ?? (deps.config ?? getConfig()).WORKER_CONCURRENCY) + 2);
  const runner: Runner = await run({
    pgPool,
    concurrency: deps.concurrency ?? (deps.config ?? getConfig()).WORKER_CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 2_000,
    logger: workerLogger,
    events,
    taskList: taskList(deps, channels),
    parsedCronItems: parseCronItems(SCHEDULES.map(({ task, cron }) => ({ task, match: cron, identifier: task, options: { backfillPeriod: 0 } }))),
  });

  const heartbeat = setInterval(() => {
    if (ids.size === 0) return;
    void db
      .updateTable('job_workers')
      .set({ heartbeat_at: sql`now()` })
      .where('worker_id', 'in', [...ids])
      .execute()
      .then(() => releaseLostJobs(db, [...ids], [...running]))
      .catch(() => {});
  }, HEARTBEAT_SECONDS * 1000);
  heartbeat.unref();

  return {
    workerIds: () => [...ids],
    async stop() {
      clearInterval(heartbeat);
      // Graceful: running jobs finish; nothing new is taken.
      await runner.stop();
      if (!deps.channels) closeChannels(channels);
      await pgPool.end().catch(() => {});
      // Nothing of this process runs any more: a job still locked in its name (one taken just as
      // the shutdown began) goes back to the queue now rather than after the stale-lock timeout.
      const own = [...ids];
      if (own.length) {
        await sql`SELECT graphile_worker.force_unlock_workers(${own}::text[])`.execute(db).catch(() => {});
        await db.deleteFrom('job_workers').where('worker_id', 'in', own).execute().catch(() => {});
      }
    },
  };
}

/**
 * graphile-worker 0.17 records a job's completion or failure without awaiting it; when PostgreSQL
 * restarts at that moment the promise rejects with nobody to catch it, which would end the process.
 * Those rejections (connection errors from its complete/fail queries) are logged and the job is
 * released by releaseLostJobs; any other unhandled rejection is left to Node.
 */
let guarding = false;
function guardLostCompletions() {
  if (guarding) return;
  guarding = true;
  process.on('unhandledRejection', (reason) => {
    const error = reason as { code?: string; stack?: string; message?: string };
    const lostConnection = /^(57P|08)/.test(error?.code ?? '') || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(error?.code ?? '');
    if (lostConnection && /completeJobs|failJobs/.test(error?.stack ?? '')) {
      log('warn', 'jobs.completion-lost', { code: error.code });
      return;
    }
    throw reason;
  });
}

/** Jobs locked in this process's name for over a minute that none of its workers is running. */
export async function releaseLostJobs(db: Database, workerIds: string[], runningJobIds: string[]): Promise<void> {
  await sql`
    UPDATE graphile_worker._private_jobs SET locked_at = NULL, locked_by = NULL
    WHERE locked_by = ANY(${workerIds}::text[])
      AND locked_at < now() - interval '1 minute'
      AND NOT (id = ANY(${runningJobIds}::bigint[]))`.execute(db);
}

/**
 * The queue's own connections to the application's database. A connection that loses its server
 * (PostgreSQL restarting) fails its query and is replaced; it never crashes the process.
 */
function workerPool(db: Database, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: connectionStringOf(db), max });
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/**
 * Jobs locked by a worker that stopped without releasing them (a killed process) go back to the
 * queue: delivery is at least once, and every handler may run twice.
 */
export async function releaseStaleLocks(db: Database, staleAfterSeconds = STALE_AFTER_SECONDS): Promise<number> {
  const { rows } = await sql<{ locked_by: string }>`
    SELECT DISTINCT jobs.locked_by
    FROM graphile_worker.jobs AS jobs
    LEFT JOIN job_workers ON job_workers.worker_id = jobs.locked_by
    WHERE jobs.locked_by IS NOT NULL
      AND coalesce(job_workers.heartbeat_at, jobs.locked_at) <= now() - make_interval(secs => ${staleAfterSeconds})`.execute(db);
  const stale = rows.map((row) => row.locked_by);
  if (stale.length === 0) return 0;
  await sql`SELECT graphile_worker.force_unlock_workers(${stale}::text[])`.execute(db);
  await db.deleteFrom('job_workers').where('worker_id', 'in', stale).execute();
  log('warn', 'jobs.released-stale-locks', { workers: stale.length });
  return stale.length;
}

/** Runs the queued jobs that are due now (optionally only some tasks) and returns when none is left. */
export async function runQueuedJobs(deps: WorkerDependencies, only?: TaskName[]): Promise<void> {
  const channels = deps.channels ?? createChannels(deps.config ?? getConfig());
  const pgPool = workerPool(deps.db, 3);
  guardLostCompletions();
  try {
    await runOnce({ pgPool, noHandleSignals: true, logger: workerLogger, taskList: taskList(deps, channels, only) });
  } finally {
    if (!deps.channels) closeChannels(channels);
    await pgPool.end().catch(() => {});
  }
}
