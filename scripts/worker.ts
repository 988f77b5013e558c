// `npm run worker`: the background jobs on their own, for deployments with several app servers
// (start those with CARELOOP_WORKER=off). Any number of workers may run; each job runs once.
import { startWorker } from '../app/jobs/worker.server.js';
import { parseConfig } from '../app/config.server.js';
import { migrateToLatest } from '../db/migrate.js';
import { exitWithProblem, onShutdownSignal, openDatabase } from './database.js';

async function main() {
  const config = parseConfig(process.env);
  const database = await openDatabase(config.CARELOOP_DATA_DIR);
  process.env.DATABASE_URL = database.url;
  await migrateToLatest(database.db);
  const worker = await startWorker({ db: database.db, config });
  console.log(`CareLoop worker running (${config.WORKER_CONCURRENCY} at a time). Press Ctrl-C to stop.`);
  onShutdownSignal(async (signal) => {
    console.log(`${signal}: finishing running jobs…`);
    await worker.stop();
    await database.close();
  });
}

main().catch((error) => exitWithProblem(error, 'worker'));
