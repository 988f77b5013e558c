import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchServices, parseMatchQuery, withReceivingOrganizations } from '../../app/directory/match.server.js';
import { getServiceDetails } from '../../app/directory/service-details.server.js';
import { getServiceForReferral } from '../../app/directory/services.server.js';
import * as apiMatch from '../../app/routes/api.match';
import { createPostgresSearchEngine } from '../../search/postgres.js';
import type { SearchContext } from '../../search/search.js';
import { call, getRequest, useAppDatabase } from '../support/app';
import type { TestDatabase } from '../support/db';

let database: TestDatabase;
beforeAll(async () => {
  database = await useAppDatabase();
});
afterAll(() => database.drop());

const match = (query: string) => call(apiMatch.loader, getRequest(`/api/match?${query}`));
const NEEDS = new Set(['food-insecurity', 'housing-instability', 'protective-factor', 'legal-help']);
const context = (): SearchContext => ({ db: database.db, engine: createPostgresSearchEngine(database.db) });

describe('GET /api/match', () => {
  it('ranks food services for food insecurity near a ZIP code, nearest first', async () => {
    const { status, data } = await match('need=food-insecurity&zip=94110&limit=10');
    expect(status).toBe(200);
    expect(data.hits).toHaveLength(10);
    const first = data.hits[0];
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(['serviceId', 'serviceName', 'organizationName', 'address', 'distanceKm', 'languages', 'matchedTerms', 'languageMatch', 'why']),
    );
    expect(data).toMatchObject({ need: 'food-insecurity', offset: 0, limit: 10, radiusMi: 10, requireLanguage: false });
    expect(data.total).toBeGreaterThan(100);
    for (const hit of data.hits) {
      expect(hit.matchedTerms.length).toBeGreaterThan(0);
      expect(hit.why).toMatch(new RegExp(`^${hit.matchedTerms[0].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} · [\\d.]+ mi$`));
      expect(hit.languageMatch).toBe(false);
    }
    // SF 211 coordinates are (another source's) ZIP centroids, so the nearest services sit within a few hundred metres.
    expect(data.hits[0].distanceKm).toBeLessThan(0.5);
  });

  it('measures distance from lat/lon when given instead of a ZIP code', async () => {
    const byZip = await match('need=food-insecurity&zip=94110&limit=5');
    const byPoint = await match('need=food-insecurity&lat=37.7509&lon=-122.4153&limit=5');
    expect(byPoint.data.hits).toEqual(byZip.data.hits);
    const farther = await match('need=food-insecurity&zip=94124&limit=5');
    expect(farther.data.hits[0].serviceId).not.toBe(byZip.data.hits[0].serviceId);
  });

  it('prefers the language: services that list Spanish first and say so, the others after, marked', async () => {
    const { status, data } = await match('need=financial-insecurity&zip=94110&language=es&limit=50');
    expect(status).toBe(200);
    const speaks = data.hits.filter((hit: { languageMatch: boolean }) => hit.languageMatch);
    const others = data.hits.filter((hit: { languageMatch: boolean }) => !hit.languageMatch);
    expect(speaks.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    for (const hit of speaks) expect(hit.why).toContain('speaks Spanish');
    for (const hit of others) expect(hit.why).toContain('Spanish not listed — call to check');
  });

  it('requireLanguage=true keeps only services that list the language', async () => {
    const { status, data } = await match('need=food-insecurity&zip=94110&language=es&requireLanguage=true&limit=50');
    expect(status).toBe(200);
    expect(data.hits.length).toBeGreaterThan(0);
    for (const hit of data.hits) expect(hit.languages).toContain('es');
  });

  it('openNow=true keeps only services open now by their listed hours', async () => {
    const before = new Date();
    const { status, data } = await match('need=food-insecurity&zip=94110&openNow=true&limit=50');
    const after = new Date();
    expect(status).toBe(200);
    expect(data.openNow).toBe(true);
    const all = await match('need=food-insecurity&zip=94110&limit=50');
    expect(data.total).toBeLessThan(all.data.total);
    const ids = data.hits.map((hit: { serviceId: string }) => hit.serviceId);
    const openAt = async (now: Date) => new Set((await getServiceDetails(database.db, ids, { now })).filter((service) => service.opening.state === 'open').map((service) => service.serviceId));
    const [openBefore, openAfter] = [await openAt(before), await openAt(after)];
    for (const id of ids) expect(openBefore.has(id) || openAfter.has(id)).toBe(true);
  });

  it('takes radiusMi, age and offset, and an address instead of a ZIP code', async () => {
    const near = await match('need=food-insecurity&zip=94110&radiusMi=1&limit=50');
    expect(near.data.radiusMi).toBe(1);
    for (const hit of near.data.hits) expect(hit.distanceMi).toBeLessThanOrEqual(1);
    const second = await match('need=food-insecurity&zip=94110&limit=5&offset=5');
    const both = await match('need=food-insecurity&zip=94110&limit=10');
    expect(second.data.hits.map((hit: { serviceId: string }) => hit.serviceId)).toEqual(both.data.hits.slice(5).map((hit: { serviceId: string }) => hit.serviceId));
    const address = await match('need=food-insecurity&address=' + encodeURIComponent('3450 17th St, San Francisco, CA 94110') + '&limit=10');
    expect(address.data.hits).toEqual(both.data.hits);
    expect((await match('need=food-insecurity&zip=94110&age=30')).status).toBe(200);
    expect((await match('need=legal-help&zip=94110')).data.hits.length).toBeGreaterThan(0);
  });

  it('marks services whose organisation receives referrals through CareLoop', async () => {
    const { data } = await match('need=food-insecurity&zip=94133&limit=50');
    const onCareLoop = data.hits.filter((hit: { receivingOrganizationId: string | null }) => hit.receivingOrganizationId !== null);
    expect(onCareLoop.map((hit: { organizationName: string }) => hit.organizationName)).toContain('CHINESE CHRISTIAN MISSION FOOD PANTRY');
  });

  it.each([
    ['need=bananas&zip=94110', 'need', /Unknown need category "bananas"/],
    ['zip=94110', 'need', /need is required/],
    ['need=food-insecurity', 'zip', /Give zip .*, address, or lat and lon/],
    ['need=food-insecurity&zip=9411', 'zip', /5-digit US ZIP code/],
    ['need=food-insecurity&zip=00000', 'zip', /00000 is not a known US ZIP code/],
    ['need=food-insecurity&zip=94110&lat=37.7&lon=-122.4', 'zip', /Give one of zip, address, or lat and lon/],
    ['need=food-insecurity&lat=91&lon=0', 'lat', /lat must be between -90 and 90/],
    ['need=food-insecurity&lat=37.7&lon=-181', 'lon', /lon must be between -180 and 180/],
    ['need=food-insecurity&lat=north&lon=0', 'lat', /lat must be a number/],
    ['need=food-insecurity&lat=37.7', 'lon', /lat and lon go together/],
    ['need=food-insecurity&zip=94110&limit=0', 'limit', /limit must be a whole number from 1 to 50/],
    ['need=food-insecurity&zip=94110&limit=51', 'limit', /limit must be a whole number from 1 to 50/],
    ['need=food-insecurity&zip=94110&limit=2.5', 'limit', /limit must be a whole number/],
    ['need=food-insecurity&zip=94110&limit=ten', 'limit', /limit must be a whole number/],
    ['need=food-insecurity&zip=94110&language=spanish', 'language', /ISO 639-1 code/],
    ['need=food-insecurity&zip=94110&language=qq', 'language', /ISO 639-1 code/],
    ['need=food-insecurity&zip=94110&radiusMi=0', 'radiusMi', /above 0 and at most 250/],
    ['need=food-insecurity&zip=94110&radiusMi=-3', 'radiusMi', /above 0 and at most 250/],
    ['need=food-insecurity&zip=94110&radiusMi=100000', 'radiusMi', /above 0 and at most 250/],
    ['need=food-insecurity&zip=94110&radiusMi=NaN', 'radiusMi', /radiusMi must be a number/],
    ['need=food-insecurity&zip=94110&age=130', 'age', /age must be a whole number of years from 0 to 120/],
    ['need=food-insecurity&zip=94110&age=-1', 'age', /age must be a whole number/],
    ['need=food-insecurity&zip=94110&age=12.5', 'age', /age must be a whole number/],
    ['need=food-insecurity&zip=94110&offset=-1', 'offset', /offset must be a whole number from 0 to 1000/],
    ['need=food-insecurity&zip=94110&offset=1001', 'offset', /offset must be a whole number/],
    ['need=food-insecurity&zip=94110&offset=900', 'offset', /offset 900 is past the end: \d+ services match/],
    ['need=food-insecurity&zip=94110&requireLanguage=maybe', 'requireLanguage', /requireLanguage must be true or false/],
    ['need=food-insecurity&zip=94110&openNow=soon', 'openNow', /openNow must be true or false/],
    ['need=food-insecurity&zip=94110&requireLanguage=true', 'requireLanguage', /requireLanguage needs a language/],
    ['need=food-insecurity&address=Atlantis', 'address', /address must hold a US ZIP code or a city and state/],
    ['need=food-insecurity&address=' + 'x'.repeat(300), 'address', /at most 200 characters/],
    ['need=food-insecurity&zip=94110&address=Oakland,%20CA', 'zip', /Give one of zip, address/],
    ['need=%00&zip=94110', 'need', /Unknown need category/],
    ['need=food-insecurity&zip=%FF%FE', 'zip', /5-digit US ZIP code/],
    ["need=food-insecurity'%20OR%201=1&zip=94110", 'need', /Unknown need category/],
  ])('%s → 400 naming %s', async (query, field, message) => {
    const { status, data } = await match(query);
    expect(status).toBe(400);
    expect(data.field).toBe(field);
    expect(data.error).toMatch(message);
  });
});

