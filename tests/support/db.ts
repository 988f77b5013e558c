import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { Database } from '../../db/pool.js';
import { roleUrls } from '../../db/roles.js';
import { DEMO_TEMPLATE, EMPTY_TEMPLATE, databaseUrl, ownerDatabase, recreateDatabase } from './templates.js';

export interface TestDatabase {
  /** The owner's connection, maintenance policies open: for a test's own setup and checks. */
  db: Database;
  /** The owner's URL (migrations, tools that need to see everything). */
  url: string;
  /** The application's least-privilege role, under row-level security. */
  appUrl: string;
  /** The platform role (jobs, views across organisations). */
  platformUrl: string;
  /** The server's superuser, for what no CareLoop role may do. */
  adminUrl: string;
  name: string;
  drop(): Promise<void>;
}

/** An isolated database for one test file, cloned from a prepared template. */
export async function createTestDatabase(contents: 'empty' | 'demo' = 'empty'): Promise<TestDatabase> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `careloop_test_${randomBytes(6).toString('hex')}`;
  await recreateDatabase(adminUrl, name, contents === 'demo' ? DEMO_TEMPLATE : EMPTY_TEMPLATE);
  const urls = roleUrls(adminUrl, name);
  const db = ownerDatabase(adminUrl, name, { max: 4 });
  return {
    db,
    url: urls.owner,
    appUrl: urls.app,
    platformUrl: urls.platform,
    adminUrl: databaseUrl(adminUrl, name),
    name,
    async drop() {
      await db.destroy();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      await client.end();
    },
  };
}
