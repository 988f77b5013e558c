import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import type { DomainEvent, TaskName, TaskPayloads } from './tasks.js';

export interface EnqueueOptions {
  /** A pending job with the same key is not added twice. */
  jobKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * The transactional outbox: adds a job in the caller's transaction, so the job exists exactly when
 * the business write commits. graphile-worker's add_job also wakes a waiting worker (NOTIFY).
 */
export async function enqueueJob<T extends TaskName>(
  db: Database | Transaction<DB>,
  task: T,
  payload: TaskPayloads[T],
  options: EnqueueOptions = {},
): Promise<void> {
  await sql`
    SELECT graphile_worker.add_job(
      ${task},
      ${JSON.stringify(payload)}::json,
      run_at => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? null}::int,
      job_key => ${options.jobKey ?? null}::text,
      job_key_mode => ${options.jobKey ? 'unsafe_dedupe' : 'replace'}::text
    )`.execute(db);
}

/** Queues the notification of a business event with the write; its key makes it happen once. */
export function queueNotification(db: Database | Transaction<DB>, event: DomainEvent): Promise<void> {
  return enqueueJob(db, 'notifications.dispatch', event, { jobKey: `notify:${event.eventKey}` });
}
