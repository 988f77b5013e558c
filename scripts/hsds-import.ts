// Imports an HSDS 3.0 tabular datapackage into the directory:
//   npm run hsds:import -- [--dry-run] [--skip-invalid] [--replace] [--report <file>] <folder or .zip>
import os from 'node:os';
import { parseArgs } from 'node:util';
import { importHsdsPackage, type ImportProgress } from '../app/directory/hsds-import.server.js';
import { countQueuedJobs } from '../app/jobs/queue.server.js';
import { runQueuedJobs } from '../app/jobs/worker.server.js';
import { migrateToLatest } from '../db/migrate.js';
import { exitWithProblem, openDatabase } from './database.js';

const USAGE = 'usage: npm run hsds:import -- [--dry-run] [--skip-invalid] [--replace] [--report <file>] <folder or .zip>';
let parsed: ReturnType<typeof parseOptions>;
function parseOptions() {
  return parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean' },
      'skip-invalid': { type: 'boolean' },
      replace: { type: 'boolean' },
      report: { type: 'string' },
    },
  });
}
try {
  parsed = parseOptions();
} catch (error) {
  console.error(`hsds:import: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (parsed.positionals.length !== 1) {
  console.error(USAGE);
  process.exit(2);
}
const source = parsed.positionals[0];
const options = parsed.values;
const skipInvalid = options['skip-invalid'] === true;
const reportFile = options.report ?? (skipInvalid ? 'hsds-import-report.txt' : undefined);

// A counter per table: updated in place in a terminal, one line per finished table in a log.
const live = process.stdout.isTTY;
function progress(event: ImportProgress) {
  if (event.phase === 'reading') {
    if (!event.file || event.rows === undefined) return;
    const line = `[${event.filesDone}/${event.filesTotal}] ${event.file}: ${event.rows.toLocaleString('en-US')} rows`;
    if (live) process.stdout.write(`\r${line}${event.finished ? '\n' : ''}`);
    else if (event.finished) console.log(line);
    return;
  }
  if (event.phase === 'checking') console.log('Checking keys, uniques and references…');
  if (event.phase === 'writing') console.log('Writing…');
}

try {
  // The same database the app uses: DATABASE_URL, or the embedded server under CARELOOP_DATA_DIR.
  const database = await openDatabase();
  try {
    await migrateToLatest(database.db);
    const started = performance.now();
    const report = await importHsdsPackage(database.db, source, {
      dryRun: options['dry-run'],
      skipInvalid,
      replace: options.replace,
      reportFile,
      startedBy: { name: `${os.userInfo().username} (terminal)` },
      onProgress: progress,
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    for (const problem of report.problems.slice(0, 50)) console.log(problem);
    if (report.problemCount > 50) console.log(`… and ${report.problemCount - 50} more problems${reportFile ? ` (all in ${reportFile})` : ''}.`);
    for (const warning of report.warnings) console.log(`warning: ${warning}`);
    for (const conflict of report.conflicts) {
      console.log(`kept CareLoop's edit: ${conflict.resource} ${conflict.id} ${conflict.field}: kept "${conflict.kept ?? ''}", the package has "${conflict.incoming ?? ''}"`);
    }
    const counts = Object.entries(report.counts).map(([table, count]) => `${count} ${table}`).join(', ');
    if (!report.ok) {
      console.log(`Nothing was imported: ${report.problemCount} problems. Fix them, or run with --skip-invalid to import the valid rows.`);
      process.exitCode = 1;
    } else if (report.dryRun) {
      console.log(`Dry run: the package is ${report.problemCount ? `importable with --skip-invalid (${report.problemCount} problems)` : 'valid'}; it would import ${counts}. Nothing was written.`);
    } else {
      const removed = Object.entries(report.removed).filter(([, count]) => count > 0).map(([table, count]) => `${count} ${table}`);
      console.log(`Imported ${counts} in ${seconds} s${removed.length ? `; removed ${removed.join(', ')}` : ''}. Import ${report.importId}.`);
      if (report.problemCount) console.log(`${report.problemCount} invalid rows were left out; the report is in ${reportFile}.`);
      // The index jobs were queued with the import; run them now rather than wait for a worker.
      await runQueuedJobs({ db: database.db }, ['search.sync-services']);
      const waiting = await countQueuedJobs(database.db, ['search.sync-services']);
      console.log(
        waiting === 0
          ? 'Search index: up to date.'
          : `Search index: ${waiting} index jobs are waiting (the search engine did not answer); the worker retries them until it does.`,
      );
    }
  } finally {
    await database.close();
  }
} catch (error) {
  exitWithProblem(error, 'hsds:import');
}
