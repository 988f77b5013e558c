import { describe, expect, it } from 'vitest';
import { ageOn, calendarDate } from './age';

describe('ageOn', () => {
  it.each([
    ['2000-06-15', '2018-06-14', 17],
    ['2000-06-15', '2018-06-15', 18],
    ['2012-03-01', '2018-02-28', 5],
    ['2012-03-01', '2018-03-01', 6],
    ['2004-02-29', '2021-02-28', 16],
    ['2004-02-29', '2021-03-01', 17],
    ['2024-05-05', '2024-05-05', 0],
  ])('born %s is %i on %s', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });

  it.each([[null], [''], ['2001-02-30'], ['1990-13-01'], ['yesterday']])('is unknown for the birth date %j', (birth) => {
    expect(ageOn(birth, '2024-01-01')).toBeUndefined();
  });

  it('is unknown for a birth after the screening date', () => {
    expect(ageOn('2030-01-01', '2024-01-01')).toBeUndefined();
  });
});

describe('calendarDate', () => {
  it('is the date where the organisation is, not where the server is', () => {
    const lateEvening = new Date('2024-03-01T06:30:00Z');
    expect(calendarDate(lateEvening)).toBe('2024-03-01');
    expect(calendarDate(lateEvening, 'America/Los_Angeles')).toBe('2024-02-29');
  });
});
