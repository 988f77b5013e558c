import { describe, expect, it } from 'vitest';
import { clientNetwork, progressiveDelayMs } from './throttle';

describe('progressiveDelayMs', () => {
  it('does not slow the first failures, then doubles up to a ceiling', () => {
    expect([0, 5, 6, 7, 8, 12, 40].map(progressiveDelayMs)).toEqual([0, 0, 250, 500, 1000, 8000, 8000]);
  });
});

describe('clientNetwork', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::7', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('counts %s as %s', (address, network) => {
    expect(clientNetwork(address)).toBe(network);
  });
});
