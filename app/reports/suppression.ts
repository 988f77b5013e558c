// Small-cell suppression, as public-health reporting does it: a count of 1 to 10 people is not
// shown (nor a rate built on one), and where a total would let the one hidden cell be worked out,
// the next-smallest cell is hidden too.
import { rate } from './measures.js';

export const SMALL_CELL = 11;

export interface RateCell {
  group: string;
  numerator: number;
  denominator: number;
}

export interface ShownRate {
  group: string;
  /** null when suppressed. */
  numerator: number | null;
  denominator: number | null;
  rate: number | null;
  suppressed: boolean;
}

export function isSmall(count: number): boolean {
  return count > 0 && count < SMALL_CELL;
}

/** A count as shown in a breakdown: null when it is a small cell. */
export function suppressCount(count: number): number | null {
  return isSmall(count) ? null : count;
}

/** Rates by group with primary suppression and, beside a total, complementary suppression. */
export function suppressRates(cells: readonly RateCell[]): ShownRate[] {
  const hidden = cells.map((cell) => isSmall(cell.numerator) || isSmall(cell.denominator));
  if (hidden.filter(Boolean).length === 1 && cells.length > 1) {
    let smallest = -1;
    cells.forEach((cell, index) => {
      if (hidden[index] || cell.denominator === 0) return;
      if (smallest === -1 || cell.denominator < cells[smallest].denominator) smallest = index;
    });
    if (smallest !== -1) hidden[smallest] = true;
  }
  return cells.map((cell, index) =>
    hidden[index]
      ? { group: cell.group, numerator: null, denominator: null, rate: null, suppressed: true }
      : { group: cell.group, numerator: cell.numerator, denominator: cell.denominator, rate: rate(cell.numerator, cell.denominator), suppressed: false },
  );
}

/** Counts by group (one column of a breakdown) with the same primary and complementary rule. */
export function suppressCounts(counts: readonly number[]): Array<number | null> {
  const hidden = counts.map(isSmall);
  if (hidden.filter(Boolean).length === 1 && counts.length > 1) {
    let smallest = -1;
    counts.forEach((count, index) => {
      if (hidden[index] || count === 0) return;
      if (smallest === -1 || count < counts[smallest]) smallest = index;
    });
    if (smallest !== -1) hidden[smallest] = true;
  }
  return counts.map((count, index) => (hidden[index] ? null : count));
}
