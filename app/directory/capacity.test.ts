import { describe, expect, it } from 'vitest';
import { CAPACITY_STATUSES, SDOHCC_CAPACITY_CODES, capacityNeedsConfirmation, effectiveCapacity, isStale } from './capacity';

describe('capacity', () => {
  it('maps every stated status to an SDOH IG capacity code', () => {
    expect(Object.values(SDOHCC_CAPACITY_CODES).map((entry) => entry.code).sort()).toEqual(
      ['additional-assessment-required', 'capacity', 'no-capacity', 'waitlist'],
    );
    expect(CAPACITY_STATUSES.filter((status) => status !== 'unknown').every((status) => status in SDOHCC_CAPACITY_CODES)).toBe(true);
  });

  it('lapses to unknown after its "until" day', () => {
    expect(effectiveCapacity('no-capacity', '2026-12-01', '2026-12-01')).toBe('no-capacity');
    expect(effectiveCapacity('no-capacity', '2026-11-30', '2026-12-01')).toBe('unknown');
    expect(effectiveCapacity('full', null, '2026-12-01')).toBe('unknown');
  });

  it('asks for confirmation only for waitlist and no capacity', () => {
    expect(CAPACITY_STATUSES.filter(capacityNeedsConfirmation)).toEqual(['waitlist', 'no-capacity']);
  });

  it('calls a listing stale after 180 days without confirmation', () => {
    expect(isStale('2026-06-04', '2026-12-01')).toBe(false);
    expect(isStale('2026-06-03', '2026-12-01')).toBe(true);
    expect(isStale(null, '2026-12-01')).toBe(true);
  });
});
