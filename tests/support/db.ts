import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, type Database } from '../../db/pool.js';
import { DEMO_TEMPLATE, EMPTY_TEMPLATE, databaseUrl, recreateDatabase } from './templates.js';

export interface TestDatabase {
  db: Database;
  url: string;
  drop(): Promise<void>;
}

/** An isolated database for one test file, cloned from a prepared template. */
export async function createTestDatabase(contents: 'empty' | 'demo' = 'empty'): Promise<TestDatabase> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `careloop_test_${randomBytes(6).toString('hex')}`;
  await recreateDatabase(adminUrl, name, contents === 'demo' ? DEMO_TEMPLATE : EMPTY_TEMPLATE);
  const url = databaseUrl(adminUrl, name);
  const db = createDatabase(url, { max: 4 });
  return {
    db,
    url,
    async drop() {
      await db.destroy();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      await client.end();
    },
  };
}
