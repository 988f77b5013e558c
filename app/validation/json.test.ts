import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './json';

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(nestsDeeperThan('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(nestsDeeperThan(`{"text":"${'['.repeat(500)}"}`, 2)).toBe(false);
    expect(nestsDeeperThan(`{"text":"quote \\" then ${'{'.repeat(10)}"}`, 2)).toBe(false);
  });

  it('stops at the first level past the limit', () => {
    expect(nestsDeeperThan('['.repeat(100_000), 64)).toBe(true);
  });
});
