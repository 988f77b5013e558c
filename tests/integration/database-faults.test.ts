// Regression tests: losing PostgreSQL (a restart ends every connection) once crashed the web server
// through an unhandled 'error' event on a client that was checked out of the pool.
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/pool';
import { DEMO_PASSWORD } from '../../db/seed';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startServer, type RunningServer } from '../support/server';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('demo');
});
afterAll(() => database.drop());

/** What a PostgreSQL restart does to the clients: every backend of the database is terminated. */
async function terminateBackends(name: string) {
  const admin = new pg.Client({ connectionString: database.adminUrl.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  await admin.end();
}

describe('the data layer', () => {
  it('survives losing the server in the middle of a query, and works again afterwards', async () => {
    const db = createDatabase(database.appUrl, { max: 2 });
    try {
      const running = sql`SELECT pg_sleep(5)`.execute(db).then(
        () => 'finished',
        (error: Error) => error.message,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await terminateBackends(database.name);
      expect(await running).toMatch(/terminat/);
      const { rows } = await sql<{ ok: number }>`SELECT 1 AS ok`.execute(db);
      expect(rows).toEqual([{ ok: 1 }]);
    } finally {
      await db.destroy();
    }
  });
});

describe('the web server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(database);
  }, 120_000);
  afterAll(() => server?.stop());

  it('keeps running while PostgreSQL drops every connection under load, and answers once it is back', async () => {
    const page = await fetch(`${server.url}/login`);
    const cookie = page.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const token = /name="csrf" value="([^"]+)"/.exec(await page.text())![1];
    const signedIn = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
      body: new URLSearchParams({ csrf: token, email: 'sam.rivera@clinic.example', password: DEMO_PASSWORD }),
    });
    const session = signedIn.headers.getSetCookie()[0].split(';')[0];

    let stop = false;
    const load = Array.from({ length: 6 }, async () => {
      while (!stop) await fetch(`${server.url}/patients`, { headers: { Cookie: session } }).then((response) => response.arrayBuffer()).catch(() => undefined);
    });
    for (let round = 0; round < 5; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await terminateBackends(database.name);
    }
    stop = true;
    await Promise.all(load);

    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/patients`, { headers: { Cookie: session } })).status).toBe(200);
  }, 60_000);
});
