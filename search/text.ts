// How CareLoop reads text for matching, the same for every engine and for the need vocabulary:
// HTML and accents removed, lower case, split into words, English Snowball stems. Spanish phrases go
// through the same steps: what matters is that a phrase and a text are read alike, so "renta" meets
// "renta" and "pantries" meets "pantry".
import { stemmer } from '@orama/stemmers/english';

/** Longest free text a search reads; anything past it is cut off, never refused. */
export const MAX_QUERY_CHARACTERS = 200;
/** Words of free text a search uses at most. */
export const MAX_QUERY_WORDS = 12;

// Words that carry no meaning for matching, in English and Spanish. Kept short on purpose: "help",
// "free" or "open" are not here because they are part of phrases the vocabulary names.
const STOPWORDS = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'in', 'into', 'is', 'it', 'its', 'of', 'on',
  'or', 'our', 'the', 'their', 'this', 'that', 'to', 'was', 'we', 'with', 'who', 'you', 'your', 'all', 'any',
  'can', 'has', 'have', 'if', 'not', 'other', 'such', 'they', 'than', 'them', 'these', 'those', 'will', 'i', 'my',
  'me',
  'el', 'la', 'los', 'las', 'un', 'una', 'unos', 'unas', 'de', 'del', 'al', 'y', 'o', 'en', 'con', 'para', 'por',
  'que', 'se', 'su', 'sus', 'mi', 'es', 'lo', 'le', 'les',
]);

/** Lower case, no accents, no markup, no control characters. */
export function normalise(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(nbsp|amp|lt|gt|quot|#\d+);/g, ' ')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The words of a text, in order, as written (normalised). */
export function words(text: string): string[] {
  return normalise(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && word.length <= 40);
}

const stemCache = new Map<string, string>();

export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    // The stemmer knows English letters only; other scripts pass through as written.
    stemmed = /^[a-z0-9]+$/.test(word) ? stemmer(word) : word;
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Stems of the meaningful words of a text, in order (stopwords dropped). */
export function stems(text: string): string[] {
  return words(text)
    .filter((word) => !STOPWORDS.has(word))
    .map(stem);
}

/** Free text as a search reads it: trimmed to a sane length and number of words. */
export function queryWords(text: string): string[] {
  return words(text.slice(0, MAX_QUERY_CHARACTERS))
    .filter((word) => !STOPWORDS.has(word))
    .slice(0, MAX_QUERY_WORDS);
}

/** Whether `phrase` (stems) occurs in `text` (stems) as consecutive words (at a start `accept` takes, if given). */
export function containsPhrase(text: readonly string[], phrase: readonly string[], accept?: (start: number) => boolean): boolean {
  if (phrase.length === 0 || phrase.length > text.length) return false;
  outer: for (let start = 0; start + phrase.length <= text.length; start++) {
    for (let i = 0; i < phrase.length; i++) if (text[start + i] !== phrase[i]) continue outer;
    if (!accept || accept(start)) return true;
  }
  return false;
}

// Words that say what follows is missing ("surgery for people with no health insurance"): a phrase right
// after one of them describes who a service is for, not what it gives.
const NEGATIONS = new Set(['no', 'without', 'lack', 'sin']);
// A phrase right before "donations" is what a service collects ("accepts clothing donations"), not what it gives.
const DONATION = stem('donations');

/**
 * Whether `phrase` occurs in `text` as something a service offers: not right after a negation ("no",
 * "without", "lacking", "sin") nor right before "donations".
 */
export function containsAffirmedPhrase(text: readonly string[], phrase: readonly string[]): boolean {
  return containsPhrase(
    text,
    phrase,
    (start) => (start === 0 || !NEGATIONS.has(text[start - 1])) && text[start + phrase.length] !== DONATION,
  );
}

/** Damerau–Levenshtein distance (adjacent transpositions count once), stopping early past `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      best = Math.min(best, d[i][j]);
    }
    if (best > limit) return limit + 1;
  }
  return d[a.length][b.length];
}

/** Typos a word of this length may carry and still be recognised (as Meilisearch's defaults). */
export function typoAllowance(word: string): number {
  if (word.length >= 9) return 2;
  if (word.length >= 5) return 1;
  return 0;
}
