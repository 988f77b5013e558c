import type { Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import type { ReasonCode, ReasonKind } from './reasons.js';

/** Every value set, in the order people choose from; retired codes are kept to label the rows that carry them. */
export async function listReasonCodes(db: Database | Transaction<DB>): Promise<ReasonCode[]> {
  const rows = await db.selectFrom('reason_codes').select(['kind', 'code', 'label_en', 'label_es', 'needs_text', 'retired_at']).orderBy('kind').orderBy('position').execute();
  return rows.map((row) => ({
    kind: row.kind as ReasonKind,
    code: row.code,
    label: { en: row.label_en, es: row.label_es },
    needsText: row.needs_text,
    retired: row.retired_at !== null,
  }));
}
