import { sql } from 'kysely';
import type { Database } from '../db/pool.js';
import type { ServiceSearchEngine } from '../search/port.js';

export interface Health {
  status: 'ok' | 'unavailable';
  db: 'ok' | 'down';
  search: string;
}

/** What /healthz reports: each part, named, so an operator sees which one failed. */
export async function checkHealth(db: Database, engine: ServiceSearchEngine): Promise<{ health: Health; httpStatus: 200 | 503 }> {
  const [dbUp, searchUp] = await Promise.all([
    sql`SELECT 1`.execute(db).then(() => true, () => false),
    engine.health().catch(() => false),
  ]);
  const health: Health = {
    status: dbUp && searchUp ? 'ok' : 'unavailable',
    db: dbUp ? 'ok' : 'down',
    search: searchUp ? engine.name : `${engine.name} down`,
  };
  return { health, httpStatus: dbUp && searchUp ? 200 : 503 };
}
