import { data } from '@remix-run/node';
import { sql, type Transaction } from 'kysely';
import { createDatabase, PLATFORM_SERVER_SETTINGS, type Database } from '../db/pool.js';
import type { DB } from '../db/schema.js';
import { createSearchEngine } from '../search/index.js';
import type { ServiceSearchEngine } from '../search/port.js';
import type { SearchContext } from '../search/search.js';
import { getConfig } from './config.server.js';
import { log } from './log.server.js';
import { databaseSettings, requestContext } from './request-context.server.js';
import { UNSTORABLE_INPUT_MESSAGE } from './validation/text.js';

// One pool per process, kept across development rebuilds.
const singletons = globalThis as typeof globalThis & {
  __careloopDb?: Database;
  __careloopPlatformDb?: Database;
  __careloopSearch?: ServiceSearchEngine;
};

/**
 * PostgreSQL's data exceptions (class 22: a NUL byte, an impossible date, a number out of range)
 * mean the client sent something no check caught: a 400 that changes nothing (the transaction
 * rolls back), never a 500.
 */
function translateError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('22')) {
    log('warn', 'request.unstorable-input', { requestId: requestContext()?.requestId, code });
    return data({ message: UNSTORABLE_INPUT_MESSAGE }, { status: 400, statusText: 'Bad Request' });
  }
  return error;
}

/** The application's least-privilege connection, under row-level security for the signed-in request. */
export function getDb(): Database {
  if (!singletons.__careloopDb) {
    const url = getConfig().DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set; start CareLoop with `npm start`.');
    singletons.__careloopDb = createDatabase(url, { max: 20, sessionSettings: databaseSettings, translateError });
  }
  return singletons.__careloopDb;
}

/**
 * The platform role's connection, for work across organisations (the platform admin's audit
 * trail, jobs, platform reports) through its own explicit policies; never the owner.
 */
export function getPlatformDb(): Database {
  if (!singletons.__careloopPlatformDb) {
    const config = getConfig();
    const url = config.DATABASE_PLATFORM_URL ?? config.DATABASE_URL;
    if (!url) throw new Error('DATABASE_PLATFORM_URL is not set; start CareLoop with `npm start`.');
    singletons.__careloopPlatformDb = createDatabase(url, { max: 5, translateError, serverSettings: PLATFORM_SERVER_SETTINGS });
  }
  return singletons.__careloopPlatformDb;
}

/**
 * For the rest of the transaction, act for this organisation (SET LOCAL): a patient answering through
 * a self-screening link acts for the organisation the link belongs to, known only once it is found.
 */
export async function actForOrganization(trx: Transaction<DB>, organizationId: string) {
  await sql`SELECT set_config('careloop.organization_id', ${organizationId}, true)`.execute(trx);
}

export function getSearchEngine(): ServiceSearchEngine {
  singletons.__careloopSearch ??= createSearchEngine(getDb());
  return singletons.__careloopSearch;
}

/** What a search needs: the directory's database (vocabulary, word counts) and the engine. */
export function getSearchContext(): SearchContext {
  return { db: getDb(), engine: getSearchEngine() };
}
