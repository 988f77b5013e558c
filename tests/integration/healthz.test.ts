import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkHealth } from '../../app/health.server';
import * as healthz from '../../app/routes/healthz';
import { freePort } from '../../db/embedded';
import { createDatabase } from '../../db/pool';
import { createPostgresSearchEngine } from '../../search/postgres';
import { call, getRequest, useAppDatabase } from '../support/app';
import type { TestDatabase } from '../support/db';

let database: TestDatabase;
beforeAll(async () => {
  database = await useAppDatabase();
});
afterAll(() => database.drop());

it('reports the database and the search engine', async () => {
  const result = await call(healthz.loader, getRequest('/healthz'));
  expect(result.status).toBe(200);
  expect(result.data).toEqual({
    status: 'ok',
    db: 'ok',
    search: 'postgres',
    jobs: { pending: 0, oldestPendingSeconds: 0, failed: 0 },
    searchIndex: { pendingJobs: 0, lagSeconds: 0, failedJobs: 0 },
  });
});

it('reports how far the search index lags: index jobs waiting and the age of the oldest', async () => {
  const { enqueueJob } = await import('../../app/jobs/outbox.server');
  const { sql } = await import('kysely');
  await enqueueJob(database.db, 'search.sync-services', { serviceIds: [] }, { runAt: new Date(Date.now() + 3_600_000) });
  await sql`UPDATE graphile_worker._private_jobs SET created_at = now() - interval '90 seconds'
    WHERE id IN (SELECT id FROM graphile_worker.jobs WHERE task_identifier = 'search.sync-services')`.execute(database.db);
  const result = await call(healthz.loader, getRequest('/healthz'));
  expect(result.data.searchIndex.pendingJobs).toBe(1);
  expect(result.data.searchIndex.lagSeconds).toBeGreaterThanOrEqual(90);
  await sql`SELECT graphile_worker.complete_jobs(ARRAY(SELECT id FROM graphile_worker.jobs WHERE task_identifier = 'search.sync-services'))`.execute(database.db);
});

it('answers 503 and names the database when it is down', async () => {
  const unreachable = createDatabase(`postgres://postgres:x@127.0.0.1:${await freePort()}/careloop`);
  try {
    const { health, httpStatus } = await checkHealth(unreachable, createPostgresSearchEngine(unreachable));
    expect(httpStatus).toBe(503);
    expect(health).toEqual({ status: 'unavailable', db: 'down', search: 'postgres down', jobs: 'unknown', searchIndex: 'unknown' });
  } finally {
    await unreachable.destroy();
  }
});
