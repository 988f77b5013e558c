import pg from 'pg';
import { createDatabase } from '../../db/pool.js';
import { migrateToLatest } from '../../db/migrate.js';
import { seedDemo } from '../../db/seed.js';
import { createPostgresSearchEngine } from '../../search/postgres.js';

/** A migrated, empty database; every test file clones it. */
export const EMPTY_TEMPLATE = 'careloop_test_empty';
/** The empty template plus the demo seed (organisations, users, the SF 211 directory). */
export const DEMO_TEMPLATE = 'careloop_test_demo';

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function recreateDatabase(adminUrl: string, name: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const ident = client.escapeIdentifier(name);
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    await client.query(`DROP DATABASE IF EXISTS ${ident}`);
    await client.query(`CREATE DATABASE ${ident}${template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : ''}`);
  } finally {
    await client.end();
  }
}

export async function prepareTemplates(adminUrl: string) {
  await recreateDatabase(adminUrl, EMPTY_TEMPLATE);
  const empty = createDatabase(databaseUrl(adminUrl, EMPTY_TEMPLATE));
  await migrateToLatest(empty);
  await empty.destroy();

  await recreateDatabase(adminUrl, DEMO_TEMPLATE, EMPTY_TEMPLATE);
  const demo = createDatabase(databaseUrl(adminUrl, DEMO_TEMPLATE));
  // Indexed by the PostgreSQL engine whatever the environment says: a test that wants Meilisearch builds its own index.
  await seedDemo(demo, () => {}, createPostgresSearchEngine(demo));
  await demo.destroy();
}
