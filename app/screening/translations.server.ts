import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { SessionUser } from '../auth/session.server.js';
import type { InstrumentId, Language } from './instrument.js';
import type { InstrumentTranslation, TranslationContent, TranslationFile } from './translations.js';

type Row = { id: string; instrument: string; language: string; version: number; source: string; licence: string; content: unknown };

function fromRow(row: Row): InstrumentTranslation {
  const content = row.content as TranslationContent;
  return {
    id: row.id,
    instrument: row.instrument as InstrumentId,
    language: row.language as InstrumentTranslation['language'],
    version: row.version,
    source: row.source,
    licence: row.licence,
    groups: content.groups,
    items: content.items,
  };
}

const COLUMNS = ['id', 'instrument', 'language', 'version', 'source', 'licence', 'content'] as const;

/** The official translation in use for an instrument and language: the latest version loaded, if any. */
export async function currentTranslation(db: Database, instrument: InstrumentId, language: Language): Promise<InstrumentTranslation | undefined> {
  if (language === 'en') return undefined;
  const row = await db
    .selectFrom('instrument_translations')
    .select(COLUMNS)
    .where('instrument', '=', instrument)
    .where('language', '=', language)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

/** A translation by id (the one a stored screening was shown in). */
export async function translationById(db: Database, id: string | null): Promise<InstrumentTranslation | undefined> {
  if (!id) return undefined;
  const row = await db.selectFrom('instrument_translations').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

/** Which instruments have an official translation in this language (for the warning and the chooser). */
export async function translatedInstruments(db: Database, language: Language): Promise<Set<InstrumentId>> {
  if (language === 'en') return new Set();
  const rows = await db.selectFrom('instrument_translations').select('instrument').distinct().where('language', '=', language).execute();
  return new Set(rows.map((row) => row.instrument as InstrumentId));
}

export interface TranslationListEntry {
  instrument: string;
  language: string;
  version: number;
  source: string;
  licence: string;
  uploadedBy: string;
  uploadedAt: string;
}

export async function listTranslations(db: Database): Promise<TranslationListEntry[]> {
  const rows = await db
    .selectFrom('instrument_translations')
    .innerJoin('users', 'users.id', 'instrument_translations.uploaded_by')
    .select(['instrument', 'language', 'version', 'source', 'licence', 'users.full_name', 'instrument_translations.created_at'])
    .orderBy('instrument')
    .orderBy('language')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((row) => ({
    instrument: row.instrument,
    language: row.language,
    version: row.version,
    source: row.source,
    licence: row.licence,
    uploadedBy: row.full_name,
    uploadedAt: row.created_at.toISOString(),
  }));
}

/**
 * Stores a checked translation as the next version for its instrument and language. Uploads of the
 * same instrument and language are serialised, so two at once get consecutive versions.
 */
export async function loadTranslation(db: Database, user: SessionUser, file: TranslationFile): Promise<{ version: number }> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`instrument-translation:${file.instrument}:${file.language}`}))`.execute(trx);
    const latest = await trx
      .selectFrom('instrument_translations')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('instrument', '=', file.instrument)
      .where('language', '=', file.language)
      .executeTakeFirst();
    const version = (latest?.version ?? 0) + 1;
    const content: TranslationContent = { groups: file.groups, items: file.items };
    await trx
      .insertInto('instrument_translations')
      .values({
        instrument: file.instrument,
        language: file.language,
        version,
        source: file.source,
        licence: file.licence,
        content: JSON.stringify(content),
        uploaded_by: user.id,
      })
      .execute();
    return { version };
  });
}
