// `npm run db:restore -- <file> [--replace]`: loads a backup made by `npm run db:backup`. A database
// that already has data is replaced only with --replace.
import { BackupError, restoreDatabase } from '../db/backup.js';
import { migrateToLatest } from '../db/migrate.js';
import { databaseIsEmpty } from '../db/seed.js';
import { exitWithProblem, openDatabase } from './database.js';

const args = process.argv.slice(2);
const replace = args.includes('--replace');
const file = args.find((arg) => !arg.startsWith('--'));
if (!file) {
  console.error('usage: npm run db:restore -- <backup file> [--replace]');
  process.exit(2);
}

try {
  const database = await openDatabase(undefined, { besideRunningServer: true });
  try {
    const hasTables = await database.db.introspection.getTables().then((tables) => tables.some((table) => table.name === 'organizations'));
    if (hasTables && !(await databaseIsEmpty(database.db)) && !replace) {
      throw new BackupError('The database already holds data; add --replace to replace all of it with the backup.');
    }
    const manifest = await restoreDatabase(database.urls.owner, file);
    const applied = await migrateToLatest(database.db);
    const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
    console.log(`Restored ${rows.toLocaleString('en-US')} rows of ${manifest.tables.length} tables from ${file} (made ${manifest.createdAt}).`);
    if (applied.length) console.log(`Then applied migrations: ${applied.join(', ')}`);
  } finally {
    await database.close();
  }
} catch (error) {
  exitWithProblem(error, 'db:restore');
}
