import type { Database } from '../db/pool.js';
import { createMeilisearchEngine } from './meilisearch.js';
import type { ServiceSearchEngine } from './port.js';
import { createPostgresSearchEngine } from './postgres.js';

export type { ServiceSearchEngine } from './port.js';

/** Meilisearch when the operator runs one (MEILI_HOST), otherwise the embedded PostgreSQL engine. */
export function createSearchEngine(db: Database, env: NodeJS.ProcessEnv = process.env): ServiceSearchEngine {
  if (env.MEILI_HOST) {
    return createMeilisearchEngine({ host: env.MEILI_HOST, apiKey: env.MEILI_API_KEY, indexUid: env.MEILI_INDEX });
  }
  return createPostgresSearchEngine(db);
}
