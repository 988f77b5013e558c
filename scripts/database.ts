import path from 'node:path';
import pg from 'pg';
import { StartupError, runningEmbeddedPostgres, startEmbeddedPostgres, takeOverShutdownSignals, type EmbeddedServer } from '../db/embedded.js';
import { createDatabase, PLATFORM_SERVER_SETTINGS, type Database } from '../db/pool.js';
import { DATABASE_ROLES, MAINTENANCE_SETTINGS, checkRole, ensureRoles, installExtensions, roleUrls, transferOwnership, type RoleUrls } from '../db/roles.js';

export const APP_DATABASE = 'careloop';

export interface OpenDatabase {
  /** The application's least-privilege role. */
  url: string;
  /** Every role's URL. */
  urls: RoleUrls;
  /** The owner's connection (migrations, the demo seed), maintenance policies open. */
  db: Database;
  /** The platform role's connection: the job worker's, across organisations through its own policies, never the owner's. */
  platformDb(): Database;
  embedded?: EmbeddedServer;
  close(): Promise<void>;
}

/**
 * DATABASE_URL (the app's role), DATABASE_OWNER_URL and DATABASE_PLATFORM_URL when set; otherwise
 * the embedded server under the data directory, which sets up the roles and the database itself.
 */
export async function openDatabase(
  dataDir = process.env.CARELOOP_DATA_DIR || '.data',
  options: { besideRunningServer?: boolean } = {},
): Promise<OpenDatabase> {
  let urls: RoleUrls;
  let embedded: EmbeddedServer | undefined;
  if (process.env.DATABASE_URL) {
    const app = process.env.DATABASE_URL;
    urls = { app, owner: process.env.DATABASE_OWNER_URL || app, platform: process.env.DATABASE_PLATFORM_URL || app };
  } else {
    const clusterDir = path.join(dataDir, 'postgres');
    embedded = (options.besideRunningServer && runningEmbeddedPostgres(clusterDir)) || (await startEmbeddedPostgres({ dataDir: clusterDir }));
    await ensureRoles(embedded.url);
    await ensureDatabase(embedded.url, APP_DATABASE);
    await installExtensions(embedded.url, APP_DATABASE);
    urls = roleUrls(embedded.url, APP_DATABASE);
  }
  const db = createDatabase(urls.owner, { max: 10, sessionSettings: () => MAINTENANCE_SETTINGS });
  let platform: Database | undefined;
  return {
    url: urls.app,
    urls,
    db,
    platformDb: () => (platform ??= createDatabase(urls.platform, { max: 10, serverSettings: PLATFORM_SERVER_SETTINGS })),
    embedded,
    async close() {
      await platform?.destroy();
      await db.destroy();
      await embedded?.stop();
    },
  };
}

/** The app's database, owned by the owner role (a cluster made before the roles existed is handed over). */
async function ensureDatabase(adminUrl: string, name: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const existing = await client.query<{ owner: string }>(
      'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
      [name],
    );
    if (existing.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} OWNER ${client.escapeIdentifier(DATABASE_ROLES.owner)}`);
      return;
    }
    if (existing.rows[0].owner === DATABASE_ROLES.owner) return;
  } finally {
    await client.end();
  }
  await transferOwnership(adminUrl, name);
}

/**
 * In production the app's role must be what the row-level security assumes: not a superuser, not
 * the owner of the tables, without BYPASSRLS; elsewhere such a setup is only warned about.
 */
export async function checkAppRole(url: string, production: boolean) {
  const role = await checkRole(url);
  const problems = [
    role.superuser && 'is a superuser',
    role.bypassRls && 'has BYPASSRLS',
    role.ownsTables && 'owns the tables (or is a member of their owner)',
  ].filter(Boolean);
  if (problems.length === 0) return;
  const message = `The database role ${role.role} of DATABASE_URL ${problems.join(' and ')}; connect the app as a least-privilege role (README.md, "Security model").`;
  if (production) throw new StartupError(message);
  console.warn(`Warning: ${message}`);
}

/** Prints a problem the person can fix as one sentence, anything else as its name and message, and exits. */
export function exitWithProblem(error: unknown, command: string): never {
  const named = error instanceof Error && ['StartupError', 'ConfigError', 'HsdsImportError', 'BackupError', 'SearchEngineError'].includes(error.name);
  if (named) console.error(`${command}: ${(error as Error).message}`);
  else {
    const failure = error instanceof Error ? error : new Error(String(error));
    const code = (failure as { code?: string }).code;
    console.error(`${command}: failed: ${failure.name}${code ? ` ${code}` : ''}: ${failure.message}`);
  }
  process.exit(named ? 2 : 1);
}

/** Runs `stop` once on the first SIGINT or SIGTERM, then exits 0: the program's own graceful shutdown. */
export function onShutdownSignal(stop: (signal: string) => Promise<void>) {
  let stopping = false;
  const handle = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    await stop(signal);
    console.log('Stopped.');
    process.exit(0);
  };
  takeOverShutdownSignals();
  process.on('SIGINT', () => void handle('SIGINT'));
  process.on('SIGTERM', () => void handle('SIGTERM'));
}
