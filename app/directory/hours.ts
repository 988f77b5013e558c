// Opening hours from HSDS `schedule` rows (iCal RRULE fields + opens_at/closes_at). Pure: no I/O.
// Recurrences are evaluated on local wall-clock time, as rrule recommends: a local moment is held as
// a Date whose UTC fields are the local fields, so "9:00 every Monday" stays 9:00 across DST changes.
import * as rruleModule from 'rrule';
import type { Options as RRuleOptions, RRule as RRuleType } from 'rrule';

// Node loads rrule's CommonJS build (named exports only under `default`); bundlers load its ES build.
const rrule = ('RRule' in rruleModule ? rruleModule : (rruleModule as unknown as { default: typeof rruleModule }).default) as typeof rruleModule;
const { RRule, Weekday } = rrule;

/** The HSDS schedule fields that say when a service is open. Numbers may arrive as strings (numeric columns). */
export interface ScheduleFields {
  freq: string | null;
  interval?: number | string | null;
  byday?: string | null;
  bymonthday?: string | null;
  byweekno?: string | null;
  byyearday?: string | null;
  dtstart?: string | null;
  until?: string | null;
  count?: number | string | null;
  wkst?: string | null;
  valid_from?: string | null;
  valid_to?: string | null;
  opens_at: string | null;
  closes_at: string | null;
  /** HSDS: the UTC offset in hours the times are given in; used when no named time zone is known. */
  timezone?: number | string | null;
}

/** A named IANA zone (the organisation's setting) or, failing that, a fixed offset in hours from UTC. */
export type TimeZoneChoice = { name: string } | { offsetHours: number };

const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type DayCode = (typeof DAY_CODES)[number];
const MINUTES_PER_DAY = 24 * 60;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const MINUTE = 60_000;
const DAY = MINUTES_PER_DAY * MINUTE;
// How far ahead "opens …" looks: far enough for a monthly session.
const LOOKAHEAD_DAYS = 45;
const ANCHOR_DAYS_BEFORE = 35;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const BYDAY = /^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/;
const SIGNED_INT = /^[+-]?\d{1,3}$/;

