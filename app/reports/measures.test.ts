import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addBusinessDays } from '../referrals/business-days';
import { zip3 } from './deidentify';
import { ageBand, responseDueOn } from './measures';

describe('response window', () => {
  it('ends on the same last day as the referral workflow counts it, for a referral without holidays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 20 }), (offset, days) => {
        const sentOn = new Date(Date.UTC(2020, 0, 1 + offset)).toISOString().slice(0, 10);
        expect(responseDueOn(sentOn, days)).toBe(addBusinessDays(sentOn, days, new Set()));
      }),
    );
  });
});

describe('age bands and ZIP areas', () => {
  it('counts age on the day, birthday included', () => {
    expect(ageBand('2007-03-12', '2025-03-11')).toBe('0-17');
    expect(ageBand('2007-03-12', '2025-03-12')).toBe('18-64');
    expect(ageBand('1960-01-01', '2025-01-01')).toBe('65+');
  });

  it('cuts ZIP codes to three digits, 000 for the sparsely populated areas', () => {
    expect(zip3('94124')).toBe('941');
    expect(zip3('03601')).toBe('000');
    expect(zip3('')).toBe('');
  });
});
