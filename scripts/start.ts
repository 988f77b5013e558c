// The server `npm start` runs compiled (build/server.mjs, after scripts/build.ts has built what changed) and, with --dev, the server behind `npm run dev`.
import { broadcastDevReady } from '@remix-run/node';
import express from 'express';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { migrateToLatest } from '../db/migrate.js';
import { DEMO_PASSWORD, databaseIsEmpty, demoAccounts, seedDemo } from '../db/seed.js';
import { parseConfig } from '../app/config.server.js';
import { StartupError } from '../db/embedded.js';
import { startWorker, type RunningWorker } from '../app/jobs/worker.server.js';
import { createSearchEngine, prepareSearchIndex } from '../search/index.js';
import { checkAppRole, exitWithProblem, onShutdownSignal, openDatabase, type OpenDatabase } from './database.js';
import { BUILD_ENTRY, createHttpApp, loadBuild } from './http-app.js';

const dev = process.argv.includes('--dev');

async function main() {
  const explicitProduction = process.env.NODE_ENV === 'production';
  const config = parseConfig(process.env);
  await assertPortFree(config.PORT);

  if (!config.SESSION_SECRET) {
    // Only reachable outside production (parseConfig refuses production without a secret).
    process.env.SESSION_SECRET = developmentSecret(config.CARELOOP_DATA_DIR);
  }
  if (!dev) process.env.NODE_ENV = 'production';
  if (explicitProduction && config.DATABASE_URL && !config.DATABASE_PLATFORM_URL) {
    throw new StartupError('DATABASE_PLATFORM_URL must be set in production: jobs and platform views connect as the platform role.');
  }

  const database = await openDatabase(config.CARELOOP_DATA_DIR);
  const shutdown = onShutdown(database);
  await checkAppRole(database.urls.app, explicitProduction);
  process.env.DATABASE_URL = database.urls.app;
  process.env.DATABASE_PLATFORM_URL = database.urls.platform;

  const applied = await migrateToLatest(database.db);
  if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
  // Demo accounts share a published password: never loaded into a production database unless asked.
  const demoAllowed = !explicitProduction || config.CARELOOP_DEMO_DATA === 'true';
  const empty = await databaseIsEmpty(database.db);
  if (empty && demoAllowed) {
    console.log('Empty database: loading the demo data…');
    await seedDemo(database.db, (message) => console.log(`  ${message}`), undefined, { activity: true, history: true });
  } else if (empty) {
    console.log('Empty database: no demo data in production (set CARELOOP_DEMO_DATA=true to load it).');
  }

  await prepareSearchIndex(database.db, createSearchEngine(database.db), (message) => console.log(message));

  let build = await loadBuild();

  const web = createHttpApp(build, { dev, trustProxy: config.TRUST_PROXY });
  const app = web.app;

  const server = await listen(app, config.PORT);
  shutdown.server = server;
  if (config.CARELOOP_WORKER === 'inline') {
    // The background jobs run in this process unless they run elsewhere (`npm run worker`).
    shutdown.worker = await startWorker({ db: database.platformDb(), config: parseConfig(process.env) });
  }
  const url = `http://localhost:${config.PORT}`;
  console.log(`\nCareLoop is running at ${url}`);
  console.log(`Database: ${database.embedded ? `embedded PostgreSQL (data in ${database.embedded.dataDir})` : 'DATABASE_URL'}`);
  console.log(`Background jobs: ${shutdown.worker ? 'running in this process' : 'off here (CARELOOP_WORKER=off; run `npm run worker`)'}`);
  console.log(`E-mail: ${config.SMTP_URL ? 'SMTP_URL' : `local outbox (${path.resolve(config.CARELOOP_DATA_DIR, 'mail')}, shown at /admin/outbox)`}`);
  if (demoAllowed) {
    console.log(`\nDemo accounts (password "${DEMO_PASSWORD}"):`);
    for (const account of demoAccounts()) console.log(`  ${account.email.padEnd(38)} ${account.role.padEnd(15)} ${account.organization}`);
  }
  console.log('\nPress Ctrl-C to stop.');

  if (dev) {
    await broadcastDevReady(build);
    fs.watch(path.dirname(BUILD_ENTRY), { persistent: false }, () => {
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(async () => {
        build = await loadBuild();
        web.setBuild(build);
        await broadcastDevReady(build);
      }, 100);
    });
  }
}
let reloadTimer: NodeJS.Timeout | undefined;

function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

async function assertPortFree(port: number) {
  const probe = express().listen(port);
  await new Promise<void>((resolve, reject) => {
    probe.once('listening', () => probe.close(() => resolve()));
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(`Port ${port} is already in use; stop the other program or set PORT to a free port (e.g. PORT=${3001}).`)
          : new StartupError(`Port ${port} cannot be used (${error.code}).`),
      ),
    );
  });
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port);
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new StartupError(error.code === 'EADDRINUSE' ? `Port ${port} is already in use.` : `Port ${port} cannot be used (${error.code}).`)),
    );
  });
}

function onShutdown(database: OpenDatabase) {
  const state: { server?: Server; worker?: RunningWorker } = {};
  onShutdownSignal(async (signal) => {
    console.log(`\n${signal}: stopping CareLoop…`);
    await new Promise<void>((resolve) => {
      if (!state.server) return resolve();
      state.server.close(() => resolve());
      state.server.closeIdleConnections();
    });
    // Running jobs finish first; jobs not yet started stay queued for the next start.
    await state.worker?.stop();
    await database.close();
  });
  return state;
}

main().catch((error) => exitWithProblem(error, 'careloop'));

