// Business days as an organisation counts them: Monday to Friday in its own time zone, less the
// holidays it observes. Pure: the holidays come in as ISO dates.

import { wallClock } from '../directory/hours.js';

export type IsoDate = string;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
export function localDate(instant: Date, timeZone: string): IsoDate {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Milliseconds the time zone is ahead of UTC at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  return wallClock(new Date(instant), { name: timeZone }) - Math.floor(instant / 1000) * 1000;
}

/** The instant a local wall-clock time (HH:MM, default midnight) happens in a time zone. */
export function localToInstant(date: IsoDate, timeZone: string, time = '00:00'): Date {
  const wallAsUtc = Date.parse(`${date}T${time}:00Z`);
  // Twice: the offset at the guess can differ from the offset at the answer across a DST change.
  let instant = wallAsUtc - offsetAt(wallAsUtc, timeZone);
  instant = wallAsUtc - offsetAt(instant, timeZone);
  return new Date(instant);
}

/** The instant a local calendar day begins (midnight) in a time zone. */
export function startOfLocalDay(date: IsoDate, timeZone: string): Date {
  return localToInstant(date, timeZone);
}

/** The wall-clock date and time (YYYY-MM-DDTHH:MM) of an instant in a time zone, as a datetime-local field shows it. */
export function localDateTime(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(instant);
  const value = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${value('year')}-${value('month')}-${value('day')}T${value('hour')}:${value('minute')}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isBusinessDay(date: IsoDate, holidays: ReadonlySet<IsoDate>): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(date);
}

/** The `count`-th business day after `date` (the day itself never counts). */
export function addBusinessDays(date: IsoDate, count: number, holidays: ReadonlySet<IsoDate>): IsoDate {
  let cursor = date;
  for (let found = 0; found < count; ) {
    cursor = addDays(cursor, 1);
    if (isBusinessDay(cursor, holidays)) found += 1;
  }
  return cursor;
}

/** Business days that have ended between the day of `from` and the day of `to` (local), the first day not counted. */
export function businessDaysBetween(from: IsoDate, to: IsoDate, holidays: ReadonlySet<IsoDate>): number {
  let count = 0;
  for (let cursor = addDays(from, 1); cursor <= to; cursor = addDays(cursor, 1)) {
    if (isBusinessDay(cursor, holidays)) count += 1;
  }
  return count;
}

/**
 * When a receiving organisation's answer is due: the end of the `windowDays`-th business day after
 * the day the referral arrived, in the organisation's time zone. Sent on a Monday with a three-day
 * window, it is due by the end of Thursday; it is overdue from Friday 00:00 local time.
 */
export function responseDueAt(sentAt: Date, windowDays: number, holidays: ReadonlySet<IsoDate>, timeZone: string): Date {
  const lastDay = addBusinessDays(localDate(sentAt, timeZone), windowDays, holidays);
  return startOfLocalDay(addDays(lastDay, 1), timeZone);
}

export function isOverdue(referral: { status: string; responseDueAt: Date | string | null }, now: Date = new Date()): boolean {
  return referral.status === 'requested' && referral.responseDueAt !== null && new Date(referral.responseDueAt).getTime() <= now.getTime();
}

/** An accepted, in-progress or on-hold referral with no update (status, message, attempt) for this long is stuck. */
export const STUCK_AFTER_DAYS = 14;
const ACTIVE = new Set(['accepted', 'in-progress', 'on-hold']);

export function isStuck(referral: { status: string; lastActivityAt: Date | string }, now: Date = new Date()): boolean {
  return ACTIVE.has(referral.status) && now.getTime() - new Date(referral.lastActivityAt).getTime() >= STUCK_AFTER_DAYS * DAY_MS;
}
