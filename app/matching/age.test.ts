import { describe, expect, it } from 'vitest';
import { ageBandOf, ageInYears, todayIn } from './age.js';

describe('age', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageInYears('1990-06-15', '2026-06-14')).toBe(35);
    expect(ageInYears('1990-06-15', '2026-06-15')).toBe(36);
    expect(ageInYears('2000-02-29', '2026-02-28')).toBe(25);
    expect(ageInYears('not a date', '2026-01-01')).toBeNull();
    expect(ageInYears('2030-01-01', '2026-01-01')).toBeNull();
  });

  it('puts an age in the band a search URL may carry', () => {
    expect([0, 17, 18, 24, 25, 59, 60, 99].map(ageBandOf)).toEqual(['0-17', '0-17', '18-24', '18-24', '25-59', '25-59', '60+', '60+']);
  });

  it('takes today in the organisation time zone', () => {
    expect(todayIn('America/Los_Angeles', new Date('2026-03-01T05:00:00Z'))).toBe('2026-02-28');
    expect(todayIn('UTC', new Date('2026-03-01T05:00:00Z'))).toBe('2026-03-01');
  });
});
