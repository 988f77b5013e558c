import { describe, expect, it } from 'vitest';
import {
  checkSchedule,
  formatMinutes,
  openSlotOf,
  openingStatus,
  openingText,
  scheduleZone,
  openSlots,
  type ScheduleFields,
} from './hours';

const LA = { name: 'America/Los_Angeles' };
const weekdays = (opens: string, closes: string, extra: Partial<ScheduleFields> = {}): ScheduleFields => ({
  freq: 'WEEKLY',
  byday: 'MO,TU,WE,TH,FR',
  opens_at: opens,
  closes_at: closes,
  ...extra,
});
// 2026-12-04 is a Friday. 18:00 UTC is 10:00 in Los Angeles (PST, UTC-8).
const fridayMorningLA = new Date('2026-12-04T18:00:00Z');

const say = (schedules: ScheduleFields[], now: Date, zone = LA, locale = 'en-US') => {
  const text = openingText(openingStatus(schedules, now, zone), locale);
  return text && text.key.replace(/{{(\w+)}}/g, (_, name: string) => text.values[name]);
};

describe('opening hours', () => {
  it('says a weekday service is open and when it closes, in the named zone', () => {
    expect(say([weekdays('09:00', '17:00')], fridayMorningLA)).toBe('Open now · closes 5 pm');
    // The same moment in New York is 13:00; a 9–12 service there is closed until Monday.
    expect(say([weekdays('09:00', '12:00')], fridayMorningLA, { name: 'America/New_York' })).toBe('Opens Mon 9 am');
  });

  it('says when a closed service opens next', () => {
    const saturdays: ScheduleFields = { freq: 'WEEKLY', byday: 'SA', opens_at: '09:00', closes_at: '13:00' };
    expect(say([saturdays], fridayMorningLA)).toBe('Opens Sat 9 am');
    expect(say([weekdays('11:30', '17:00')], fridayMorningLA)).toBe('Opens today 11:30 am');
  });

  it('reads monthly rules such as the second Tuesday', () => {
    const secondTuesday: ScheduleFields = { freq: 'MONTHLY', byday: '2TU', opens_at: '10:00', closes_at: '12:00' };
    // The second Tuesday of December 2026 is the 8th.
    const status = openingStatus([secondTuesday], fridayMorningLA, LA);
    expect(status).toEqual({ state: 'closed', opens: { weekday: 1, minutes: 600, daysAhead: 4 } });
  });

  it('keeps local hours across the change to daylight saving time', () => {
    // 2027-03-15 is the Monday after the change: 16:30 UTC is 09:30 PDT (UTC-7).
    expect(say([weekdays('09:00', '17:00')], new Date('2027-03-15T16:30:00Z'))).toBe('Open now · closes 5 pm');
    expect(say([weekdays('09:00', '17:00')], new Date('2027-03-15T15:30:00Z'))).toBe('Opens today 9 am');
  });

  it('uses the schedule’s numeric offset when no named zone is set', () => {
    const zone = scheduleZone([weekdays('09:00', '17:00', { timezone: '-5' })], null, 'America/Los_Angeles');
    expect(zone).toEqual({ offsetHours: -5 });
    // 18:00 UTC is 13:00 at UTC-5.
    expect(say([weekdays('09:00', '12:00')], fridayMorningLA, zone as { name: string })).toBe('Opens Mon 9 am');
    expect(scheduleZone([], 'America/Chicago', 'America/Los_Angeles')).toEqual({ name: 'America/Chicago' });
    expect(scheduleZone([], null, 'America/Los_Angeles')).toEqual({ name: 'America/Los_Angeles' });
  });

  it('honours valid_from / valid_to, until and an interval', () => {
    expect(say([weekdays('09:00', '17:00', { valid_to: '2026-12-01' })], fridayMorningLA)).toBe('Closed for now');
    expect(say([weekdays('09:00', '17:00', { until: '2026-12-03' })], fridayMorningLA)).toBe('Closed for now');
    // Every other Friday from Friday 2026-11-27: not this Friday, but the next.
    const fortnightly: ScheduleFields = { freq: 'WEEKLY', interval: 2, byday: 'FR', dtstart: '2026-11-27', opens_at: '09:00', closes_at: '17:00' };
    expect(openingStatus([fortnightly], fridayMorningLA, LA)).toEqual({ state: 'closed', opens: { weekday: 4, minutes: 540, daysAhead: 7 } });
  });

  it('treats hours that close after midnight as overnight', () => {
    const nights: ScheduleFields = { freq: 'WEEKLY', byday: 'FR', opens_at: '20:00', closes_at: '08:00' };
    // Saturday 02:00 in Los Angeles.
    const status = openingStatus([nights], new Date('2026-12-05T10:00:00Z'), LA);
    expect(status).toEqual({ state: 'open', closes: { weekday: 5, minutes: 480, daysAhead: 0 } });
  });

  it('knows nothing from a description alone', () => {
    expect(openingStatus([{ freq: null, opens_at: null, closes_at: null }], fridayMorningLA, LA)).toEqual({ state: 'unknown' });
  });

  it('writes times as people read them in English and Spanish', () => {
    expect(formatMinutes(17 * 60, 'en-US')).toBe('5 pm');
    expect(formatMinutes(8 * 60 + 30, 'en-US')).toBe('8:30 am');
    expect(say([weekdays('09:00', '17:00')], fridayMorningLA, LA, 'es-US')).toMatch(/^Open now · closes 5 p\.\s?m\.$/);
  });
});

