// Runner-guard fixture (scripts/test-runner-guard.ts): one test passes, one fails on purpose.
import { expect, it } from 'vitest';

it('passes', () => {
  expect(1 + 1).toBe(2);
});

it('fails on purpose', () => {
  expect(1 + 1).toBe(3);
});
