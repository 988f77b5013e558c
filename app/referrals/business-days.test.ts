import { describe, expect, it } from 'vitest';
import { addBusinessDays, businessDaysBetween, isOverdue, isStuck, localDate, localDateTime, localToInstant, responseDueAt, startOfLocalDay } from './business-days';

const none = new Set<string>();
const PACIFIC = 'America/Los_Angeles';

describe('business days', () => {
  it('counts weekdays after the start day', () => {
    // Monday 2026-11-16 → Thursday 2026-11-19: Tue, Wed, Thu.
    expect(businessDaysBetween('2026-11-16', '2026-11-19', none)).toBe(3);
    expect(addBusinessDays('2026-11-16', 3, none)).toBe('2026-11-19');
  });

  it('skips the weekend', () => {
    expect(addBusinessDays('2026-11-20', 1, none)).toBe('2026-11-23');
    expect(businessDaysBetween('2026-11-20', '2026-11-23', none)).toBe(1);
  });

  it('skips the holidays it is given', () => {
    // Thanksgiving 2026 is Thursday 26 November.
    expect(addBusinessDays('2026-11-24', 3, new Set(['2026-11-26']))).toBe('2026-11-30');
    expect(addBusinessDays('2026-11-24', 3, none)).toBe('2026-11-27');
  });

  it('is zero on the same day', () => {
    expect(businessDaysBetween('2026-11-23', '2026-11-23', none)).toBe(0);
  });
});

describe('local dates and days', () => {
  it('reads the calendar date in the organisation’s time zone', () => {
    // 02:00 UTC on Tuesday is still Monday evening in San Francisco.
    expect(localDate(new Date('2026-11-17T02:00:00Z'), PACIFIC)).toBe('2026-11-16');
    expect(localDate(new Date('2026-11-17T02:00:00Z'), 'UTC')).toBe('2026-11-17');
  });

  it('finds local midnight across daylight-saving changes', () => {
    expect(startOfLocalDay('2026-07-01', PACIFIC).toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(startOfLocalDay('2026-12-01', PACIFIC).toISOString()).toBe('2026-12-01T08:00:00.000Z');
    // The day clocks go back (1 November 2026) starts in daylight time.
    expect(startOfLocalDay('2026-11-01', PACIFIC).toISOString()).toBe('2026-11-01T07:00:00.000Z');
    expect(startOfLocalDay('2026-11-02', PACIFIC).toISOString()).toBe('2026-11-02T08:00:00.000Z');
  });
});

describe('the response window', () => {
  it('ends with the last business day of the window, in local time', () => {
    // Sent Monday 16 November 2026, 10:00 in San Francisco; three business days: due by the end of Thursday.
    const due = responseDueAt(new Date('2026-11-16T18:00:00Z'), 3, none, PACIFIC);
    expect(due.toISOString()).toBe('2026-11-20T08:00:00.000Z');
    const referral = { status: 'requested', responseDueAt: due };
    expect(isOverdue(referral, new Date('2026-11-20T07:59:59Z'))).toBe(false);
    expect(isOverdue(referral, new Date('2026-11-20T08:00:00Z'))).toBe(true);
  });

  it('counts from the day the referral arrived where the organisation is, not in UTC', () => {
    // Monday 20:00 in San Francisco is already Tuesday in UTC; the window still starts on Monday.
    expect(responseDueAt(new Date('2026-11-17T04:00:00Z'), 1, none, PACIFIC).toISOString()).toBe('2026-11-18T08:00:00.000Z');
  });

  it('moves past a holiday and a weekend', () => {
    // Sent Wednesday before Thanksgiving: Friday (1), Monday (2), Tuesday (3).
    const due = responseDueAt(new Date('2026-11-25T17:00:00Z'), 3, new Set(['2026-11-26']), PACIFIC);
    expect(localDate(new Date(due.getTime() - 1), PACIFIC)).toBe('2026-12-01');
  });

  it('only a referral still waiting for an answer can be overdue', () => {
    expect(isOverdue({ status: 'accepted', responseDueAt: new Date(0) })).toBe(false);
    expect(isOverdue({ status: 'requested', responseDueAt: null })).toBe(false);
  });
});

describe('stuck', () => {
  it('is an open referral with no update for 14 days', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    expect(isStuck({ status: 'accepted', lastActivityAt: '2026-11-16T12:00:00Z' }, now)).toBe(true);
    expect(isStuck({ status: 'accepted', lastActivityAt: '2026-11-16T12:00:01Z' }, now)).toBe(false);
    expect(isStuck({ status: 'completed', lastActivityAt: '2026-01-01T00:00:00Z' }, now)).toBe(false);
    expect(isStuck({ status: 'requested', lastActivityAt: '2026-01-01T00:00:00Z' }, now)).toBe(false);
  });
});

describe('local wall-clock times', () => {
  it('turns a datetime-local value into the instant and back', () => {
    const instant = localToInstant('2026-11-16', PACIFIC, '09:30');
    expect(instant.toISOString()).toBe('2026-11-16T17:30:00.000Z');
    expect(localDateTime(instant, PACIFIC)).toBe('2026-11-16T09:30');
  });
});
