import { describe, expect, it } from 'vitest';
import { ndcgAt, precisionAt } from './evaluation.js';

describe('relevance measures', () => {
  const grades = { a: 2, b: 2, c: 1, d: 0 };

  it('nDCG@10 is 1 for the ideal order and lower when a lesser service comes first', () => {
    expect(ndcgAt(10, ['a', 'b', 'c'], grades)).toBe(1);
    expect(ndcgAt(10, ['c', 'a', 'b'], grades)).toBeLessThan(1);
    expect(ndcgAt(10, ['d', 'x'], grades)).toBe(0);
    // An unjudged service counts as not meeting the need.
    expect(ndcgAt(10, ['x', 'a', 'b', 'c'], grades)).toBeLessThan(ndcgAt(10, ['a', 'b', 'c', 'x'], grades));
  });

  it('P@5 counts services meeting the need at least in part, out of five or of as many as are relevant', () => {
    expect(precisionAt(5, ['a', 'b', 'c', 'd', 'x'], grades)).toBe(1);
    expect(precisionAt(5, ['d', 'x', 'a'], grades)).toBeCloseTo(1 / 3);
    expect(precisionAt(5, ['a'], {})).toBe(0);
  });
});
