import { describe, expect, it } from 'vitest';
import { boundingBox, compareRanked, distanceMetres, staticRank } from './ranking.js';

describe('compareRanked', () => {
  it('orders by availability, band, language, level, text, standing, distance, then id', () => {
    const base = { serviceId: 'b', available: true, band: 2, level: 10, standing: 0, languageMatch: false, distanceMetres: 100, matchedTerms: [] };
    expect(compareRanked(base, { ...base, available: false })).toBeLessThan(0);
    expect(compareRanked(base, { ...base, band: 3 })).toBeGreaterThan(0);
    expect(compareRanked(base, { ...base, languageMatch: true, level: 1 })).toBeGreaterThan(0);
    expect(compareRanked(base, { ...base, level: 11, distanceMetres: 9000 })).toBeGreaterThan(0);
    expect(compareRanked(base, { ...base, textScore: 0.5 })).toBeGreaterThan(0);
    expect(compareRanked(base, { ...base, standing: 1, distanceMetres: 9000 })).toBeGreaterThan(0);
    expect(compareRanked(base, { ...base, distanceMetres: 50 })).toBeGreaterThan(0);
    expect(compareRanked(base, { ...base, distanceMetres: null })).toBeLessThan(0);
    expect(compareRanked(base, { ...base, serviceId: 'a' })).toBeGreaterThan(0);
    expect(compareRanked(base, { ...base })).toBe(0);
  });

  it('a stored rank orders like the ranking without the language', () => {
    const strong = staticRank({ available: true, band: 3, level: 17, standing: 0 });
    expect(strong).toBeGreaterThan(staticRank({ available: true, band: 2, level: 20, standing: 1 }));
    expect(staticRank({ available: false, band: 3, level: 20, standing: 1 })).toBeLessThan(staticRank({ available: true, band: 1, level: 4, standing: 0 }));
    expect(staticRank({ available: true, band: 3, level: 17, standing: 1 })).toBeGreaterThan(strong);
  });
});

describe('distances', () => {
  it('measures on a 6,371 km sphere, in whole metres, as Meilisearch does', () => {
    expect(distanceMetres(37.7, -122.4, 37.8, -122.4)).toBe(11_119);
    expect(distanceMetres(37.7509, -122.4153, 37.7509, -122.4153)).toBe(0);
    // San Francisco to Sacramento.
    expect(distanceMetres(37.7749, -122.4194, 38.5816, -121.4944)).toBeGreaterThan(119_000);
  });

  it('a bounding box holds every point within the radius', () => {
    const box = boundingBox(37.75, -122.41, 16_093);
    for (const [lat, lon] of [[37.75 + 0.1447, -122.41], [37.75, -122.41 - 0.1829], [37.75 - 0.1447, -122.41]]) {
      expect(distanceMetres(37.75, -122.41, lat, lon)).toBeLessThanOrEqual(16_100);
      expect(lat >= box.south && lat <= box.north && lon >= box.west && lon <= box.east).toBe(true);
    }
  });
});
