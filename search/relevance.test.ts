import { describe, expect, it } from 'vitest';
import type { ServiceSearchDocument } from './port.js';
import { bandOf, indexedService, nameWithoutTerm, needMatches, standingOf, stemWeights } from './relevance.js';
import { compileVocabulary, type VocabularyEntry } from './vocabulary.js';

const food = compileVocabulary({
  needCategory: 'food-insecurity',
  entries: [
    { kind: 'taxonomy_code', language: '', value: 'BD-1800', weight: 1 },
    { kind: 'taxonomy_term', language: '', value: 'Food Pantries', weight: 1 },
    { kind: 'taxonomy_term', language: '', value: 'Nutrition Education', weight: 0.4 },
    { kind: 'phrase', language: 'en', value: 'food pantry', weight: 1 },
    { kind: 'phrase', language: 'en', value: 'groceries', weight: 0.9 },
    { kind: 'phrase', language: 'en', value: 'food', weight: 0.7 },
    { kind: 'phrase', language: 'es', value: 'despensa', weight: 1 },
    { kind: 'exclude', language: '', value: 'volunteer opportunities', weight: 1 },
    { kind: 'exclude', language: '', value: 'nonprofit agencies', weight: 1 },
  ] satisfies VocabularyEntry[],
});

const service = (changes: Partial<ServiceSearchDocument>): ServiceSearchDocument => ({
  serviceId: '00000000-0000-4000-8000-000000000001', serviceName: 'Mission Neighbours', alternateName: null, description: null,
  eligibility: null, organizationId: 'o', organizationName: 'Mission Neighbours', organizationDescription: null, locationId: null,
  serviceAtLocationId: null, address: null, postalCode: null, latitude: null, longitude: null, languages: [], taxonomyTerms: [],
  taxonomyCodes: [], status: 'active', capacityStatus: 'unknown', minimumAge: null, maximumAge: null, verifiedAt: null, ...changes,
});
const matchOf = (document: ServiceSearchDocument) => needMatches(document, [food])[0];

