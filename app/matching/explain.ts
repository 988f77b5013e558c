// Why a service is in the results, in a line a worker reads at a glance:
// "Food Pantries · 1.2 mi · speaks Spanish · waitlist". The same parts make the API's English `why`
// and the screen's line in the worker's language.
import { languageName } from '../patients/languages.js';

export interface ExplainedHit {
  matchedTerms: string[];
  distanceMiles: number | null;
  languageMatch: boolean;
  capacityStatus: string;
  status: string;
}

export type WhyPart =
  | { kind: 'term'; term: string }
  | { kind: 'distance'; miles: number }
  | { kind: 'language'; language: string; match: boolean }
  | { kind: 'capacity'; capacity: 'waitlist' | 'no-capacity' | 'assessment-required' }
  | { kind: 'temporarily-closed' };

/** The parts of the line; the language part only when the patient has a language other than English. */
export function whyParts(hit: ExplainedHit, language?: string): WhyPart[] {
  const parts: WhyPart[] = [];
  if (hit.matchedTerms[0]) parts.push({ kind: 'term', term: hit.matchedTerms[0] });
  if (hit.distanceMiles !== null) parts.push({ kind: 'distance', miles: hit.distanceMiles });
  if (language && language !== 'en') parts.push({ kind: 'language', language, match: hit.languageMatch });
  if (hit.status === 'temporarily closed') parts.push({ kind: 'temporarily-closed' });
  if (hit.capacityStatus === 'waitlist' || hit.capacityStatus === 'no-capacity' || hit.capacityStatus === 'assessment-required') {
    parts.push({ kind: 'capacity', capacity: hit.capacityStatus });
  }
  return parts;
}

/** Words of the why line, as t() keys (English text; Spanish in app/i18n/es/matching.ts). */
export const WHY_TEXT = {
  distance: '{{miles}} mi',
  speaks: 'speaks {{language}}',
  notListed: '{{language}} not listed — call to check',
  waitlist: 'waitlist',
  'no-capacity': 'no capacity now',
  'assessment-required': 'assessment required first',
  temporarilyClosed: 'temporarily closed',
} as const;

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The line in words: `t` translates (identity for the API's English), `formatMiles` writes the number. */
export function whyText(parts: WhyPart[], t: Translate = plain, formatMiles: (miles: number) => string = (miles) => miles.toFixed(1)): string {
  return parts
    .map((part) => {
      switch (part.kind) {
        case 'term':
          return part.term;
        case 'distance':
          return t(WHY_TEXT.distance, { miles: formatMiles(part.miles) });
        case 'language': {
          const name = t(languageName(part.language));
          return part.match ? t(WHY_TEXT.speaks, { language: name }) : t(WHY_TEXT.notListed, { language: name });
        }
        case 'capacity':
          return t(WHY_TEXT[part.capacity]);
        case 'temporarily-closed':
          return t(WHY_TEXT.temporarilyClosed);
      }
    })
    .join(' · ');
}

function plain(key: string, options: Record<string, unknown> = {}): string {
  return key.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name] ?? ''));
}