describe('matchServices', () => {
  it('returns nothing, not an error, for a need the directory does not meet', async () => {
    const parsed = parseMatchQuery(new URLSearchParams('need=protective-factor&zip=94110'), NEEDS);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect((await matchServices(context(), parsed.params)).matches).toEqual([]);
  });

  it('accepts ZIP+4 and defaults the limit to 10', async () => {
    const parsed = parseMatchQuery(new URLSearchParams('need=housing-instability&zip=94110-1234'), NEEDS);
    expect(parsed).toEqual({
      ok: true,
      params: {
        needCategory: 'housing-instability', latitude: 37.7509, longitude: -122.4153, language: undefined, requireLanguage: false,
        radiusMiles: undefined, age: undefined, openNow: false, limit: 10, offset: 0,
      },
    });
  });

  it('sets receivingOrganizationId from the CareLoop organisation listed under the HSDS organisation', async () => {
    const parsed = parseMatchQuery(new URLSearchParams('need=food-insecurity&zip=94133&limit=50'), NEEDS);
    if (!parsed.ok) throw new Error(parsed.error);
    const matches = await withReceivingOrganizations(database.db, (await matchServices(context(), parsed.params)).matches);
    const pantry = matches.find((hit) => hit.organizationName === 'CHINESE CHRISTIAN MISSION FOOD PANTRY')!;
    const organization = await database.db
      .selectFrom('organizations')
      .select('id')
      .where('name', '=', 'Chinese Christian Mission Food Pantry')
      .executeTakeFirstOrThrow();
    expect(pantry.receivingOrganizationId).toBe(organization.id);
    expect(matches.filter((hit) => hit.receivingOrganizationId === null).length).toBeGreaterThan(0);
  });
});

describe('getServiceForReferral', () => {
  it('gives the service, its organisation, address and receiving CareLoop organisation', async () => {
    const service = await database.db
      .selectFrom('hsds_services')
      .innerJoin('hsds_organizations', 'hsds_organizations.id', 'hsds_services.organization_id')
      .select(['hsds_services.id', 'hsds_organizations.id as organization_id'])
      .where('hsds_organizations.name', '=', 'CENTRO LATINO DE SAN FRANCISCO')
      .executeTakeFirstOrThrow();
    const found = await getServiceForReferral(database.db, service.id);
    expect(found).toMatchObject({ serviceId: service.id, organizationName: 'CENTRO LATINO DE SAN FRANCISCO', hsdsOrganizationId: service.organization_id });
    expect(found!.address).toMatch(/San Francisco, CA 941\d\d$/);
    expect(found!.receivingOrganizationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is undefined for an unknown or malformed id', async () => {
    expect(await getServiceForReferral(database.db, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(await getServiceForReferral(database.db, 'not-a-uuid')).toBeUndefined();
  });
});
