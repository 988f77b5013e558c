// What the job queue looks like from outside: its depth for /healthz, and the jobs that failed
// for good (the dead letters) for the platform admin to see, retry or discard.
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { TaskName } from './tasks.js';

export interface QueueHealth {
  /** Jobs waiting to run now or later, not counting those that failed for good. */
  pending: number;
  /** Age in seconds of the oldest job that is due and waiting; 0 when none. */
  oldestPendingSeconds: number;
  failed: number;
}

export async function queueHealth(db: Database): Promise<QueueHealth> {
  const { rows } = await sql<{ pending: number; oldest: number | null; failed: number }>`
    SELECT
      count(*) FILTER (WHERE attempts < max_attempts)::int AS pending,
      extract(epoch FROM now() - min(run_at) FILTER (WHERE attempts < max_attempts AND run_at <= now() AND locked_at IS NULL))::float AS oldest,
      count(*) FILTER (WHERE attempts >= max_attempts)::int AS failed
    FROM graphile_worker.jobs`.execute(db);
  const row = rows[0];
  return { pending: row.pending, oldestPendingSeconds: Math.max(0, Math.round(row.oldest ?? 0)), failed: row.failed };
}

/** Jobs of these tasks still waiting (or failed), e.g. index jobs after an import. */
export async function countQueuedJobs(db: Database, tasks: TaskName[]): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    SELECT count(*)::int AS count FROM graphile_worker.jobs WHERE task_identifier = ANY(${tasks}::text[])`.execute(db);
  return rows[0].count;
}

export interface FailedJob {
  id: string;
  task: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  failedAt: string;
}

export async function listFailedJobs(db: Database, limit = 100): Promise<FailedJob[]> {
  const { rows } = await sql<{ id: string; task_identifier: string; attempts: number; last_error: string | null; created_at: Date; updated_at: Date }>`
    SELECT id::text, task_identifier, attempts, last_error, created_at, updated_at
    FROM graphile_worker.jobs
    WHERE attempts >= max_attempts
    ORDER BY updated_at DESC
    LIMIT ${limit}`.execute(db);
  return rows.map((row) => ({
    id: row.id,
    task: row.task_identifier,
    attempts: row.attempts,
    // Errors are the handler's messages (ids and provider codes), first line only.
    lastError: row.last_error?.split('\n')[0].slice(0, 300) ?? null,
    createdAt: row.created_at.toISOString(),
    failedAt: row.updated_at.toISOString(),
  }));
}

/** Puts a failed job back in the queue with its attempts reset; false when it is not a failed job. */
export async function retryFailedJob(db: Database, jobId: string): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    SELECT id::text FROM graphile_worker.reschedule_jobs(
      ARRAY(SELECT id FROM graphile_worker.jobs WHERE id = ${jobId}::bigint AND attempts >= max_attempts),
      run_at := now(), attempts := 0)`.execute(db);
  return rows.length > 0;
}

/** Removes a failed job for good; false when it is not a failed job. */
export async function discardFailedJob(db: Database, jobId: string): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    SELECT id::text FROM graphile_worker.complete_jobs(
      ARRAY(SELECT id FROM graphile_worker.jobs WHERE id = ${jobId}::bigint AND attempts >= max_attempts))`.execute(db);
  return rows.length > 0;
}