describe('open quarter hours for the search index', () => {
  const slotsAt = (iso: string) => openSlotOf(new Date(iso));

  it('holds the quarter hours in which the service is open all through, counted in UTC', () => {
    const slots = new Set(openSlots([weekdays('09:00', '17:00')], LA, fridayMorningLA));
    expect(slots.size).toBe(5 * 8 * 4);
    // Friday 9:00 and 16:45 in San Francisco (PST, UTC−8) are open; 17:00 and Saturday are not.
    expect(slots.has(slotsAt('2026-12-04T17:00:00Z'))).toBe(true);
    expect(slots.has(slotsAt('2026-12-05T00:45:00Z'))).toBe(true);
    expect(slots.has(slotsAt('2026-12-05T01:00:00Z'))).toBe(false);
    expect(slots.has(slotsAt('2026-12-05T18:00:00Z'))).toBe(false);
    // Monday 8:45 is closed, Monday 9:00 open, whichever week asks.
    expect(slots.has(slotsAt('2026-12-07T16:45:00Z'))).toBe(false);
    expect(slots.has(slotsAt('2026-12-14T17:00:00Z'))).toBe(true);
  });

  it('leaves out a quarter hour the service is open for only part of', () => {
    const slots = new Set(openSlots([weekdays('09:10', '17:00')], LA, fridayMorningLA));
    expect(slots.has(slotsAt('2026-12-07T17:00:00Z'))).toBe(false);
    expect(slots.has(slotsAt('2026-12-07T17:15:00Z'))).toBe(true);
  });

  it('follows daylight saving time: 9:00 is 16:00 UTC in summer', () => {
    const slots = new Set(openSlots([weekdays('09:00', '17:00')], LA, new Date('2026-07-01T12:00:00Z')));
    expect(slots.has(slotsAt('2026-07-01T16:00:00Z'))).toBe(true);
    expect(slots.has(slotsAt('2026-07-01T15:45:00Z'))).toBe(false);
  });

  it('keeps hours that run past midnight, and has none for a service without hours', () => {
    const sundayNights: ScheduleFields = { freq: 'WEEKLY', byday: 'SU', opens_at: '22:00', closes_at: '02:00' };
    const slots = new Set(openSlots([sundayNights], LA, fridayMorningLA));
    expect(slots.size).toBe(16);
    expect(slots.has(slotsAt('2026-12-07T09:45:00Z'))).toBe(true);
    expect(openSlots([], LA, fridayMorningLA)).toEqual([]);
  });
});

describe('schedule checks', () => {
  it('accepts readable rules and description-only rows', () => {
    expect(checkSchedule(weekdays('09:00', '17:00'))).toEqual({ ok: true });
    expect(checkSchedule({ freq: 'MONTHLY', byday: '-1FR', opens_at: '10:00:00', closes_at: '12:00:00' })).toEqual({ ok: true });
    expect(checkSchedule({ freq: null, opens_at: null, closes_at: null })).toEqual({ ok: true });
  });

  it('refuses what it cannot read, naming the field', () => {
    expect(checkSchedule(weekdays('9am', '17:00'))).toMatchObject({ ok: false, field: 'opens_at' });
    expect(checkSchedule(weekdays('09:00', null as unknown as string))).toMatchObject({ ok: false, field: 'closes_at' });
    expect(checkSchedule({ ...weekdays('09:00', '17:00'), byday: 'MO,XX' })).toMatchObject({ ok: false, field: 'byday' });
    expect(checkSchedule({ ...weekdays('09:00', '17:00'), freq: 'DAILY' })).toMatchObject({ ok: false, field: 'freq' });
    expect(checkSchedule({ ...weekdays('09:00', '17:00'), byday: '2TU' })).toMatchObject({ ok: false, field: 'byday' });
    expect(checkSchedule({ ...weekdays('09:00', '17:00'), interval: '0' })).toMatchObject({ ok: false, field: 'interval' });
    expect(checkSchedule({ ...weekdays('09:00', '17:00'), dtstart: '2026-02-30' })).toMatchObject({ ok: false, field: 'dtstart' });
    expect(checkSchedule({ ...weekdays('09:00', '17:00'), valid_from: '2026-05-01', valid_to: '2026-04-01' })).toMatchObject({ ok: false, field: 'valid_to' });
  });
});
