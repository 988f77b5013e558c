import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, takeOverShutdownSignals, type EmbeddedServer } from '../db/embedded.js';
import { createDatabase, type Database } from '../db/pool.js';

export const APP_DATABASE = 'careloop';

export interface OpenDatabase {
  url: string;
  db: Database;
  embedded?: EmbeddedServer;
  close(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded server under the data directory. */
export async function openDatabase(dataDir = process.env.CARELOOP_DATA_DIR || '.data'): Promise<OpenDatabase> {
  let url = process.env.DATABASE_URL || undefined;
  let embedded: EmbeddedServer | undefined;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
    url = await ensureDatabase(embedded.url, APP_DATABASE);
  }
  const db = createDatabase(url, { max: 20 });
  return {
    url,
    db,
    embedded,
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Prints a problem the person can fix as one sentence, anything else in full, and exits. */
export function exitWithProblem(error: unknown, command: string): never {
  const named = error instanceof Error && ['StartupError', 'ConfigError', 'HsdsImportError', 'SearchEngineError'].includes(error.name);
  if (named) console.error(`${command}: ${(error as Error).message}`);
  else console.error(`${command}: failed:`, error);
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
