// The patient's age for age-dependent screening rules. Pure: dates are ISO calendar dates.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): [number, number, number] | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return [year, month, day];
}

/**
 * Completed years between a date of birth and a date (both YYYY-MM-DD); undefined when either is not a
 * real date or the birth is after the date. Someone born on 29 February turns a year older on 1 March
 * in common years.
 */
export function ageOn(birthDate: string | null | undefined, on: string): number | undefined {
  const birth = birthDate ? parts(birthDate) : undefined;
  const day = parts(on);
  if (!birth || !day) return undefined;
  let age = day[0] - birth[0];
  if (day[1] < birth[1] || (day[1] === birth[1] && day[2] < birth[2])) age -= 1;
  return age >= 0 ? age : undefined;
}

/** The calendar date of an instant in a time zone (IANA name), as YYYY-MM-DD. */
export function calendarDate(instant: Date, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
