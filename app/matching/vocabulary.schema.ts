// The need vocabulary form: one list per kind, one entry per line, "value | weight" (weight 1 when left out).
import { z } from 'zod';

export const ENTRY_FIELDS = {
  taxonomyCodes: { kind: 'taxonomy_code', language: '' },
  taxonomyTerms: { kind: 'taxonomy_term', language: '' },
  phrasesEn: { kind: 'phrase', language: 'en' },
  phrasesEs: { kind: 'phrase', language: 'es' },
  exclusions: { kind: 'exclude', language: '' },
} as const;
export type EntryField = keyof typeof ENTRY_FIELDS;

const MAX_ENTRIES = 300;
const AIRS_CODE = /^[A-Za-z]{1,2}(-\d{4}(\.\d{4}(-\d{3}(\.\d{2})?)?)?)?$/;

export interface ParsedEntry {
  value: string;
  weight: number;
}

/** Lines of "value | weight": the first problem as a message. */
export function parseEntryLines(text: string, field: EntryField): { entries: ParsedEntry[] } | { error: string } {
  const entries: ParsedEntry[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const [valuePart, weightPart, ...rest] = line.split('|').map((part) => part.trim());
    if (rest.length) return { error: 'Each line holds one value and at most one weight, separated by "|".' };
    if (!valuePart) return { error: 'A line has a weight but no value.' };
    if (valuePart.length > 200) return { error: 'Keep each value under 200 characters.' };
    if ([...valuePart].some((character) => character.charCodeAt(0) < 32)) return { error: 'A value holds a control character.' };
    if (field === 'taxonomyCodes' && !AIRS_CODE.test(valuePart)) return { error: 'A taxonomy code looks like BD-1800 or BD-1800.2000.' };
    let weight = 1;
    if (weightPart !== undefined && weightPart !== '') {
      weight = Number(weightPart.replace(',', '.'));
      if (!Number.isFinite(weight) || weight <= 0 || weight > 1) return { error: 'A weight must be a number above 0 and at most 1.' };
    }
    const key = valuePart.toLowerCase();
    if (seen.has(key)) return { error: 'A value is listed twice.' };
    seen.add(key);
    entries.push({ value: field === 'taxonomyCodes' ? valuePart.toUpperCase() : valuePart, weight: Math.round(weight * 100) / 100 });
    if (entries.length > MAX_ENTRIES) return { error: 'Keep each list under 300 entries.' };
  }
  return { entries };
}

const entryList = (field: EntryField) =>
  z
    .string()
    .max(20_000, 'This list is too long.')
    .default('')
    .transform((text, context) => {
      const parsed = parseEntryLines(text, field);
      if ('error' in parsed) {
        context.addIssue({ code: 'custom', message: parsed.error });
        return z.NEVER;
      }
      return parsed.entries;
    });

export const vocabularySchema = z.object({
  needCategory: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9-]{1,60}$/, 'Use lower-case letters, digits and hyphens, e.g. legal-help.')
    .refine((code) => code !== 'new', 'Use lower-case letters, digits and hyphens, e.g. legal-help.'),
  labelEn: z.string().trim().min(1, 'Give the need a name in English.').max(100, 'Keep the name under 100 characters.'),
  labelEs: z.string().trim().min(1, 'Give the need a name in Spanish.').max(100, 'Keep the name under 100 characters.'),
  version: z.coerce.number().int().min(0),
  taxonomyCodes: entryList('taxonomyCodes'),
  taxonomyTerms: entryList('taxonomyTerms'),
  phrasesEn: entryList('phrasesEn'),
  phrasesEs: entryList('phrasesEs'),
  exclusions: entryList('exclusions'),
  previewZip: z
    .string()
    .trim()
    .default('')
    .refine((zip) => zip === '' || /^\d{5}$/.test(zip), 'Give a 5-digit ZIP code to preview.'),
});

export type VocabularyForm = z.infer<typeof vocabularySchema>;

/** The entries of a parsed form as stored rows. */
export function formEntries(form: VocabularyForm) {
  return (Object.keys(ENTRY_FIELDS) as EntryField[]).flatMap((field) =>
    form[field].map((entry) => ({ kind: ENTRY_FIELDS[field].kind, language: ENTRY_FIELDS[field].language, value: entry.value, weight: entry.weight })),
  );
}

/** Stored entries as the form's text lists. */
export function entryText(entries: Array<{ kind: string; language: string; value: string; weight: number }>, field: EntryField): string {
  const { kind, language } = ENTRY_FIELDS[field];
  return entries
    .filter((entry) => entry.kind === kind && entry.language === language)
    .map((entry) => (entry.weight === 1 ? entry.value : `${entry.value} | ${entry.weight}`))
    .join('\n');
}
