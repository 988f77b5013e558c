// The directory's words, kept in PostgreSQL whichever engine indexes the services: how many services carry
// each stem (rare words weigh more in free text) and the stems known, to correct a mistyped word.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/pool.js';
import type { DB } from '../db/schema.js';
import type { IndexedService } from './port.js';
import { editDistance, typoAllowance } from './text.js';

/** Records the stems of these services (and forgets those of `removed`), keeping the counts exact. */
export async function recordServiceStems(db: Database, services: IndexedService[], removed: string[]): Promise<void> {
  const rows = services.map((service) => ({ service_id: service.document.serviceId, stems: Object.keys(service.stemWeights).sort() }));
  const ids = [...rows.map((row) => row.service_id), ...removed];
  if (ids.length === 0) return;
  await db.transaction().execute(async (trx) => {
    // Locks the services' rows first, so that two jobs for the same service count once each, in turn.
    await sql`SELECT service_id FROM search_service_stems WHERE service_id = ANY(${ids}::uuid[]) ORDER BY service_id FOR UPDATE`.execute(trx);
    await sql`
      WITH old AS (
        SELECT unnest(stems) AS stem FROM search_service_stems WHERE service_id = ANY(${ids}::uuid[])
      ), counted AS (SELECT stem, count(*)::int AS services FROM old GROUP BY stem)
      UPDATE search_stems s SET services = s.services - counted.services FROM counted WHERE s.stem = counted.stem`.execute(trx);
    await sql`DELETE FROM search_service_stems WHERE service_id = ANY(${ids}::uuid[])`.execute(trx);
    if (rows.length) {
      await sql`
        INSERT INTO search_service_stems (service_id, stems)
        SELECT r.service_id, r.stems FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(service_id uuid, stems text[])`.execute(trx);
      await sql`
        INSERT INTO search_stems (stem, services)
        SELECT stem, count(*)::int FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(service_id uuid, stems text[]), unnest(r.stems) AS stem
        GROUP BY stem ORDER BY stem
        ON CONFLICT (stem) DO UPDATE SET services = search_stems.services + excluded.services`.execute(trx);
    }
    await sql`DELETE FROM search_stems WHERE services <= 0`.execute(trx);
  });
}

/** Forgets every service not in `keep` (after a full reindex). */
export async function forgetServiceStemsExcept(db: Database, keep: Set<string>): Promise<void> {
  const { rows } = await sql<{ service_id: string }>`SELECT service_id FROM search_service_stems`.execute(db);
  const gone = rows.map((row) => row.service_id).filter((id) => !keep.has(id));
  for (let start = 0; start < gone.length; start += 1000) await recordServiceStems(db, [], gone.slice(start, start + 1000));
}

/** How many services carry each stem, and how many services there are. */
export async function stemFrequencies(db: Database | Transaction<DB>, stems: string[]): Promise<{ services: number; counts: Map<string, number> }> {
  // The number of services from the planner's statistics: counting 100,000 rows for every search would make
  // free text as slow as the directory is large, and a word's weight does not need the exact figure.
  const { rows } = await sql<{ stem: string | null; services: number }>`
    SELECT stem, services FROM search_stems WHERE stem = ANY(${stems}::text[])
    UNION ALL
    SELECT NULL, CASE WHEN c.reltuples > 0 THEN c.reltuples::int ELSE (SELECT count(*)::int FROM search_service_stems) END
    FROM pg_class c WHERE c.oid = 'search_service_stems'::regclass`.execute(db);
  const counts = new Map<string, number>();
  let services = 0;
  for (const row of rows) {
    if (row.stem === null) services = row.services;
    else counts.set(row.stem, row.services);
  }
  return { services, counts };
}

/**
 * The known stem a mistyped one most likely means: within the typos its length allows (as Meilisearch
 * counts them), the closest, then the one more services carry. Undefined when none is close enough.
 */
export async function correctStem(db: Database | Transaction<DB>, typed: string): Promise<string | undefined> {
  const allowance = typoAllowance(typed);
  if (allowance === 0) return undefined;
  const { rows } = await sql<{ stem: string; services: number }>`
    SELECT stem, services FROM search_stems
    WHERE stem % ${typed} AND abs(length(stem) - ${typed.length}) <= ${allowance}
    ORDER BY similarity(stem, ${typed}) DESC, stem LIMIT 20`.execute(db);
  let best: { stem: string; distance: number; services: number } | undefined;
  for (const row of rows) {
    const distance = editDistance(typed, row.stem, allowance);
    if (distance > allowance) continue;
    if (!best || distance < best.distance || (distance === best.distance && (row.services > best.services || (row.services === best.services && row.stem < best.stem)))) {
      best = { stem: row.stem, distance, services: row.services };
    }
  }
  return best?.stem;
}