/** Minutes after midnight of an HSDS time ("09:00", "17:30:00", "09:00Z"); undefined when it is not one. */
export function minutesOfDay(time: string | null | undefined): number | undefined {
  const match = time ? TIME.exec(time.trim()) : null;
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

export type ScheduleCheck = { ok: true } | { ok: false; field: keyof ScheduleFields; message: string };

/**
 * Whether a schedule row can be evaluated: its times, its recurrence (as the rrule library reads it)
 * and its dates. A row with neither frequency nor days nor times is a description only, and fine.
 */
export function checkSchedule(row: ScheduleFields): ScheduleCheck {
  const opens = minutesOfDay(row.opens_at);
  const closes = minutesOfDay(row.closes_at);
  if (row.opens_at && opens === undefined) return { ok: false, field: 'opens_at', message: 'Enter the opening time as HH:MM, for example 09:00.' };
  if (row.closes_at && closes === undefined) return { ok: false, field: 'closes_at', message: 'Enter the closing time as HH:MM, for example 17:00.' };
  if ((opens === undefined) !== (closes === undefined)) {
    return { ok: false, field: opens === undefined ? 'opens_at' : 'closes_at', message: 'Give both the opening and the closing time.' };
  }
  for (const field of ['dtstart', 'until', 'valid_from', 'valid_to'] as const) {
    const value = row[field];
    if (value && !isCalendarDate(value)) return { ok: false, field, message: 'Enter a real date as YYYY-MM-DD.' };
  }
  if (row.valid_from && row.valid_to && row.valid_to < row.valid_from) {
    return { ok: false, field: 'valid_to', message: 'The last valid day comes before the first.' };
  }
  if (!row.freq && !row.byday && opens === undefined) return { ok: true };
  const built = buildRule(row, Date.UTC(2000, 0, 3));
  return built.ok ? { ok: true } : built;
}

function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function dateMs(value: string): number {
  const [year, month, day] = value.split('-').map(Number);
  return Date.UTC(year, month - 1, day);
}

function list(value: string | null | undefined): string[] {
  return value ? value.split(',').map((part) => part.trim()).filter(Boolean) : [];
}

type Built = { ok: true; rule: RRuleType; opens: number; closes: number } | { ok: false; field: keyof ScheduleFields; message: string };

/** The rrule for a schedule row, starting at `anchor` (wall-clock ms) unless the row gives dtstart. */
function buildRule(row: ScheduleFields, anchor: number): Built {
  const freq = row.freq ? row.freq.trim().toUpperCase() : row.byday ? 'WEEKLY' : undefined;
  if (freq !== 'WEEKLY' && freq !== 'MONTHLY') {
    return { ok: false, field: 'freq', message: 'The frequency must be WEEKLY or MONTHLY.' };
  }
  const opens = minutesOfDay(row.opens_at) ?? 0;
  const closes = minutesOfDay(row.closes_at) ?? MINUTES_PER_DAY;
  const byday: InstanceType<typeof Weekday>[] = [];
  for (const part of list(row.byday)) {
    const match = BYDAY.exec(part.toUpperCase());
    if (!match) return { ok: false, field: 'byday', message: `“${part.slice(0, 20)}” is not a day such as MO, TU or 2TU.` };
    if (match[1] && freq !== 'MONTHLY') return { ok: false, field: 'byday', message: 'A numbered day such as 2TU needs the MONTHLY frequency.' };
    const weekday = DAY_CODES.indexOf(match[2] as DayCode);
    byday.push(match[1] ? new Weekday(weekday, Number(match[1])) : new Weekday(weekday));
  }
  const numbers = (field: 'bymonthday' | 'byweekno' | 'byyearday', limit: number): number[] | string => {
    const parts = list(row[field]);
    for (const part of parts) {
      const value = Number(part);
      if (!SIGNED_INT.test(part) || value === 0 || Math.abs(value) > limit) return `“${part.slice(0, 20)}” is not a valid ${field} value.`;
    }
    return parts.map(Number);
  };
  const bymonthday = numbers('bymonthday', 31);
  const byweekno = numbers('byweekno', 53);
  const byyearday = numbers('byyearday', 366);
  for (const [field, value] of [['bymonthday', bymonthday], ['byweekno', byweekno], ['byyearday', byyearday]] as const) {
    if (typeof value === 'string') return { ok: false, field, message: value };
  }
  const interval = row.interval === null || row.interval === undefined || row.interval === '' ? 1 : Number(row.interval);
  if (!Number.isInteger(interval) || interval < 1 || interval > 52) return { ok: false, field: 'interval', message: 'The interval must be a whole number from 1 to 52.' };
  const count = row.count === null || row.count === undefined || row.count === '' ? null : Number(row.count);
  if (count !== null && (!Number.isInteger(count) || count < 1)) return { ok: false, field: 'count', message: 'The count must be a whole number of 1 or more.' };
  const wkst = row.wkst ? DAY_CODES.indexOf(row.wkst.trim().toUpperCase() as DayCode) : 0;
  if (wkst < 0) return { ok: false, field: 'wkst', message: 'The week start must be a day such as MO.' };
  if (freq === 'WEEKLY' && byday.length === 0 && !row.dtstart) {
    return { ok: false, field: 'byday', message: 'Say on which days of the week it is open.' };
  }
  const start = (row.dtstart && isCalendarDate(row.dtstart) ? dateMs(row.dtstart) : anchor - (anchor % DAY)) + opens * MINUTE;
  const options: Partial<RRuleOptions> = {
    freq: freq === 'WEEKLY' ? RRule.WEEKLY : RRule.MONTHLY,
    interval,
    wkst,
    dtstart: new Date(start),
    byweekday: byday.length ? byday : null,
    bymonthday: (bymonthday as number[]).length ? (bymonthday as number[]) : null,
    byweekno: (byweekno as number[]).length ? (byweekno as number[]) : null,
    byyearday: (byyearday as number[]).length ? (byyearday as number[]) : null,
    count,
    until: row.until && isCalendarDate(row.until) ? new Date(dateMs(row.until) + DAY - 1) : null,
    byhour: [Math.floor(opens / 60)],
    byminute: [opens % 60],
    bysecond: [0],
  };
  try {
    const rule = new RRule(options);
    // Reading one occurrence makes the library check the whole rule.
    rule.after(new Date(start), true);
    return { ok: true, rule, opens, closes };
  } catch (error) {
    return { ok: false, field: 'freq', message: `The recurrence cannot be read: ${(error as Error).message}` };
  }
}

/** A moment as local wall-clock time in the zone, held in a Date's UTC fields (ms). */
export function wallClock(instant: Date, zone: TimeZoneChoice): number {
  if ('offsetHours' in zone) return instant.getTime() + zone.offsetHours * 3_600_000;
  const parts = zoneFormatter(zone.name).formatToParts(instant);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function zoneFormatter(name: string): Intl.DateTimeFormat {
  let formatter = formatters.get(name);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(name, formatter);
  }
  return formatter;
}

/** Whether a name is an IANA time zone this runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    zoneFormatter(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone a service's hours are read in: the organisation's named zone; else the offset the
 * schedule gives; else the directory's default zone.
 */
export function scheduleZone(schedules: ScheduleFields[], organizationTimeZone: string | null | undefined, defaultTimeZone: string): TimeZoneChoice {
  if (organizationTimeZone && isTimeZone(organizationTimeZone)) return { name: organizationTimeZone };
  const offset = schedules.map((row) => row.timezone).find((value) => value !== null && value !== undefined && value !== '');
  if (offset !== undefined && Number.isFinite(Number(offset)) && Math.abs(Number(offset)) <= 14) return { offsetHours: Number(offset) };
  return { name: defaultTimeZone };
}

interface Interval {
  start: number;
  end: number;
}

/** Open periods (wall-clock ms) that overlap [from, to), merged where they touch. */
function openPeriods(schedules: ScheduleFields[], from: number, to: number): Interval[] {
  const periods: Interval[] = [];
  for (const row of schedules) {
    if (!row.freq && !row.byday) continue;
    // Anchored well before `from`, so that a period that began earlier (overnight, or last week) is seen.
    const built = buildRule(row, from - ANCHOR_DAYS_BEFORE * DAY);
    if (!built.ok) continue;
    const length = (built.closes > built.opens ? built.closes - built.opens : built.closes + MINUTES_PER_DAY - built.opens) * MINUTE;
    const validFrom = row.valid_from && isCalendarDate(row.valid_from) ? dateMs(row.valid_from) : -Infinity;
    const validTo = row.valid_to && isCalendarDate(row.valid_to) ? dateMs(row.valid_to) + DAY : Infinity;
    for (const occurrence of built.rule.between(new Date(from - length), new Date(to), true)) {
      const start = occurrence.getTime();
      if (start < validFrom || start >= validTo) continue;
      periods.push({ start, end: start + length });
    }
  }
  periods.sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const period of periods) {
    const last = merged[merged.length - 1];
    if (last && period.start <= last.end) last.end = Math.max(last.end, period.end);
    else merged.push({ ...period });
  }
  return merged.filter((period) => period.end > from);
}

