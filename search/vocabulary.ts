// The need vocabulary: what each need looks for in a directory. Data that platform admins edit
// (need_vocabularies, need_vocabulary_entries), read here for both engines and for query understanding.
import type { Transaction } from 'kysely';
import type { Database } from '../db/pool.js';
import type { DB } from '../db/schema.js';
import { stems } from './text.js';

export const VOCABULARY_KINDS = ['taxonomy_code', 'taxonomy_term', 'phrase', 'exclude'] as const;
export type VocabularyKind = (typeof VOCABULARY_KINDS)[number];

export interface VocabularyEntry {
  kind: VocabularyKind;
  /** 'en' or 'es' for phrases; '' for codes, term names and exclusions. */
  language: '' | 'en' | 'es';
  value: string;
  /** How surely a match means the service meets the need: 1 = it is what the need asks for. */
  weight: number;
}

export interface NeedVocabulary {
  needCategory: string;
  labelEn: string;
  labelEs: string;
  version: number;
  entries: VocabularyEntry[];
}

/** A vocabulary ready for matching: phrases as stems, codes and names normalised. */
export interface CompiledVocabulary {
  needCategory: string;
  codes: Array<{ code: string; weight: number }>;
  terms: Map<string, number>;
  phrases: Array<{ text: string; stems: string[]; weight: number }>;
  exclusions: string[][];
}

export function compileVocabulary(vocabulary: Pick<NeedVocabulary, 'needCategory' | 'entries'>): CompiledVocabulary {
  const compiled: CompiledVocabulary = { needCategory: vocabulary.needCategory, codes: [], terms: new Map(), phrases: [], exclusions: [] };
  for (const entry of vocabulary.entries) {
    if (entry.kind === 'taxonomy_code') compiled.codes.push({ code: entry.value.trim().toUpperCase(), weight: entry.weight });
    if (entry.kind === 'taxonomy_term') {
      const name = termKey(entry.value);
      compiled.terms.set(name, Math.max(entry.weight, compiled.terms.get(name) ?? 0));
    }
    if (entry.kind === 'phrase') {
      const phraseStems = stems(entry.value);
      // "attorney" and "attorneys" are one phrase once stemmed: the heavier one stands for both.
      const same = compiled.phrases.find((phrase) => phrase.stems.join(' ') === phraseStems.join(' '));
      if (same) {
        if (entry.weight > same.weight) Object.assign(same, { text: entry.value, weight: entry.weight });
      } else if (phraseStems.length) compiled.phrases.push({ text: entry.value, stems: phraseStems, weight: entry.weight });
    }
    if (entry.kind === 'exclude') {
      const excluded = stems(entry.value);
      if (excluded.length) compiled.exclusions.push(excluded);
    }
  }
  // Longer codes first: the most specific code that matches a term decides its weight.
  compiled.codes.sort((a, b) => b.code.length - a.code.length || a.code.localeCompare(b.code));
  return compiled;
}

/** Term names are compared without case or surrounding space. */
export function termKey(name: string): string {
  return name.trim().toLowerCase();
}

// AIRS/211 LA codes: BD, BD-1800, BD-1800.2000, BD-1800.2000-180, BD-1800.2000-180.05 (a trailing * marks a
// term with see-also links). Other taxonomies' codes (slugs, numbers) are not codes this matching reads.
const AIRS_CODE = /^[A-Z]{1,2}(-\d{4}(\.\d{4}(-\d{3}(\.\d{2})?)?)?)?\*?$/;

/** Whether a directory's term code falls under a vocabulary code (BD-1800 covers BD-1800.2000 and BD-1800.2000-180). */
export function codeCovers(vocabularyCode: string, termCode: string): boolean {
  const code = termCode.trim().toUpperCase().replace(/\*$/, '');
  if (!AIRS_CODE.test(code)) return false;
  return code === vocabularyCode || (code.startsWith(vocabularyCode) && /^[.-]/.test(code.slice(vocabularyCode.length)));
}

/** Every need's vocabulary, in code order. */
export async function loadVocabularies(db: Database | Transaction<DB>): Promise<NeedVocabulary[]> {
  const [needs, entries] = await Promise.all([
    db.selectFrom('need_vocabularies').selectAll().orderBy('need_category').execute(),
    db.selectFrom('need_vocabulary_entries').selectAll().orderBy('need_category').orderBy('kind').orderBy('language').orderBy('value').execute(),
  ]);
  const byNeed = new Map<string, VocabularyEntry[]>();
  for (const entry of entries) {
    const list = byNeed.get(entry.need_category) ?? [];
    list.push({ kind: entry.kind as VocabularyKind, language: entry.language as VocabularyEntry['language'], value: entry.value, weight: entry.weight });
    byNeed.set(entry.need_category, list);
  }
  return needs.map((need) => ({
    needCategory: need.need_category,
    labelEn: need.label_en,
    labelEs: need.label_es,
    version: need.version,
    entries: byNeed.get(need.need_category) ?? [],
  }));
}

/** A need's English phrases, e.g. for a plain full-text query that stands in for the need. */
export async function vocabularyPhrases(db: Database | Transaction<DB>, needCategory: string): Promise<string[]> {
  const rows = await db
    .selectFrom('need_vocabulary_entries')
    .select('value')
    .where('need_category', '=', needCategory)
    .where('kind', '=', 'phrase')
    .where('language', '=', 'en')
    .orderBy('weight', 'desc')
    .orderBy('value')
    .execute();
  return rows.map((row) => row.value);
}
