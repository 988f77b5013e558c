// A patient's age for eligibility, and the age bands a search URL may carry instead of an age
// (a URL holds no birth date and no exact age: an age band is as close as it gets to the patient).
export const AGE_BANDS = {
  '0-17': [0, 17],
  '18-24': [18, 24],
  '25-59': [25, 59],
  '60+': [60, 120],
} as const satisfies Record<string, readonly [number, number]>;
export type AgeBand = keyof typeof AGE_BANDS;
export const AGE_BAND_KEYS = Object.keys(AGE_BANDS) as [AgeBand, ...AgeBand[]];

/** Whole years from a birth date (YYYY-MM-DD) to a day (YYYY-MM-DD); null for a date that is not one. */
export function ageInYears(birthDate: string, today: string): number | null {
  const birth = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const now = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!birth || !now) return null;
  const [, by, bm, bd] = birth.map(Number);
  const [, ty, tm, td] = now.map(Number);
  const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  return age >= 0 ? age : null;
}

export function ageBandOf(age: number): AgeBand {
  return AGE_BAND_KEYS.find((band) => age >= AGE_BANDS[band][0] && age <= AGE_BANDS[band][1]) ?? '60+';
}

/** Today's date (YYYY-MM-DD) in a named time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
