import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../app/directory/hsds-api.server.js';
import { importHsdsPackage } from '../../app/directory/hsds-import.server.js';
import * as apiIndex from '../../app/routes/api.hsds._index';
import * as apiUnknown from '../../app/routes/api.hsds.$';
import * as organization from '../../app/routes/api.hsds.organizations.$id';
import * as organizations from '../../app/routes/api.hsds.organizations._index';
import * as serviceAtLocation from '../../app/routes/api.hsds.service_at_locations.$id';
import * as serviceAtLocations from '../../app/routes/api.hsds.service_at_locations._index';
import * as service from '../../app/routes/api.hsds.services.$id';
import * as services from '../../app/routes/api.hsds.services._index';
import * as taxonomies from '../../app/routes/api.hsds.taxonomies._index';
import * as taxonomyTerm from '../../app/routes/api.hsds.taxonomy_terms.$id';
import * as taxonomyTerms from '../../app/routes/api.hsds.taxonomy_terms._index';
import { call, getRequest, useAppDatabase } from '../support/app';
import type { TestDatabase } from '../support/db';

const SCHEMAS = path.resolve('tests/fixtures/hsds-schema');
const EXAMPLE_SERVICE = 'ac148810-d857-441c-9679-408f346de14b';
const EXAMPLE_SAL = 'e94c9f38-1e8f-4564-91d4-d53501ab1765';
const EXAMPLE_ORGANIZATION = 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610';

