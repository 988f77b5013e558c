import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely as KyselyInstance,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

// DATE columns stay calendar dates ('1980-02-29'), never shifted through a time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type Database = Kysely<DB>;

export interface DatabaseOptions {
  max?: number;
  /**
   * Settings (GUCs such as `careloop.organization_id`) for whoever the next query runs for; the
   * row-level security policies read them. Applied to each connection as it is checked out.
   */
  sessionSettings?: () => Record<string, string>;
  /** Turns a database error into what the caller should see instead (e.g. a 400 for bad input). */
  translateError?: (error: unknown) => unknown;
  /** Server settings every connection of the pool starts with (sent at connect, e.g. `work_mem`). */
  serverSettings?: Record<string, string>;
}

/**
 * The platform role's work spans every organisation (the report facts' refresh, platform-wide
 * reports): sorts and groupings of a million rows, which spill to disk with PostgreSQL's default
 * 4 MB per operation (and take twice as long).
 */
export const PLATFORM_SERVER_SETTINGS = { work_mem: '64MB' };

// The job queue (graphile-worker) opens its own connections to the same database.
const connectionStrings = new WeakMap<Kysely<any>, string>();

/** The connection string a database handle was created with. */
export function connectionStringOf(db: Kysely<any>): string {
  const url = connectionStrings.get(db);
  if (!url) throw new Error('This database handle was not made by createDatabase().');
  return url;
}

export function createDatabase(connectionString: string, options: DatabaseOptions = {}): Database {
  const serverOptions = Object.entries(options.serverSettings ?? {}).map(([name, value]) => `-c ${name}=${value}`).join(' ');
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, ...(serverOptions ? { options: serverOptions } : {}) });
  // An idle client that loses its server (e.g. PostgreSQL restarting) must not crash the process,
  pool.on('error', () => {});
  // nor may one that loses it while checked out: its query fails, and it is not used again.
  pool.on('connect', (client) => client.on('error', () => {}));
  const dialect: Dialect = {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new CareLoopDriver(pool, options),
    createIntrospector: (db: KyselyInstance<any>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
  const db = new Kysely<DB>({ dialect });
  connectionStrings.set(db, connectionString);
  return db;
}

/**
 * A connection whose server went away (a restart, an administrator's command) or that broke its
 * protocol: it goes back to the pool only to be thrown away.
 */
function isConnectionFailure(error: unknown): boolean {
  const { code, severity } = (error ?? {}) as { code?: string; severity?: string };
  return severity === 'FATAL' || severity === 'PANIC' || code?.startsWith('08') === true || code?.startsWith('57P') === true || !code;
}

/**
 * PostgreSQL through node-postgres, like Kysely's own driver, plus: each checked-out connection
 * carries the settings of the request it serves (set only when they differ from what it already
 * has), errors pass through `translateError`, and a connection that failed is never reused.
 */
class CareLoopDriver implements Driver {
  constructor(
    private readonly pool: pg.Pool,
    private readonly options: DatabaseOptions,
  ) {}

  async init() {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.pool.connect();
    const connection = new CareLoopConnection(client, this.options.translateError);
    const settings = this.options.sessionSettings?.();
    if (settings) {
      const key = JSON.stringify(settings);
      if (appliedSettings.get(client) !== key) {
        const names = Object.keys(settings);
        const calls = names.map((_, index) => `set_config($${index * 2 + 1}, $${index * 2 + 2}, false)`).join(', ');
        try {
          await connection.executeQuery(CompiledQuery.raw(`SELECT ${calls}`, names.flatMap((name) => [name, settings[name]])));
        } catch (error) {
          connection.release();
          throw error;
        }
        appliedSettings.set(client, key);
      }
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    let statement = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      statement = `start transaction${settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : ''}${settings.accessMode ? ` ${settings.accessMode}` : ''}`;
    }
    await connection.executeQuery(CompiledQuery.raw(statement));
  }

  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string) {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string) {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdentifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string) {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdentifier(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection) {
    (connection as CareLoopConnection).release();
  }

  async destroy() {
    await this.pool.end();
  }
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

// What each pooled client has been told about the request it serves.
const appliedSettings = new WeakMap<pg.PoolClient, string>();

class CareLoopConnection implements DatabaseConnection {
  #failure: unknown;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly translate: DatabaseOptions['translateError'],
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const { command, rowCount, rows } = await this.client.query(compiledQuery.sql, [...compiledQuery.parameters]);
      return {
        numAffectedRows: ['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(command) ? BigInt(rowCount ?? 0) : undefined,
        rows: (rows ?? []) as R[],
      };
    } catch (error) {
      if (isConnectionFailure(error)) this.#failure = error;
      throw this.translate ? this.translate(error) : error;
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported by this driver.');
  }

  release() {
    // Passing the failure makes the pool discard the client instead of handing it out again.
    this.client.release(this.#failure instanceof Error ? this.#failure : this.#failure ? new Error('connection failed') : undefined);
  }
}
