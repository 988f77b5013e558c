import type { Database } from '../../db/pool.js';
import { syncBatches } from '../../search/sync.js';
import { enqueueJob } from '../jobs/outbox.server.js';

/**
 * After a vocabulary change: every service of the directory is queued to be scored and indexed again, in
 * bounded batches, so that both engines converge on the new vocabulary without a full reindex.
 */
export async function queueRescore(db: Database): Promise<{ queued: number }> {
  const rows = await db.selectFrom('hsds_services').select('id').orderBy('id').execute();
  const batches = syncBatches(rows.map((row) => row.id));
  await db.transaction().execute(async (trx) => {
    for (const serviceIds of batches) await enqueueJob(trx, 'search.sync-services', { serviceIds });
  });
  return { queued: rows.length };
}
