import pg from 'pg';
import { createDatabase } from '../../db/pool.js';
import { migrateToLatest } from '../../db/migrate.js';
import { DATABASE_ROLES, MAINTENANCE_SETTINGS, ensureRoles, installExtensions, roleUrls } from '../../db/roles.js';
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

/** A fresh database owned by CareLoop's owner role (cloned from `template` when given). */
export async function recreateDatabase(adminUrl: string, name: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const ident = client.escapeIdentifier(name);
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    await client.query(`DROP DATABASE IF EXISTS ${ident}`);
    await client.query(
      `CREATE DATABASE ${ident} OWNER ${client.escapeIdentifier(DATABASE_ROLES.owner)}${template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : ''}`,
    );
  } finally {
    await client.end();
  }
  if (!template) await installExtensions(adminUrl, name);
}

/** The owner's connection with its maintenance policies open: migrations, seeding, a test's own checks. */
export function ownerDatabase(adminUrl: string, name: string, options: { max?: number } = {}) {
  return createDatabase(roleUrls(adminUrl, name).owner, { ...options, sessionSettings: () => MAINTENANCE_SETTINGS });
}

export async function prepareTemplates(adminUrl: string) {
  await ensureRoles(adminUrl);
  await recreateDatabase(adminUrl, EMPTY_TEMPLATE);
  const empty = ownerDatabase(adminUrl, EMPTY_TEMPLATE);
  await migrateToLatest(empty);
  await empty.destroy();

  await recreateDatabase(adminUrl, DEMO_TEMPLATE, EMPTY_TEMPLATE);
  const demo = ownerDatabase(adminUrl, DEMO_TEMPLATE);
  // Indexed by the PostgreSQL engine whatever the environment says: a test that wants Meilisearch builds its own index.
  await seedDemo(demo, () => {}, createPostgresSearchEngine(demo));
  await demo.destroy();
}
