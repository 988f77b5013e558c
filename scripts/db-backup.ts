// `npm run db:backup -- [file]`: the whole database in one gzip file (default under <data dir>/backups/).
import fs from 'node:fs';
import path from 'node:path';
import { backupDatabase } from '../db/backup.js';
import { exitWithProblem, openDatabase } from './database.js';

const dataDir = process.env.CARELOOP_DATA_DIR || '.data';
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
const file = process.argv[2] ?? path.join(dataDir, 'backups', `careloop-${stamp}.backup.gz`);

try {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = await openDatabase(dataDir, { besideRunningServer: true });
  try {
    const manifest = await backupDatabase(database.urls.owner, file);
    const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
    console.log(`Backed up ${rows.toLocaleString('en-US')} rows of ${manifest.tables.length} tables to ${file}.`);
  } finally {
    await database.close();
  }
} catch (error) {
  exitWithProblem(error, 'db:backup');
}
