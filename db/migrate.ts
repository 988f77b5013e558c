import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Logger, runMigrations } from 'graphile-worker';
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { connectionStringOf } from './pool.js';
import { grantJobQueue } from './roles.js';
import { secureLaterPatientTables } from './row-level-security.js';

// Beside this module: db/migrations, or build/migrations (compiled) for the server `npm start` runs.
const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const MIGRATION_FILE = /^(\d{4}_[\w-]+)\.(?:ts|mjs)$/;

/**
 * Every file in db/migrations, keyed by its name without the extension: forward-only, applied in
 * name order (a sortable four-digit prefix). Never edit a migration that has shipped; add a new one.
 */
export async function loadMigrations(): Promise<Record<string, Migration>> {
  const files = fs.readdirSync(MIGRATIONS_DIR).filter((file) => MIGRATION_FILE.test(file)).sort();
  const entries = await Promise.all(
    files.map(async (file) => [MIGRATION_FILE.exec(file)![1], (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as Migration] as const),
  );
  return Object.fromEntries(entries);
}

/**
 * Applies every pending migration in order, then the job queue's own schema (graphile_worker,
 * versioned by graphile-worker), then the row-level security of later tables that came without it
 * (db/row-level-security.ts); throws with the failing migration's name.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrations = await loadMigrations();
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  await runMigrations({ connectionString: connectionStringOf(db), logger: quietLogger });
  await grantJobQueue(db);
  await secureLaterPatientTables(db);
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

const quietLogger = new Logger(() => () => {});
