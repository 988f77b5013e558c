// Official translations of an instrument's wording, loaded as data by a platform admin: a file keyed
// by LOINC item (and group) code and LA answer code, with its source and licence. Pure: validation
// only. Instrument wording is never machine-translated; without a loaded translation it shows in English.
import { z } from 'zod';
import type { InstrumentDefinition, InstrumentId, Language } from './instrument.js';
import { INSTRUMENTS, isInstrumentId } from './instruments/index.js';

/** What a translation holds, keyed by LOINC code. */
export interface TranslationContent {
  groups: Record<string, string>;
  items: Record<string, { text: string; answers: Record<string, string> }>;
}

/** A loaded translation as screens use it. */
export interface InstrumentTranslation extends TranslationContent {
  id: string;
  instrument: InstrumentId;
  language: Exclude<Language, 'en'>;
  version: number;
  source: string;
  licence: string;
}

export const MAX_TRANSLATION_BYTES = 512 * 1024;

// Printable text only: no NUL or other control characters (a line break is allowed).
const isControl = (code: number) => (code < 0x20 && code !== 0x0a) || code === 0x7f;
const wording = z
  .string('Expected text.')
  .trim()
  .min(1, 'The text is empty.')
  .max(2000, 'The text is longer than 2,000 characters.')
  .refine((text) => ![...text].some((character) => isControl(character.charCodeAt(0))), 'The text contains control characters.');

const translationFileSchema = z.object(
  {
    instrument: z.string('Name the instrument (hunger-vital-sign, ahc-hrsn or prapare).'),
    language: z.literal('es', 'The language must be "es": Spanish is the only language CareLoop shows besides English.'),
    source: wording.pipe(z.string().max(500, 'Keep the source under 500 characters.')),
    licence: wording.pipe(z.string().max(1000, 'Keep the licence under 1,000 characters.')),
    groups: z.record(z.string(), wording).optional(),
    items: z.record(z.string(), z.object({ text: wording, answers: z.record(z.string(), wording).optional() }, 'Each item needs its text and answers.')),
  },
  'The file must be a JSON object.',
);

export type TranslationFile = Omit<InstrumentTranslation, 'id' | 'version'>;

export type TranslationCheck = { ok: true; translation: TranslationFile } | { ok: false; problems: string[] };

const listOf = (codes: string[]) => codes.map((code) => `"${code}"`).join(', ');

/** Every item, group and answer of the instrument covered, every code known, nothing extra. */
function coverageProblems(instrument: InstrumentDefinition, file: z.infer<typeof translationFileSchema>): string[] {
  const problems: string[] = [];
  const groupCodes = instrument.groups.map((group) => group.code);
  const givenGroups = Object.keys(file.groups ?? {});
  const missingGroups = groupCodes.filter((code) => !givenGroups.includes(code));
  const extraGroups = givenGroups.filter((code) => !groupCodes.includes(code));
  if (missingGroups.length) problems.push(`groups: no text for ${listOf(missingGroups)}.`);
  if (extraGroups.length) problems.push(`groups: ${listOf(extraGroups)} ${extraGroups.length === 1 ? 'is not a group' : 'are not groups'} of ${instrument.title}.`);

  const itemCodes = instrument.items.map((item) => item.code);
  const givenItems = Object.keys(file.items);
  const missingItems = itemCodes.filter((code) => !givenItems.includes(code));
  const extraItems = givenItems.filter((code) => !itemCodes.includes(code));
  if (missingItems.length) problems.push(`items: no translation for ${listOf(missingItems)}.`);
  if (extraItems.length) problems.push(`items: ${listOf(extraItems)} ${extraItems.length === 1 ? 'is not an item' : 'are not items'} of ${instrument.title}.`);

  for (const item of instrument.items) {
    const given = file.items[item.code];
    if (!given) continue;
    const answerCodes = item.answers.map((answer) => answer.code);
    const givenAnswers = Object.keys(given.answers ?? {});
    const missing = answerCodes.filter((code) => !givenAnswers.includes(code));
    const extra = givenAnswers.filter((code) => !answerCodes.includes(code));
    if (missing.length) problems.push(`items.${item.code}.answers: no translation for ${listOf(missing)}.`);
    if (extra.length) problems.push(`items.${item.code}.answers: ${listOf(extra)} ${extra.length === 1 ? 'is not an answer' : 'are not answers'} to this question.`);
  }
  return problems;
}

/**
 * Reads an uploaded translation file (the raw bytes): valid UTF-8 JSON of the expected shape, for a
 * known instrument, covering exactly its groups, items and answers. Every problem is reported at once.
 */
export function checkTranslationFile(bytes: Uint8Array): TranslationCheck {
  if (bytes.byteLength === 0) return { ok: false, problems: ['The file is empty.'] };
  if (bytes.byteLength > MAX_TRANSLATION_BYTES) return { ok: false, problems: [`The file is larger than ${MAX_TRANSLATION_BYTES / 1024} KiB.`] };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problems: ['The file is not UTF-8 text.'] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, problems: ['The file is not valid JSON.'] };
  }
  const parsed = translationFileSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.slice(0, 50).map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)),
    };
  }
  const file = parsed.data;
  if (!isInstrumentId(file.instrument)) {
    return { ok: false, problems: [`instrument: "${file.instrument}" is not an instrument CareLoop scores (hunger-vital-sign, ahc-hrsn, prapare).`] };
  }
  const instrument = INSTRUMENTS[file.instrument];
  const problems = coverageProblems(instrument, file);
  if (problems.length) return { ok: false, problems: problems.slice(0, 50) };
  return {
    ok: true,
    translation: {
      instrument: instrument.id,
      language: file.language,
      source: file.source,
      licence: file.licence,
      groups: file.groups ?? {},
      items: Object.fromEntries(instrument.items.map((item) => [item.code, { text: file.items[item.code].text, answers: file.items[item.code].answers ?? {} }])),
    },
  };
}

/** A file to fill in: every code of the instrument with its English wording, for a translator. */
export function translationTemplate(instrumentId: InstrumentId): Record<string, unknown> {
  const instrument = INSTRUMENTS[instrumentId];
  return {
    instrument: instrument.id,
    language: 'es',
    source: '',
    licence: '',
    groups: Object.fromEntries(instrument.groups.map((group) => [group.code, group.text])),
    items: Object.fromEntries(
      instrument.items.map((item) => [item.code, { text: item.text, answers: Object.fromEntries(item.answers.map((answer) => [answer.code, answer.text ?? answer.display])) }]),
    ),
  };
}
