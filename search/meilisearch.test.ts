import { describe, expect, it } from 'vitest';
import { buildFilter, buildSort, filterString, indexSettings, needKey } from './meilisearch.js';
import { needRelevance, type NeedMapping } from './need-relevance.js';
import type { ServiceSearchDocument } from './port.js';

// The Meilisearch engine's pure parts; the engine itself runs in contract.test.ts when MEILI_HOST is set.
describe('Meilisearch filters', () => {
  it('quotes and escapes every string, so typed text cannot change the expression', () => {
    expect(filterString('food')).toBe('"food"');
    expect(filterString('a" OR status = "inactive')).toBe('"a\\" OR status = \\"inactive"');
    expect(filterString('back\\slash')).toBe('"back\\\\slash"');
  });

  it('builds need, language, organisation and radius filters from typed values', () => {
    expect(
      buildFilter({
        needCategory: 'food-insecurity',
        language: 'zh',
        organizationIds: ['4b7c2f0e-0000-4000-8000-000000000000'],
        latitude: 37.7509,
        longitude: -122.4153,
        radiusKm: 2.5,
      }),
    ).toEqual([
      'status = "active"',
      'needs = "food-insecurity"',
      'languages IN ["chi", "cmn", "gan", "hak", "hsn", "nan", "wuu", "yue", "zh", "zho"]',
      'organizationId IN ["4b7c2f0e-0000-4000-8000-000000000000"]',
      '_geoRadius(37.7509, -122.4153, 2500)',
    ]);
  });

  it('refuses a coordinate that is not a finite number', () => {
    expect(() => buildSort({ latitude: Number.NaN, longitude: 0 })).toThrow(/finite/);
  });

  it('sorts by the need score, then by distance', () => {
    expect(buildSort({ needCategory: 'food-insecurity', latitude: 37.75, longitude: -122.41 })).toEqual([
      'needScore.food_insecurity:desc',
      '_geoPoint(37.75, -122.41):asc',
    ]);
  });
});

describe('index settings', () => {
  const mappings: NeedMapping[] = [
    { needCategory: 'food-insecurity', kind: 'taxonomy_term', value: 'Food Pantries', weight: 1 },
    { needCategory: 'food-insecurity', kind: 'synonym', value: 'groceries', weight: 1 },
    { needCategory: 'food-insecurity', kind: 'synonym', value: 'pantry', weight: 1 },
  ];

  it('makes every need sortable and its synonyms stand for each other', () => {
    const settings = indexSettings(mappings);
    expect(settings.sortableAttributes).toContain(`needScore.${needKey('food-insecurity')}`);
    expect(settings.filterableAttributes).toEqual(expect.arrayContaining(['needs', 'languages', '_geo']));
    expect(settings.synonyms).toEqual({ groceries: ['pantry'], pantry: ['groceries'] });
    expect(settings.rankingRules?.[0]).toBe('sort');
  });

  it('scores a service for a need like the PostgreSQL engine: term weight, or else matched synonyms', () => {
    const document: ServiceSearchDocument = {
      serviceId: 's1', serviceName: 'Mission Pantry', alternateName: null, description: 'Free groceries every Tuesday',
      organizationId: 'o1', organizationName: 'Mission Food', locationId: null, serviceAtLocationId: null, address: null,
      postalCode: null, latitude: null, longitude: null, languages: [], taxonomyTerms: ['Food Pantries'], status: 'active',
      capacityStatus: 'unknown',
    };
    expect(needRelevance(document, mappings).get('food-insecurity')).toEqual({
      score: 100 * 100,
      matchedTerms: ['Food Pantries', 'groceries', 'pantry'],
    });
    expect(needRelevance({ ...document, taxonomyTerms: [] }, mappings).get('food-insecurity')?.score).toBe(2 * 10);
    expect(needRelevance({ ...document, taxonomyTerms: [], description: null, serviceName: 'Legal aid' }, mappings).size).toBe(0);
  });
});
