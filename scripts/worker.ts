// `npm run worker`: the background jobs on their own, for deployments with several app servers
// (start those with CARELOOP_WORKER=off). Any number of workers may run; each job runs once.
import { startWorker } from '../app/jobs/worker.server.js';
import { parseConfig } from '../app/config.server.js';
import { migrateToLatest } from '../db/migrate.js';
import { exitWithProblem, onShutdownSignal, openDatabase } from './database.js';

async function main() {
  const config = parseConfig(process.env);
  const database = await openDatabase(config.CARELOOP_DATA_DIR);
  process.env.DATABASE_URL = database.urls.app;
  process.env.DATABASE_PLATFORM_URL = database.urls.platform;
  await migrateToLatest(database.db);
  // The platform role: jobs work across organisations through its explicit policies, never as the owner.
  const worker = await startWorker({ db: database.platformDb(), config });
  console.log(`CareLoop worker running (${config.WORKER_CONCURRENCY} at a time). Press Ctrl-C to stop.`);
  onShutdownSignal(async (signal) => {
    console.log(`${signal}: finishing running jobs…`);
    await worker.stop();
    await database.close();
  });
}

main().catch((error) => exitWithProblem(error, 'worker'));
