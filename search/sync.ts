// Index sync: the search-index job the outbox queues with every directory change, and the full reindex.
// Both re-read services from the directory, so running them twice, late, or out of order leaves the same index.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/pool.js';
import type { DB } from '../db/schema.js';
import { loadServiceDocuments } from './documents.js';
import type { IndexedService, ReindexProgress, ServiceDocumentSource, ServiceSearchEngine } from './port.js';
import { indexedService, isListed } from './relevance.js';
import { forgetServiceStemsExcept, recordServiceStems } from './stems.js';
import { compileVocabulary, loadVocabularies } from './vocabulary.js';

/** Services per index job: a 100,000-service import becomes jobs of bounded size. */
export const SYNC_BATCH = 500;
/** Services read per batch by a full reindex. */
export const REINDEX_BATCH = 2000;

async function compiledVocabularies(db: Database | Transaction<DB>) {
  return (await loadVocabularies(db)).map(compileVocabulary);
}

/** These services as the engines index them; those gone from the directory, inactive or defunct are `unlisted`. */
export async function prepareServices(db: Database | Transaction<DB>, serviceIds: string[]): Promise<{ services: IndexedService[]; unlisted: string[] }> {
  const [documents, vocabularies] = await Promise.all([loadServiceDocuments(db, serviceIds), compiledVocabularies(db)]);
  const now = new Date();
  const listed = documents.filter((document) => isListed(document.status));
  const present = new Set(listed.map((document) => document.serviceId));
  return {
    services: listed.map((document) => indexedService(document, vocabularies, now)),
    unlisted: serviceIds.filter((id) => !present.has(id)),
  };
}

/**
 * Index jobs hold this lock shared, a full reindex holds it alone: a change made while a reindex runs is
 * written after the new index has replaced the old one, never into the index being thrown away.
 */
const REINDEX_LOCK = 0x5ea2c4;

async function withReindexLock<T>(db: Database, mode: 'shared' | 'exclusive', work: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    if (mode === 'shared') await sql`SELECT pg_advisory_lock_shared(${REINDEX_LOCK})`.execute(connection);
    else await sql`SELECT pg_advisory_lock(${REINDEX_LOCK})`.execute(connection);
    try {
      return await work();
    } finally {
      if (mode === 'shared') await sql`SELECT pg_advisory_unlock_shared(${REINDEX_LOCK})`.execute(connection);
      else await sql`SELECT pg_advisory_unlock(${REINDEX_LOCK})`.execute(connection);
    }
  });
}

export async function syncServices(db: Database, engine: ServiceSearchEngine, serviceIds: string[]): Promise<{ indexed: number; deleted: number }> {
  return withReindexLock(db, 'shared', async () => {
    const { services, unlisted } = await prepareServices(db, [...new Set(serviceIds)]);
    await recordServiceStems(db, services, unlisted);
    await engine.indexServices(services);
    await engine.deleteServices(unlisted);
    return { indexed: services.length, deleted: unlisted.length };
  });
}

/** Every listed service of the directory, in batches, computed with the vocabulary as it is now. */
export function directorySource(db: Database): ServiceDocumentSource {
  return async function* () {
    const vocabularies = await compiledVocabularies(db);
    const now = new Date();
    let after: string | null = null;
    for (;;) {
      const documents = await loadServiceDocuments(db, undefined, { after, limit: REINDEX_BATCH });
      if (documents.length === 0) return;
      after = documents[documents.length - 1].serviceId;
      yield documents.filter((document) => isListed(document.status)).map((document) => indexedService(document, vocabularies, now));
    }
  };
}

/** Rebuilds the engine's index (and the directory's word counts) from the directory as it is now. */
export async function reindexDirectory(db: Database, engine: ServiceSearchEngine, onProgress?: (progress: ReindexProgress) => void) {
  return withReindexLock(db, 'exclusive', async () => {
    const source = directorySource(db);
    const seen = new Set<string>();
    const result = await engine.reindexAll(async function* () {
      for await (const batch of source()) {
        await recordServiceStems(db, batch, []);
        for (const service of batch) seen.add(service.document.serviceId);
        yield batch;
      }
    }, onProgress);
    await forgetServiceStemsExcept(db, seen);
    return result;
  });
}

/** Listed services of the directory: what a complete index holds. */
export async function countListedServices(db: Database): Promise<number> {
  const { rows } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM hsds_services WHERE status IN ('active', 'temporarily closed')`.execute(db);
  return rows[0].count;
}

export function syncBatches(serviceIds: string[]): string[][] {
  const unique = [...new Set(serviceIds)];
  const batches: string[][] = [];
  for (let start = 0; start < unique.length; start += SYNC_BATCH) batches.push(unique.slice(start, start + SYNC_BATCH));
  return batches;
}
