import type { Database } from '../db/pool.js';
import { createMeilisearchEngine } from './meilisearch.js';
import type { ServiceSearchEngine } from './port.js';
import { createPostgresSearchEngine } from './postgres.js';
import { countListedServices, reindexDirectory } from './sync.js';

export type { ServiceSearchEngine } from './port.js';

/** Meilisearch when the operator runs one (MEILI_HOST), otherwise the embedded PostgreSQL engine. */
export function createSearchEngine(db: Database, env: NodeJS.ProcessEnv = process.env): ServiceSearchEngine {
  if (env.MEILI_HOST) {
    return createMeilisearchEngine({ host: env.MEILI_HOST, apiKey: env.MEILI_API_KEY, indexUid: env.MEILI_INDEX });
  }
  return createPostgresSearchEngine(db);
}

/**
 * Before serving: the engine must be usable (for Meilisearch, a recent enough server with its settings), and an
 * empty index over a directory that has services (a new engine, or the index rebuilt by a migration) is filled,
 * as is one an earlier version built in another layout (searches keep working meanwhile).
 */
export async function prepareSearchIndex(db: Database, engine: ServiceSearchEngine, onProgress: (message: string) => void = () => {}): Promise<void> {
  await engine.prepare();
  const listed = await countListedServices(db);
  if (listed === 0) return;
  const current = await engine.indexIsCurrent();
  if (current && (await engine.countServices()) > 0) return;
  onProgress(
    current
      ? `Search index (${engine.name}) is empty: indexing ${listed} services…`
      : `Search index (${engine.name}) was built by an earlier version: rebuilding it from ${listed} services…`,
  );
  const { indexed } = await reindexDirectory(db, engine);
  onProgress(`Search index: ${indexed} services indexed.`);
}
