import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

// DATE columns stay calendar dates ('1980-02-29'), never shifted through a time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type Database = Kysely<DB>;

// The job queue (graphile-worker) opens its own connections to the same database.
const connectionStrings = new WeakMap<Kysely<any>, string>();

export function createDatabase(connectionString: string, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // An idle client that loses its server (e.g. PostgreSQL restarting) must not crash the process,
  pool.on('error', () => {});
  // nor may one that loses it while checked out: its query fails instead.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  connectionStrings.set(db, connectionString);
  return db;
}

/** The connection string a database handle was created with. */
export function connectionStringOf(db: Kysely<any>): string {
  const url = connectionStrings.get(db);
  if (!url) throw new Error('This database handle was not made by createDatabase().');
  return url;
}
