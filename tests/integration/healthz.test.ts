import { afterAll, beforeAll, expect, it } from 'vitest';
import * as healthz from '../../app/routes/healthz';
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
  expect(result.data).toEqual({ status: 'ok', db: 'ok', search: 'postgres' });
});
