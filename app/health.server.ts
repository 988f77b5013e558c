import { sql } from 'kysely';
import type { Database } from '../db/pool.js';
import type { ServiceSearchEngine } from '../search/port.js';
import { queueHealth, type QueueHealth } from './jobs/queue.server.js';
import { searchIndexHealth, type SearchIndexHealth } from './matching/index-health.server.js';

export interface Health {
  status: 'ok' | 'unavailable';
  db: 'ok' | 'down';
  search: string;
  /** Background jobs: how many wait, how long the oldest due one has waited, how many failed for good. */
  jobs: QueueHealth | 'unknown';
  /** How far the search index lags the directory. */
  searchIndex: SearchIndexHealth | 'unknown';
}

/** What /healthz reports: each part, named, so an operator sees which one failed. */
export async function checkHealth(db: Database, engine: ServiceSearchEngine): Promise<{ health: Health; httpStatus: 200 | 503 }> {
  const [dbUp, searchUp, jobs, searchIndex] = await Promise.all([
    sql`SELECT 1`.execute(db).then(() => true, () => false),
    engine.health().catch(() => false),
    queueHealth(db).catch(() => 'unknown' as const),
    searchIndexHealth(db).catch(() => 'unknown' as const),
  ]);
  const health: Health = {
    status: dbUp && searchUp ? 'ok' : 'unavailable',
    db: dbUp ? 'ok' : 'down',
    search: searchUp ? engine.name : `${engine.name} down`,
    jobs,
    searchIndex,
  };
  return { health, httpStatus: dbUp && searchUp ? 200 : 503 };
}