describe('need relevance', () => {
  it('an AIRS code counts for every term below it; a code of another taxonomy counts for nothing', () => {
    expect(matchOf(service({ taxonomyTerms: ['Choice Pantries'], taxonomyCodes: ['BD-1800.2000-150'] }))).toMatchObject({ band: 3, matchedTerms: ['Choice Pantries'] });
    expect(matchOf(service({ taxonomyTerms: ['Choice Pantries'], taxonomyCodes: ['bd-1800-slug'] }))).toBeUndefined();
  });

  it('a term name counts by its weight only, not again as words', () => {
    expect(matchOf(service({ taxonomyTerms: ['Nutrition Education'] }))).toMatchObject({ band: 1, matchedTerms: ['Nutrition Education'] });
  });

  it('without taxonomy the words decide, weighed by the field they are in', () => {
    const named = matchOf(service({ serviceName: 'Mission Food Pantry' }))!;
    const described = matchOf(service({ description: 'Weekly groceries for low-income families' }))!;
    const eligibility = matchOf(service({ eligibility: 'Families who receive food stamps' }))!;
    expect(named.band).toBe(3);
    expect(described.relevance).toBeLessThan(named.relevance);
    expect(eligibility.relevance).toBeLessThan(described.relevance);
    expect(named.matchedTerms[0]).toBe('food pantry');
  });

  it('Spanish phrases match Spanish text; stems let "pantries" meet "pantry"', () => {
    expect(matchOf(service({ description: 'Despensa comunitaria cada sábado' }))?.matchedTerms).toContain('despensa');
    expect(matchOf(service({ serviceName: 'Food Pantries of the Mission' }))?.band).toBe(3);
  });

  it('the strongest evidence decides; more of the same only supports it', () => {
    const one = matchOf(service({ description: 'Provides food' }))!;
    const many = matchOf(service({ description: 'Provides food, food boxes, food vouchers and more food' }))!;
    expect(many.relevance).toBeCloseTo(one.relevance, 5);
    const supported = matchOf(service({ description: 'Provides food and groceries' }))!;
    expect(supported.relevance).toBeGreaterThan(one.relevance);
    expect(supported.relevance).toBeLessThan(1);
  });

  it('an exclusion in the name or terms all but removes the match; in the description it halves it', () => {
    expect(matchOf(service({ serviceName: 'Food Bank', taxonomyTerms: ['Volunteer Opportunities'] }))).toBeUndefined();
    const described = matchOf(service({ serviceName: 'Food Bank', description: 'Supplies nonprofit agencies with food' }))!;
    expect(described.relevance).toBeLessThan(matchOf(service({ serviceName: 'Food Bank' }))!.relevance);
  });

  it('an organisation\'s description says whom its services without a description of their own are for', () => {
    const agencies = 'Supplies nonprofit agencies with food';
    const undescribed = matchOf(service({ serviceName: 'Food Bank', organizationDescription: agencies }))!;
    expect(undescribed.relevance).toBeLessThan(matchOf(service({ serviceName: 'Food Bank' }))!.relevance);
    const own = { serviceName: 'Food Bank', description: 'Weekly groceries for families' };
    expect(matchOf(service({ ...own, organizationDescription: agencies }))!.relevance).toBe(matchOf(service(own))!.relevance);
  });

  it('a term the service\'s own description does not bear out counts for less than one it does', () => {
    const filed = matchOf(service({ taxonomyTerms: ['Food Pantries'], description: 'Rehabilitation and training for blind and visually impaired people' }))!;
    const borne = matchOf(service({ taxonomyTerms: ['Food Pantries'], description: 'Weekly groceries for low-income families and seniors' }))!;
    expect(filed.band).toBe(3);
    expect(filed.level).toBeLessThan(borne.level);
    // A term with no description to contradict it keeps its full weight.
    expect(matchOf(service({ taxonomyTerms: ['Food Pantries'] }))!.level).toBe(borne.level);
  });

  it('a phrase after a negation is who the service is for, not what it gives', () => {
    expect(matchOf(service({ description: 'Eye surgery for adults with no food' }))).toBeUndefined();
    expect(matchOf(service({ description: 'Weekly food for families' }))?.band).toBe(2);
  });

  it('reads a name without the taxonomy term a directory appended to it', () => {
    expect(nameWithoutTerm({ serviceName: 'BAYVIEW MISSION - Food Pantries', taxonomyTerms: ['Food Pantries'] })).toBe('BAYVIEW MISSION');
    expect(nameWithoutTerm({ serviceName: 'Food Pantries Network', taxonomyTerms: ['Food Pantries'] })).toBe('Food Pantries Network');
  });

  it('bands: 3 from 0.8, 2 from 0.45, 1 from 0.2', () => {
    expect([0.8, 0.79, 0.45, 0.2, 0.19].map(bandOf)).toEqual([3, 2, 2, 1, null]);
  });
});

describe('what an engine stores', () => {
  it('no capacity and temporarily closed are not available; a listing confirmed this year stands higher', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(indexedService(service({ capacityStatus: 'no-capacity' }), [food], now).available).toBe(false);
    expect(indexedService(service({ status: 'temporarily closed' }), [food], now).available).toBe(false);
    expect(indexedService(service({ capacityStatus: 'waitlist' }), [food], now).available).toBe(true);
    expect(standingOf('2026-01-15T00:00:00Z', now)).toBe(1);
    expect(standingOf('2024-01-15T00:00:00Z', now)).toBe(0);
    expect(standingOf(null, now)).toBe(0);
  });

  it('a service listing no language is matched as English', () => {
    expect(indexedService(service({}), [food]).languages).toEqual(['en']);
    expect(indexedService(service({ languages: ['es', 'yue'] }), [food]).languages).toEqual(['es', 'yue']);
  });

  it('keeps each stem with the weight of the best field it appears in', () => {
    const weights = stemWeights(service({ serviceName: 'Pantry', description: 'pantry and groceries', organizationName: 'Groceries Inc' }));
    expect(weights.pantri).toBe(1);
    expect(weights.groceri).toBe(0.7);
  });
});