/** A local moment: day of the week (0 = Monday) and minutes after midnight. */
export interface LocalMoment {
  weekday: number;
  minutes: number;
  /** 0 today, 1 tomorrow, … */
  daysAhead: number;
}

export type OpeningStatus =
  | { state: 'open'; closes: LocalMoment | null }
  | { state: 'closed'; opens: LocalMoment }
  /** Structured hours exist, but none fall in the next weeks. */
  | { state: 'closed-for-now' }
  /** No hours the directory can read (a description at most). */
  | { state: 'unknown' };

function localMoment(ms: number, today: number): LocalMoment {
  const date = new Date(ms);
  return {
    weekday: (date.getUTCDay() + 6) % 7,
    minutes: date.getUTCHours() * 60 + date.getUTCMinutes(),
    daysAhead: Math.floor((ms - today) / DAY),
  };
}

/** Open now (and until when), or when it next opens. */
export function openingStatus(schedules: ScheduleFields[], now: Date, zone: TimeZoneChoice): OpeningStatus {
  if (!schedules.some((row) => (row.freq || row.byday) && checkSchedule(row).ok)) return { state: 'unknown' };
  const local = wallClock(now, zone);
  const today = local - (local % DAY);
  const periods = openPeriods(schedules, local, local + LOOKAHEAD_DAYS * DAY);
  const current = periods.find((period) => period.start <= local && local < period.end);
  if (current) return { state: 'open', closes: current.end >= local + LOOKAHEAD_DAYS * DAY ? null : localMoment(current.end, today) };
  const next = periods.find((period) => period.start > local);
  return next ? { state: 'closed', opens: localMoment(next.start, today) } : { state: 'closed-for-now' };
}

