// Exports the whole directory as an HSDS 3.0 tabular datapackage: `npm run hsds:export -- <folder>`.
import fs from 'node:fs';
import { exportHsdsPackage } from '../app/directory/hsds-export.server.js';
import { migrateToLatest } from '../db/migrate.js';
import { exitWithProblem, openDatabase } from './database.js';

const folder = process.argv[2];
if (!folder || process.argv.length > 3) {
  console.error('usage: npm run hsds:export -- <folder to write datapackage.json and the HSDS CSV files into>');
  process.exit(2);
}
if (fs.existsSync(folder) && (!fs.statSync(folder).isDirectory() || fs.readdirSync(folder).some((file) => !/\.(csv|json)$/.test(file)))) {
  console.error(`hsds:export: ${folder} exists and is not an empty folder or an earlier export; choose another.`);
  process.exit(2);
}

try {
  const database = await openDatabase();
  try {
    await migrateToLatest(database.db);
    const started = performance.now();
    const summary = await exportHsdsPackage(database.db, folder, { onProgress: (file, rows) => console.log(`${file}: ${rows.toLocaleString('en-US')} rows`) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Exported ${summary.counts.services ?? 0} services (${Object.keys(summary.counts).length} tables) to ${folder} in ${seconds} s.`);
  } finally {
    await database.close();
  }
} catch (error) {
  exitWithProblem(error, 'hsds:export');
}
