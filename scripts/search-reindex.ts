// `npm run search:reindex`: rebuilds the search index from the directory, with progress, and swaps it in
// atomically (searches keep using the old index until the new one is complete). MEILI_HOST picks Meilisearch.
import { parseConfig } from '../app/config.server.js';
import { migrateToLatest } from '../db/migrate.js';
import { createSearchEngine } from '../search/index.js';
import { countListedServices, reindexDirectory } from '../search/sync.js';
import { exitWithProblem, openDatabase } from './database.js';

async function main() {
  const config = parseConfig(process.env);
  const database = await openDatabase(config.CARELOOP_DATA_DIR);
  try {
    await migrateToLatest(database.db);
    const engine = createSearchEngine(database.db);
    await engine.prepare();
    const total = await countListedServices(database.db);
    console.log(`Reindexing ${total} services with the ${engine.name} engine…`);
    const started = performance.now();
    const { indexed } = await reindexDirectory(database.db, engine, ({ indexed }) => {
      const percent = total ? Math.round((indexed / total) * 100) : 100;
      process.stdout.write(`\r  ${indexed} of ${total} services (${percent}%)`);
    });
    process.stdout.write('\n');
    console.log(`Done: ${indexed} services indexed and swapped in, in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await database.close();
  }
}

main().catch((error) => exitWithProblem(error, 'search:reindex'));
