import { describe, expect, it } from 'vitest';
import { buildFilter, buildNeedSort, checkVersion, circleFilters, compareVersions, filterString, indexSettings, needKey, settingsDiffer } from './meilisearch.js';

// The Meilisearch engine's pure parts; the engine itself runs in contract.test.ts when MEILI_HOST is set.
describe('Meilisearch filters', () => {
  it('quotes and escapes every string, so typed text cannot change the expression', () => {
    expect(filterString('food')).toBe('"food"');
    expect(filterString('a" OR status = "inactive')).toBe('"a\\" OR status = \\"inactive"');
    expect(filterString('back\\slash')).toBe('"back\\\\slash"');
  });

  it('builds need, stems, language, age, capacity and organisation filters from typed values', () => {
    expect(
      buildFilter({
        needCategory: 'food-insecurity',
        stems: ['pantri'],
        filters: {
          requiredLanguages: ['zh', 'yue'],
          ageRange: [30, 30],
          capacity: ['accepting', 'waitlist'],
          organizationIds: ['4b7c2f0e-0000-4000-8000-000000000000'],
        },
      }),
    ).toEqual([
      'needs = "food-insecurity"',
      'stems IN ["pantri"]',
      'languages IN ["zh", "yue"]',
      'minimumAge <= 30',
      'maximumAge >= 30',
      'capacityStatus IN ["accepting", "waitlist"]',
      'organizationId IN ["4b7c2f0e-0000-4000-8000-000000000000"]',
    ]);
  });

  it('reaches a circle by the grid cells inside it and on its edge, or by _geoRadius where there are no cells', () => {
    const place = { latitude: 37.7509, longitude: -122.4153, radiusMetres: 16093 };
    const cells = circleFilters(place, true);
    expect(cells.inside).toMatch(/^geoCells IN \["\d+\/\d+\/-\d+"(, "\d+\/\d+\/-\d+")*\]$/);
    expect(cells.edge).toMatch(/^geoCells IN \[/);
    expect(circleFilters(place, false)).toEqual({ inside: '_geoRadius(37.7509, -122.4153, 16093)', edge: null });
    expect(circleFilters({ ...place, longitude: 179.99 }, true)).toEqual({ inside: '_geoRadius(37.7509, 179.99, 16093)', edge: null });
    expect(circleFilters(undefined, true)).toEqual({ inside: undefined, edge: null });
    expect(() => circleFilters({ ...place, radiusMetres: Number.POSITIVE_INFINITY }, true)).toThrow(/finite/);
  });

  it('refuses a coordinate that is not a finite number', () => {
    expect(() => buildNeedSort('food-insecurity', { latitude: Number.NaN, longitude: 0, radiusMetres: 1 })).toThrow(/finite/);
  });

  it('sorts by the need rank, then distance, then id, for any need code', () => {
    expect(buildNeedSort('food-insecurity', { latitude: 37.75, longitude: -122.41, radiusMetres: 1000 })).toEqual([
      'needRank.food_insecurity:desc',
      '_geoPoint(37.75, -122.41):asc',
      'id:asc',
    ]);
    expect(needKey('legal-help')).toBe('legal_help');
  });
});

describe('index settings', () => {
  it('declares the need ranks by their parent, so that a need added later is sortable without new settings', () => {
    const settings = indexSettings();
    expect(settings.sortableAttributes).toEqual(expect.arrayContaining(['needRank', 'id', '_geo']));
    expect(settings.filterableAttributes).toEqual(expect.arrayContaining(['needs', 'languages', 'stems', 'geoCells', '_geo']));
  });

  it('are applied only when the server holds something else (lists compared as sets)', () => {
    const desired = indexSettings();
    const served = { ...desired, sortableAttributes: [...(desired.sortableAttributes ?? [])].reverse(), stopWords: [], pagination: { maxTotalHits: 100_000 } };
    expect(settingsDiffer(served, desired)).toBe(false);
    expect(settingsDiffer({ ...served, filterableAttributes: ['needs'] }, desired)).toBe(true);
    expect(settingsDiffer({ ...served, pagination: { maxTotalHits: 1000 } }, desired)).toBe(true);
  });
});

describe('server version', () => {
  it('compares versions by number, not text', () => {
    expect(compareVersions('1.10.0', '1.3.0')).toBeGreaterThan(0);
    expect(compareVersions('v1.3.0', '1.3.0')).toBe(0);
    expect(compareVersions('1.2.9', '1.3.0')).toBeLessThan(0);
  });

  it('refuses an older server in one sentence naming both versions', async () => {
    await expect(checkVersion({ getVersion: async () => ({ pkgVersion: '1.2.0', commitSha: '', commitDate: '' }) })).rejects.toThrow(
      'Meilisearch 1.2.0 is too old: CareLoop needs Meilisearch 1.3.0 or newer.',
    );
    await expect(checkVersion({ getVersion: async () => ({ pkgVersion: '1.50.0', commitSha: '', commitDate: '' }) })).resolves.toBe('1.50.0');
  });
});
