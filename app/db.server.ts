import { createDatabase, type Database } from '../db/pool.js';
import { createSearchEngine } from '../search/index.js';
import type { ServiceSearchEngine } from '../search/port.js';
import type { SearchContext } from '../search/search.js';
import { getConfig } from './config.server.js';

// One pool per process, kept across development rebuilds.
const singletons = globalThis as typeof globalThis & {
  __careloopDb?: Database;
  __careloopSearch?: ServiceSearchEngine;
};

export function getDb(): Database {
  if (!singletons.__careloopDb) {
    const url = getConfig().DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set; start CareLoop with `npm start`.');
    singletons.__careloopDb = createDatabase(url, { max: 20 });
  }
  return singletons.__careloopDb;
}

export function getSearchEngine(): ServiceSearchEngine {
  singletons.__careloopSearch ??= createSearchEngine(getDb());
  return singletons.__careloopSearch;
}

/** What a search needs: the directory's database (vocabulary, word counts) and the engine. */
export function getSearchContext(): SearchContext {
  return { db: getDb(), engine: getSearchEngine() };
}
