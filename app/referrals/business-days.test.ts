import { describe, expect, it } from 'vitest';
import { businessDaysSince } from './business-days';

describe('businessDaysSince', () => {
  it('counts weekdays after the start day', () => {
    // Monday 2026-11-16 → Thursday 2026-11-19: Tue, Wed, Thu.
    expect(businessDaysSince(new Date('2026-11-16T15:00:00Z'), new Date('2026-11-19T09:00:00Z'))).toBe(3);
  });

  it('skips the weekend', () => {
    // Friday → next Monday is one business day.
    expect(businessDaysSince(new Date('2026-11-20T10:00:00Z'), new Date('2026-11-23T10:00:00Z'))).toBe(1);
  });

  it('is zero on the same day', () => {
    expect(businessDaysSince(new Date('2026-11-23T08:00:00Z'), new Date('2026-11-23T18:00:00Z'))).toBe(0);
  });
});
