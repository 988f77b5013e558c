import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';

export interface SearchIndexHealth {
  /** Index jobs waiting (changes not yet searchable). */
  pendingJobs: number;
  /** Seconds since the oldest waiting change was queued: how far the index lags the directory. */
  lagSeconds: number;
  /** Index jobs that failed for good (see the Outbox page). */
  failedJobs: number;
}

const INDEX_TASKS = ['search.sync-services', 'search.rescore-need'];

export async function searchIndexHealth(db: Database): Promise<SearchIndexHealth> {
  const { rows } = await sql<{ pending: number; oldest: number | null; failed: number }>`
    SELECT
      count(*) FILTER (WHERE attempts < max_attempts)::int AS pending,
      extract(epoch FROM now() - min(created_at) FILTER (WHERE attempts < max_attempts))::float AS oldest,
      count(*) FILTER (WHERE attempts >= max_attempts)::int AS failed
    FROM graphile_worker.jobs WHERE task_identifier = ANY(${INDEX_TASKS}::text[])`.execute(db);
  const row = rows[0];
  return { pendingJobs: row.pending, lagSeconds: Math.max(0, Math.round(row.oldest ?? 0)), failedJobs: row.failed };
}
