// Index sync: the search-index job the outbox queues with every directory change. It re-reads the
// services from the directory, so running it twice, late, or out of order leaves the same index.
import type { Database } from '../db/pool.js';
import { loadServiceDocuments } from './documents.js';
import type { ServiceSearchEngine } from './port.js';

/** Services per index job: a 100,000-service import becomes jobs of bounded size. */
export const SYNC_BATCH = 500;

export async function syncServices(db: Database, engine: ServiceSearchEngine, serviceIds: string[]): Promise<{ indexed: number; deleted: number }> {
  const documents = await loadServiceDocuments(db, serviceIds);
  const present = new Set(documents.map((document) => document.serviceId));
  const gone = serviceIds.filter((id) => !present.has(id));
  await engine.indexServices(documents);
  await engine.deleteServices(gone);
  return { indexed: documents.length, deleted: gone.length };
}

export function syncBatches(serviceIds: string[]): string[][] {
  const unique = [...new Set(serviceIds)];
  const batches: string[][] = [];
  for (let start = 0; start < unique.length; start += SYNC_BATCH) batches.push(unique.slice(start, start + SYNC_BATCH));
  return batches;
}