// The specification's per-object JSON schemas refer to each other by file name ("phone.json").
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const file of fs.readdirSync(SCHEMAS).filter((name) => name.endsWith('.json') && name !== 'openapi.json')) {
  ajv.addSchema({ ...JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8')), $id: file });
}
const validators = new Map<string, ValidateFunction>();
function expectValid(schema: string, value: unknown) {
  if (!validators.has(schema)) validators.set(schema, ajv.getSchema(schema)!);
  const validate = validators.get(schema)!;
  const valid = validate(value);
  expect(validate.errors ?? [], `${schema}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toEqual([]);
  expect(valid).toBe(true);
}
function expectPage(body: Record<string, unknown>) {
  expect(Object.keys(body).sort()).toEqual(['contents', 'empty', 'first_page', 'last_page', 'page_number', 'size', 'total_items', 'total_pages']);
}

let database: TestDatabase;
beforeAll(async () => {
  database = await useAppDatabase();
  const report = await importHsdsPackage(database.db, path.resolve('tests/fixtures/hsds-example'), { startedBy: { name: 'test' } });
  expect(report.ok).toBe(true);
});
afterAll(() => database.drop());

const get = (loader: (args: never) => unknown, url: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) => {
  const request = getRequest(url);
  for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
  return call(loader as never, request, params);
};

describe('the HSDS API', () => {
  it('says which HSDS version it speaks', async () => {
    const { status, data } = await get(apiIndex.loader, '/api/hsds');
    expect(status).toBe(200);
    expect(data.version).toBe('3.0.0');
  });

  it('gives a fully nested service that the specification’s schema accepts', async () => {
    const { status, data } = await get(service.loader, `/api/hsds/services/${EXAMPLE_SERVICE}`, { id: EXAMPLE_SERVICE });
    expect(status).toBe(200);
    expectValid('service.json', data);
    expect(data.minimum_age).toBe(12);
    expect(data.phones[0]).toMatchObject({ number: '"+44 1234 234567"', extension: 100 });
    expect(data.organization.name).toBe('Example Organization Inc.');
    expect(data.program.name).toBe('Community Mental Health Support');
    const [sal] = data.service_at_locations;
    expect(sal.id).toBe(EXAMPLE_SAL);
    expect(sal.location.addresses[0].address_1).toBe('1-30 Main Street');
    expect(sal.phones[0].number).toBe('"+44 1234 234567"');
    expect(sal.schedules[0]).toMatchObject({ byday: 'TH,FR', opens_at: '10:00:00', timezone: 3 });
    expect(sal.location.accessibility).toHaveLength(1);
    expect(data.languages[0].code).toBe('ur');
    expect(data.cost_options[0].amount).toBe(35);
    expect(data.required_documents).toHaveLength(1);
    expect(data.contacts).toHaveLength(1);
    expect(data.attributes[0].taxonomy_term.code).toBe('code');
  });

  it('pages the SF 211 services with the specification’s Page object', async () => {
    const first = await get(services.loader, '/api/hsds/services?per_page=25');
    expect(first.status).toBe(200);
    expectPage(first.data);
    expect(first.data).toMatchObject({ total_items: 2695, total_pages: 108, page_number: 1, size: 25, first_page: true, last_page: false, empty: false });
    for (const item of first.data.contents) expectValid('service.json', item);
    const last = await get(services.loader, '/api/hsds/services?per_page=25&page=108');
    expect(last.data).toMatchObject({ page_number: 108, size: 20, last_page: true });
    const beyond = await get(services.loader, '/api/hsds/services?per_page=25&page=200');
    expect(beyond.data).toMatchObject({ size: 0, empty: true, last_page: true });
    const ids = new Set([...first.data.contents, ...last.data.contents].map((item: { id: string }) => item.id));
    expect(ids.size).toBe(45);
  });

  it('nests every SF 211 service fully, valid against the schema', async () => {
    const { data } = await get(services.loader, '/api/hsds/services?per_page=100&page=3&full=true');
    expect(data.size).toBe(100);
    for (const item of data.contents) expectValid('service.json', item);
    expect(data.contents.some((item: { service_at_locations: unknown[] }) => item.service_at_locations.length > 0)).toBe(true);
  });

  it('filters services by organisation, taxonomy term, text and modification time', async () => {
    const byOrganization = await get(services.loader, `/api/hsds/services?organization_id=${EXAMPLE_ORGANIZATION}`);
    expect(byOrganization.data.contents.map((item: { id: string }) => item.id)).toEqual([EXAMPLE_SERVICE]);
    const term = await database.db.selectFrom('hsds_taxonomy_terms').select('id').where('name', '=', 'Food Pantries').executeTakeFirstOrThrow();
    const byTerm = await get(services.loader, `/api/hsds/services?taxonomy_term_id=${term.id}&per_page=100`);
    expect(byTerm.data.total_items).toBeGreaterThan(5);
    const search = await get(services.loader, '/api/hsds/services?search=pantry');
    expect(search.data.total_items).toBeGreaterThan(0);
    const future = await get(services.loader, '/api/hsds/services?modified_after=2999-01-01');
    expect(future.data.total_items).toBe(0);
    const minimal = await get(services.loader, `/api/hsds/services?minimal=true&organization_id=${EXAMPLE_ORGANIZATION}`);
    expect(minimal.data).toEqual([{ id: EXAMPLE_SERVICE, last_modified: expect.any(String) }]);
  });

  it('lists organisations, services at locations by postcode and proximity, taxonomies and terms', async () => {
    const orgs = await get(organizations.loader, '/api/hsds/organizations?per_page=10');
    expectPage(orgs.data);
    for (const item of orgs.data.contents) expectValid('organization.json', item);
    const one = await get(organization.loader, `/api/hsds/organizations/${EXAMPLE_ORGANIZATION}`, { id: EXAMPLE_ORGANIZATION });
    expectValid('organization.json', one.data);
    expect(one.data.programs).toHaveLength(1);
    expect(one.data.organization_identifiers[0].identifier).toBe('1234567');
    const fullService = await get(organization.loader, `/api/hsds/organizations/${EXAMPLE_ORGANIZATION}?full_service=true`, { id: EXAMPLE_ORGANIZATION });
    expect(fullService.data.services[0].service_at_locations).toHaveLength(1);

    const near = await get(serviceAtLocations.loader, '/api/hsds/service_at_locations?postcode=94124&proximity=1500&per_page=100');
    expect(near.status).toBe(200);
    expect(near.data.total_items).toBeGreaterThan(0);
    for (const item of near.data.contents) {
      expectValid('service_at_location.json', item);
      expect(item.location.latitude).toBeGreaterThan(37.7);
    }
    const far = await get(serviceAtLocations.loader, '/api/hsds/service_at_locations?postcode=94124&proximity=20000&per_page=1');
    expect(far.data.total_items).toBeGreaterThan(near.data.total_items);
    const atPostcode = await get(serviceAtLocations.loader, '/api/hsds/service_at_locations?postcode=94124&per_page=5');
    for (const item of atPostcode.data.contents) expect(item.location.addresses.some((address: { postal_code: string }) => address.postal_code.startsWith('94124'))).toBe(true);
    const sal = await get(serviceAtLocation.loader, `/api/hsds/service_at_locations/${EXAMPLE_SAL}`, { id: EXAMPLE_SAL });
    expectValid('service_at_location.json', sal.data);

    const taxonomyList = await get(taxonomies.loader, '/api/hsds/taxonomies');
    for (const item of taxonomyList.data.contents) expectValid('taxonomy.json', item);
    const terms = await get(taxonomyTerms.loader, '/api/hsds/taxonomy_terms?per_page=100');
    expect(terms.data.total_items).toBe(412);
    for (const item of terms.data.contents) expectValid('taxonomy_term.json', item);
    const termId = terms.data.contents[0].id;
    const oneTerm = await get(taxonomyTerm.loader, `/api/hsds/taxonomy_terms/${termId}`, { id: termId });
    expectValid('taxonomy_term.json', oneTerm.data);
  });

  it('shows a listing’s capacity with the SDOH IG’s code', async () => {
    await database.db.updateTable('hsds_services').set({ capacity_status: 'waitlist' }).where('id', '=', EXAMPLE_SERVICE).execute();
    const { data } = await get(service.loader, `/api/hsds/services/${EXAMPLE_SERVICE}`, { id: EXAMPLE_SERVICE });
    expectValid('service.json', data);
    const capacity = data.attributes.find((attribute: { link_type: string }) => attribute.link_type === 'capacity_status');
    expect(capacity).toMatchObject({ value: 'waitlist', taxonomy_term: { code: 'waitlist', taxonomy: expect.stringContaining('sdoh-clinicalcare') } });
  });

  it('answers an unknown id or endpoint with 404 JSON and bad parameters with 400 and a message', async () => {
    const missing = await get(service.loader, '/api/hsds/services/00000000-0000-4000-8000-000000000000', { id: '00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(404);
    expect(missing.data.error).toMatch(/No service with id/);
    const notAnId = await get(service.loader, '/api/hsds/services/%00', { id: '\u0000' });
    expect(notAnId.status).toBe(404);
    const unknown = await get(apiUnknown.loader, '/api/hsds/programs', { '*': 'programs' });
    expect(unknown.status).toBe(404);
    const bad: Array<[string, RegExp]> = [
      ['page=0', /page must be a whole number/],
      ['page=abc', /page must be a whole number/],
      ['per_page=1000', /per_page must be a whole number from 1 to 100/],
      ['modified_after=2024-02-30T99', /modified_after/],
      ['taxonomy_term_id=food', /taxonomy_term_id must be a UUID/],
      ['colour=blue', /Unknown parameter colour/],
      ['page=1&page=2', /page is given more than once/],
      ['format=ndjson', /format must be json/],
    ];
    for (const [query, message] of bad) {
      const answer = await get(services.loader, `/api/hsds/services?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.data.error).toMatch(message);
    }
    const proximityAlone = await get(serviceAtLocations.loader, '/api/hsds/service_at_locations?proximity=100');
    expect(proximityAlone.status).toBe(400);
    expect(proximityAlone.data.error).toMatch(/proximity needs a postcode/);
  });

  it('is cacheable: an ETag, and 304 for a client that has the same answer', async () => {
    const first = await get(services.loader, '/api/hsds/services?per_page=5');
    const etag = first.headers.get('ETag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('Cache-Control')).toMatch(/public/);
    const again = await get(services.loader, '/api/hsds/services?per_page=5', {}, { 'If-None-Match': etag! });
    expect(again.status).toBe(304);
    const other = await get(services.loader, '/api/hsds/services?per_page=6', {}, { 'If-None-Match': etag! });
    expect(other.status).toBe(200);
  });
});

describe('the HSDS API rate limit', () => {
  it('lets a client make its requests per minute, then asks it to wait, and forgets after a minute', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(60);
    expect(limiter.take('b')).toBe(0);
    now = 45_000;
    expect(limiter.take('a')).toBe(15);
    now = 60_000;
    expect(limiter.take('a')).toBe(0);
  });
});
