// The need vocabulary as platform admins edit it. A saved change re-scores every service for that need
// through the outbox (search.rescore-need), in the same transaction as the change.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import { cachedVocabularies, forgetCachedVocabularies } from '../../search/search.js';
import type { NeedVocabulary, VocabularyEntry } from '../../search/vocabulary.js';
import { enqueueJob } from '../jobs/outbox.server.js';

/** The codes of every need the vocabulary holds (cached for up to 30 seconds). */
export async function knownNeedCategories(db: Database): Promise<ReadonlySet<string>> {
  const { vocabularies } = await cachedVocabularies(db);
  return new Set(vocabularies.map((vocabulary) => vocabulary.needCategory));
}

export async function listNeedVocabularies(db: Database): Promise<NeedVocabulary[]> {
  return (await cachedVocabularies(db)).vocabularies;
}

export async function getNeedVocabulary(db: Database | Transaction<DB>, needCategory: string): Promise<NeedVocabulary | undefined> {
  const need = await db.selectFrom('need_vocabularies').selectAll().where('need_category', '=', needCategory).executeTakeFirst();
  if (!need) return undefined;
  const entries = await db
    .selectFrom('need_vocabulary_entries')
    .selectAll()
    .where('need_category', '=', needCategory)
    .orderBy('kind')
    .orderBy('language')
    .orderBy('weight', 'desc')
    .orderBy('value')
    .execute();
  return {
    needCategory: need.need_category,
    labelEn: need.label_en,
    labelEs: need.label_es,
    version: need.version,
    entries: entries.map((entry) => ({
      kind: entry.kind as VocabularyEntry['kind'],
      language: entry.language as VocabularyEntry['language'],
      value: entry.value,
      weight: entry.weight,
    })),
  };
}

export type SaveOutcome = { ok: true; version: number } | { ok: false; conflict: NeedVocabulary };

/**
 * Replaces a need's labels and entries, or adds a new need (version 0). Optimistic concurrency: a save made
 * from a stale copy is refused with the current state. The re-scoring job is queued with the change.
 */
export async function saveNeedVocabulary(
  db: Database,
  change: { needCategory: string; labelEn: string; labelEs: string; entries: VocabularyEntry[]; version: number },
  userId: string,
): Promise<SaveOutcome> {
  const outcome = await db.transaction().execute(async (trx): Promise<SaveOutcome> => {
    let version: number;
    if (change.version === 0) {
      const inserted = await trx
        .insertInto('need_vocabularies')
        .values({ need_category: change.needCategory, label_en: change.labelEn, label_es: change.labelEs, updated_by: userId })
        .onConflict((conflict) => conflict.column('need_category').doNothing())
        .returning('version')
        .executeTakeFirst();
      if (!inserted) return { ok: false, conflict: (await getNeedVocabulary(trx, change.needCategory))! };
      version = inserted.version;
    } else {
      const updated = await trx
        .updateTable('need_vocabularies')
        .set({ label_en: change.labelEn, label_es: change.labelEs, version: sql`version + 1`, updated_at: sql`now()`, updated_by: userId })
        .where('need_category', '=', change.needCategory)
        .where('version', '=', change.version)
        .returning('version')
        .executeTakeFirst();
      if (!updated) {
        const current = await getNeedVocabulary(trx, change.needCategory);
        if (!current) throw new Error('The need was removed while it was being edited.');
        return { ok: false, conflict: current };
      }
      version = updated.version;
      await trx.deleteFrom('need_vocabulary_entries').where('need_category', '=', change.needCategory).execute();
    }
    if (change.entries.length) {
      await trx
        .insertInto('need_vocabulary_entries')
        .values(change.entries.map((entry) => ({ need_category: change.needCategory, ...entry })))
        .execute();
    }
    await enqueueJob(trx, 'search.rescore-need', { needCategory: change.needCategory }, { jobKey: `rescore:${change.needCategory}` });
    return { ok: true, version };
  });
  forgetCachedVocabularies();
  return outcome;
}
