import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  type DatabaseConnection,
  type Driver,
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
}

export function createDatabase(connectionString: string, options: DatabaseOptions = {}): Database {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // An idle client that loses its server (e.g. PostgreSQL restarting) must not crash the process.
  pool.on('error', () => {});
  // Nor may a client that loses it while checked out: its query fails, and the pool drops it.
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<DB>({ dialect: new CareLoopDialect(pool, options) });
}

class CareLoopDialect extends PostgresDialect {
  readonly #options: DatabaseOptions;
  constructor(pool: pg.Pool, options: DatabaseOptions) {
    super({ pool });
    this.#options = options;
  }
  override createDriver(): Driver {
    return new CareLoopDriver(super.createDriver(), this.#options);
  }
}

/**
 * The PostgreSQL driver with two additions: each checked-out connection carries the settings of the
 * request it serves (set only when they differ from what the connection already has), and errors
 * pass through `translateError`.
 */
class CareLoopDriver implements Driver {
  readonly #inner: Driver;
  readonly #options: DatabaseOptions;
  readonly #wrapped = new WeakMap<DatabaseConnection, TranslatingConnection>();
  readonly #applied = new WeakMap<DatabaseConnection, string>();

  constructor(inner: Driver, options: DatabaseOptions) {
    this.#inner = inner;
    this.#options = options;
  }

  init() {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.#inner.acquireConnection();
    let wrapped = this.#wrapped.get(connection);
    if (!wrapped) {
      wrapped = new TranslatingConnection(connection, this.#options.translateError);
      this.#wrapped.set(connection, wrapped);
    }
    const settings = this.#options.sessionSettings?.();
    if (settings) {
      const key = JSON.stringify(settings);
      if (this.#applied.get(connection) !== key) {
        try {
          const names = Object.keys(settings);
          const calls = names.map((_, index) => `set_config($${index * 2 + 1}, $${index * 2 + 2}, false)`).join(', ');
          await connection.executeQuery(CompiledQuery.raw(`SELECT ${calls}`, names.flatMap((name) => [name, settings[name]])));
          this.#applied.set(connection, key);
        } catch (error) {
          this.#applied.delete(connection);
          await this.#inner.releaseConnection(connection);
          throw error;
        }
      }
    }
    return wrapped;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.#inner.beginTransaction(this.#unwrap(connection), settings);
  }

  commitTransaction(connection: DatabaseConnection) {
    return this.#inner.commitTransaction(this.#unwrap(connection));
  }

  rollbackTransaction(connection: DatabaseConnection) {
    return this.#inner.rollbackTransaction(this.#unwrap(connection));
  }

  releaseConnection(connection: DatabaseConnection) {
    return this.#inner.releaseConnection(this.#unwrap(connection));
  }

  savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompile) {
    return this.#inner.savepoint!(this.#unwrap(connection), name, compileQuery);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompile) {
    return this.#inner.rollbackToSavepoint!(this.#unwrap(connection), name, compileQuery);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompile) {
    return this.#inner.releaseSavepoint!(this.#unwrap(connection), name, compileQuery);
  }

  destroy() {
    return this.#inner.destroy();
  }

  #unwrap(connection: DatabaseConnection): DatabaseConnection {
    return connection instanceof TranslatingConnection ? connection.inner : connection;
  }
}

type QueryCompile = Parameters<NonNullable<Driver['savepoint']>>[2];

class TranslatingConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly translate: DatabaseOptions['translateError'],
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(compiledQuery);
    } catch (error) {
      throw this.translate ? this.translate(error) : error;
    }
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}
