import { describe, expect, it } from 'vitest';
import { zipCentroid } from './zip.server.js';

describe('zipCentroid', () => {
  it('gives the centroid of a US ZIP code', () => {
    expect(zipCentroid('94110')).toEqual({ lat: 37.7509, lon: -122.4153 });
  });

  it('takes the first five digits of a ZIP+4 and ignores surrounding spaces', () => {
    expect(zipCentroid(' 94110-2345 ')).toEqual(zipCentroid('94110'));
  });

  it('answers null for malformed, unknown and non-US codes', () => {
    for (const zip of ['', '9411', '941100', 'abcde', '94110-12', '00000', 'K1A', '94110 1234']) {
      expect(zipCentroid(zip), zip).toBeNull();
    }
  });
});
