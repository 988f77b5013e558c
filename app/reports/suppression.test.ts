import { describe, expect, it } from 'vitest';
import { suppressCounts, suppressRates } from './suppression';

describe('small-cell suppression', () => {
  it('hides a group of 1 to 10 people, and the next-smallest when only one would be hidden', () => {
    const shown = suppressRates([
      { group: 'en', numerator: 40, denominator: 120 },
      { group: 'es', numerator: 3, denominator: 30 },
      { group: 'zh', numerator: 12, denominator: 25 },
    ]);
    expect(shown.map((row) => [row.group, row.suppressed, row.rate])).toEqual([
      ['en', false, 33.3],
      ['es', true, null],
      ['zh', true, null],
    ]);
  });

  it('shows zero, and needs no second cell when two are already hidden', () => {
    expect(suppressCounts([0, 5, 7, 200])).toEqual([0, null, null, 200]);
    expect(suppressCounts([11, 10])).toEqual([null, null]);
    expect(suppressCounts([11, 12])).toEqual([11, 12]);
  });
});