/** The search index's unit of "open now": quarter hours of the week, counted in UTC from Monday 00:00. */
export const OPEN_SLOT_MINUTES = 15;
export const OPEN_SLOTS_PER_WEEK = MINUTES_PER_WEEK / OPEN_SLOT_MINUTES;
const SLOT = OPEN_SLOT_MINUTES * MINUTE;
// 1970-01-05 was a Monday.
const FIRST_MONDAY = 4 * DAY;

/** The quarter hour of the week a moment falls in: what an "open now" search looks for. */
export function openSlotOf(instant: Date): number {
  const sinceMonday = (((instant.getTime() - FIRST_MONDAY) % (7 * DAY)) + 7 * DAY) % (7 * DAY);
  return Math.floor(sinceMonday / SLOT);
}

/**
 * The quarter hours of the coming seven days in which the service is open for the whole quarter,
 * as openSlotOf numbers them. Counted in UTC, each from the local time it is in the service's zone,
 * so a search needs no zone to ask "open now"; the index recomputes them daily, which follows
 * daylight-saving changes and monthly rules. Ascending.
 */
export function openSlots(schedules: ScheduleFields[], zone: TimeZoneChoice, from = new Date()): number[] {
  const first = Math.floor(from.getTime() / SLOT) * SLOT;
  const localFrom = wallClock(new Date(first), zone);
  const periods = openPeriods(schedules, localFrom - DAY, localFrom + 8 * DAY);
  if (periods.length === 0) return [];
  const locals = localSlotTimes(first, zone);
  const slots: number[] = [];
  for (let step = 0; step < locals.length; step++) {
    const local = locals[step];
    const period = periods[lastStartingBy(periods, local)];
    if (period && local + SLOT <= period.end) slots.push(openSlotOf(new Date(first + step * SLOT)));
  }
  return slots.sort((a, b) => a - b);
}

// The local time of each quarter hour of the seven days from `first`, per zone: every service of an
// index batch shares them, and reading a zone's offset is the costly part.
const localTimesCache = new Map<string, number[]>();

function localSlotTimes(first: number, zone: TimeZoneChoice): number[] {
  const key = `${'name' in zone ? zone.name : zone.offsetHours}|${first}`;
  let locals = localTimesCache.get(key);
  if (!locals) {
    locals = [];
    for (let instant = first; instant < first + 7 * DAY; instant += SLOT) locals.push(wallClock(new Date(instant), zone));
    if (localTimesCache.size >= 16) localTimesCache.clear();
    localTimesCache.set(key, locals);
  }
  return locals;
}

