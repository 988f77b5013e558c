import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { businessDaysSince } from '../referrals/business-days';
import { zip3 } from './deidentify';
import { ageBand, responseDueOn } from './measures';

describe('response window', () => {
  it('ends on the day its business days have all passed, as the caseload counts them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 20 }), (offset, days) => {
        const sentOn = new Date(Date.UTC(2020, 0, 1 + offset)).toISOString().slice(0, 10);
        const due = responseDueOn(sentOn, days);
        const dayBefore = new Date(Date.parse(`${due}T12:00:00Z`) - 86_400_000);
        // The first day on which the window's business days have all passed.
        expect(businessDaysSince(new Date(`${sentOn}T12:00:00Z`), new Date(`${due}T12:00:00Z`))).toBe(days);
        expect(businessDaysSince(new Date(`${sentOn}T12:00:00Z`), dayBefore)).toBe(days - 1);
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
