// The vocabulary of the outcome reports: the five core HRSN domains of the CMS measures, which
// screening domains and need categories count as each, age bands, and the breakdowns. Pure data.

/** The five core domains of CMS's "Screening for Social Drivers of Health" (and measure 498). */
export const CORE_DOMAINS = ['food', 'housing', 'transportation', 'utilities', 'safety'] as const;
export type CoreDomain = (typeof CORE_DOMAINS)[number];

/** The three domains of NCQA's SNS-E measure. */
export const SNS_E_DOMAINS = ['food', 'housing', 'transportation'] as const satisfies readonly CoreDomain[];

export const CORE_DOMAIN_LABELS: Record<CoreDomain, string> = {
  food: 'Food',
  housing: 'Housing',
  transportation: 'Transportation',
  utilities: 'Utilities',
  safety: 'Interpersonal safety',
};

/** Screening domains (the rule tables' domain ids, any instrument) that screen a core domain. */
export const SCREENING_DOMAIN_CORE: Readonly<Record<string, CoreDomain>> = {
  food: 'food',
  'living-situation': 'housing',
  'housing-quality': 'housing',
  'housing-status': 'housing',
  'housing-worry': 'housing',
  transportation: 'transportation',
  utilities: 'utilities',
  'interpersonal-safety': 'safety',
  'partner-violence': 'safety',
};

/** Need categories (SDOH CC IG) that meet a core domain; needs from a screening use their domain first. */
export const CATEGORY_CORE: Readonly<Record<string, CoreDomain>> = {
  'food-insecurity': 'food',
  'housing-instability': 'housing',
  homelessness: 'housing',
  'inadequate-housing': 'housing',
  'transportation-insecurity': 'transportation',
  'utility-insecurity': 'utilities',
  'intimate-partner-violence': 'safety',
  'elder-abuse': 'safety',
};

/**
 * Needs whose category or domain is about the patient's safety: never in a row-level export with
 * anything that could identify the patient.
 */
export const SENSITIVE_CATEGORIES: readonly string[] = ['intimate-partner-violence', 'elder-abuse'];
export const SENSITIVE_DOMAINS: readonly string[] = ['interpersonal-safety', 'partner-violence', 'safety'];

export const AGE_BANDS = ['0-17', '18-64', '65+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABELS: Record<AgeBand, string> = { '0-17': '17 or younger', '18-64': '18 to 64', '65+': '65 or older' };

export function ageBand(birthDate: string, on: string): AgeBand {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  return age <= 17 ? '0-17' : age <= 64 ? '18-64' : '65+';
}

/** PRAPARE race answers (LOINC 32624-9) as report groups; more than one answer is "multiple". */
export const RACE_CODES: Readonly<Record<string, string>> = {
  'LA6156-9': 'asian',
  'LA14045-1': 'native-hawaiian',
  'LA30187-1': 'pacific-islander',
  'LA14042-8': 'black',
  'LA4457-3': 'white',
  'LA4-4': 'american-indian',
  'LA46-8': 'other',
  'LA30122-8': 'declined',
};
/** PRAPARE "Hispanic or Latino" answers (LOINC 56051-6). */
export const ETHNICITY_CODES: Readonly<Record<string, string>> = {
  'LA33-6': 'hispanic-or-latino',
  'LA32-8': 'not-hispanic-or-latino',
  'LA30122-8': 'declined',
};
export const RACE_ITEM = '32624-9';
export const ETHNICITY_ITEM = '56051-6';

export const GROUP_LABELS: Readonly<Record<string, string>> = {
  asian: 'Asian',
  'native-hawaiian': 'Native Hawaiian',
  'pacific-islander': 'Pacific Islander',
  black: 'Black or African American',
  white: 'White',
  'american-indian': 'American Indian or Alaska Native',
  other: 'Other',
  multiple: 'More than one race',
  declined: 'Chose not to answer',
  unknown: 'Not asked (no PRAPARE)',
  'hispanic-or-latino': 'Hispanic or Latino',
  'not-hispanic-or-latino': 'Not Hispanic or Latino',
  ...AGE_BAND_LABELS,
};

export const BREAKDOWNS = ['none', 'language', 'age', 'zip', 'race', 'ethnicity'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];
export const BREAKDOWN_LABELS: Record<Breakdown, string> = {
  none: 'No breakdown',
  language: 'Preferred language',
  age: 'Age band',
  zip: 'ZIP code',
  race: 'Race (PRAPARE)',
  ethnicity: 'Ethnicity (PRAPARE)',
};
/** The facts column each breakdown groups by. */
export const BREAKDOWN_COLUMNS: Record<Exclude<Breakdown, 'none'>, 'language' | 'age_band' | 'postal_code' | 'race' | 'ethnicity'> = {
  language: 'language',
  age: 'age_band',
  zip: 'postal_code',
  race: 'race',
  ethnicity: 'ethnicity',
};

/** HEDIS SNS-E: an intervention on or up to 30 days after the positive screen. */
export const INTERVENTION_WINDOW_DAYS = 30;
/** MIPS 498: contact with a community service provider within 60 days after the screen. */
export const CONTACT_WINDOW_DAYS = 60;

/** Referral statuses that count as a known outcome of the loop. */
export const KNOWN_OUTCOME_STATUSES = ['completed', 'failed', 'rejected', 'cancelled'] as const;

/** The share as a percentage with one decimal, or null when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Math.round((numerator / denominator) * 1000) / 10;
}

/**
 * The last day of a response window of `days` business days (Monday to Friday) for a referral sent
 * on `sentOn`: an answer on or before it is on time. Only for referrals without their own due time
 * (the workflow's `response_due_at`, which also skips holidays); the same count as `addBusinessDays`.
 */
export function responseDueOn(sentOn: string, days: number): string {
  const start = new Date(`${sentOn}T00:00:00Z`);
  const isoWeekday = ((start.getUTCDay() + 6) % 7) + 1;
  // A weekend start counts from the Friday before: the first business day after either is Monday.
  const friday = isoWeekday > 5 ? isoWeekday - 5 : 0;
  const weekday = isoWeekday > 5 ? 5 : isoWeekday;
  const offset = -friday + days + 2 * Math.floor((weekday - 1 + days) / 5);
  return new Date(start.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** The bit of a core domain in the facts' domain masks. */
export function domainBit(domain: CoreDomain): number {
  return 1 << CORE_DOMAINS.indexOf(domain);
}
/** The mask of a patient screened (or positive) in all five core domains. */
export const ALL_FIVE = (1 << CORE_DOMAINS.length) - 1;
