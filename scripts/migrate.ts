import { migrateToLatest } from '../db/migrate.js';
import { exitWithProblem, openDatabase } from './database.js';

try {
  const database = await openDatabase();
  try {
    const applied = await migrateToLatest(database.db);
    console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The database is up to date.');
  } finally {
    await database.close();
  }
} catch (error) {
  exitWithProblem(error, 'db:migrate');
}