/** The index of the last period (sorted, disjoint) that starts at or before `moment`; -1 when none does. */
function lastStartingBy(periods: Interval[], moment: number): number {
  let low = 0;
  let high = periods.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (periods[middle].start <= moment) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** One line of a service's regular hours, for the service page: which days, from when to when. */
export interface HoursLine {
  /** 0 = Monday; `nth` for a monthly rule such as the 2nd Tuesday (-1 = the last). */
  days: Array<{ weekday: number; nth: number | null }>;
  monthDays: number[];
  monthly: boolean;
  interval: number;
  opens: number | null;
  closes: number | null;
}

export function hoursLines(schedules: ScheduleFields[]): HoursLine[] {
  return schedules
    .filter((row) => (row.freq || row.byday) && checkSchedule(row).ok)
    .map((row) => ({
      days: list(row.byday).map((part) => {
        const match = BYDAY.exec(part.toUpperCase())!;
        return { weekday: DAY_CODES.indexOf(match[2] as DayCode), nth: match[1] ? Number(match[1]) : null };
      }),
      monthDays: list(row.bymonthday).map(Number),
      monthly: (row.freq ?? '').toUpperCase() === 'MONTHLY',
      interval: row.interval ? Number(row.interval) : 1,
      opens: minutesOfDay(row.opens_at) ?? null,
      closes: minutesOfDay(row.closes_at) ?? null,
    }))
    // In the order of the week, as people read hours.
    .sort((a, b) => Math.min(7, ...a.days.map((day) => day.weekday)) - Math.min(7, ...b.days.map((day) => day.weekday)) || (a.opens ?? 0) - (b.opens ?? 0));
}

// The words, as translation keys (Spanish in app/i18n/es/directory.ts).
export const OPENING_TEXT = {
  openUntil: 'Open now · closes {{time}}',
  openUntilDay: 'Open now · closes {{day}} {{time}}',
  open: 'Open now',
  opensToday: 'Opens today {{time}}',
  opensDay: 'Opens {{day}} {{time}}',
  closedForNow: 'Closed for now',
} as const;

/** "5 pm", "8:30 am" (en-US), "5 p.m." / "17:00" as the locale writes it. */
export function formatMinutes(minutes: number, localeTag: string): string {
  const date = new Date(Date.UTC(2000, 0, 3, Math.floor(minutes / 60) % 24, minutes % 60));
  const text = date.toLocaleTimeString(localeTag, { hour: 'numeric', minute: minutes % 60 ? '2-digit' : undefined, timeZone: 'UTC' });
  return localeTag.startsWith('en') ? text.replace(/\s?([AP])M$/, (_, half: string) => ` ${half.toLowerCase()}m`) : text;
}

/** Short weekday name (0 = Monday) in the locale: "Sat", "sáb". */
export function weekdayName(weekday: number, localeTag: string, width: 'short' | 'long' = 'short'): string {
  return new Date(Date.UTC(2000, 0, 3 + weekday)).toLocaleDateString(localeTag, { weekday: width, timeZone: 'UTC' });
}

/** The translation key and its values for an opening status; null when the hours are unknown. */
export function openingText(status: OpeningStatus, localeTag: string): { key: string; values: Record<string, string> } | null {
  switch (status.state) {
    case 'unknown':
      return null;
    case 'closed-for-now':
      return { key: OPENING_TEXT.closedForNow, values: {} };
    case 'open': {
      if (!status.closes) return { key: OPENING_TEXT.open, values: {} };
      const time = formatMinutes(status.closes.minutes, localeTag);
      return status.closes.daysAhead === 0
        ? { key: OPENING_TEXT.openUntil, values: { time } }
        : { key: OPENING_TEXT.openUntilDay, values: { time, day: weekdayName(status.closes.weekday, localeTag) } };
    }
    case 'closed': {
      const time = formatMinutes(status.opens.minutes, localeTag);
      if (status.opens.daysAhead === 0) return { key: OPENING_TEXT.opensToday, values: { time } };
      return { key: OPENING_TEXT.opensDay, values: { time, day: weekdayName(status.opens.weekday, localeTag) } };
    }
  }
}
