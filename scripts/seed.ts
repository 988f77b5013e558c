import { migrateToLatest } from '../db/migrate.js';
import { databaseIsEmpty, seedDemo } from '../db/seed.js';
import { exitWithProblem, openDatabase } from './database.js';

try {
  const database = await openDatabase();
  try {
    await migrateToLatest(database.db);
    if (await databaseIsEmpty(database.db)) {
      await seedDemo(database.db, (message) => console.log(message), undefined, { activity: true, history: true });
    } else {
      console.log('The database already has organisations; the demo seed runs only on an empty database.');
    }
  } finally {
    await database.close();
  }
} catch (error) {
  exitWithProblem(error, 'db:seed');
}
