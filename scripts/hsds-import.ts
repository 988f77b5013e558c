// Imports an HSDS 3.0 tabular datapackage into the directory: `npm run hsds:import -- <folder>`.
import fs from 'node:fs';
import { importHsdsDatapackage } from '../app/directory/hsds-import.server.js';
import { countQueuedJobs } from '../app/jobs/queue.server.js';
import { runQueuedJobs } from '../app/jobs/worker.server.js';
import { migrateToLatest } from '../db/migrate.js';
import { exitWithProblem, openDatabase } from './database.js';

const folder = process.argv[2];
if (!folder || process.argv.length > 3) {
  console.error('usage: npm run hsds:import -- <folder with datapackage.json and the HSDS CSV files>');
  process.exit(2);
}
if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
  console.error(`hsds:import: ${folder} is not a folder.`);
  process.exit(2);
}

try {
  // The same database the app uses: DATABASE_URL, or the embedded server under CARELOOP_DATA_DIR.
  const database = await openDatabase();
  try {
    await migrateToLatest(database.db);
    const started = performance.now();
    const summary = await importHsdsDatapackage(database.db, folder, { onProgress: (message) => console.log(message) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const counts = Object.entries(summary.counts).map(([table, count]) => `${count} ${table}`);
    console.log(`Imported ${counts.join(', ')} in ${seconds} s.`);
    for (const warning of summary.warnings) console.log(`warning: ${warning}`);
    // The index jobs were queued with the import; run them now rather than wait for a worker.
    await runQueuedJobs({ db: database.db }, ['search.sync-services']);
    const waiting = await countQueuedJobs(database.db, ['search.sync-services']);
    console.log(
      waiting === 0
        ? 'Search index: up to date.'
        : `Search index: ${waiting} index jobs are waiting (the search engine did not answer); the worker retries them until it does.`,
    );
  } finally {
    await database.close();
  }
} catch (error) {
  exitWithProblem(error, 'hsds:import');
}
