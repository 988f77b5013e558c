// fast-check against every action's form (from the route inventory, so a new route is fuzzed too)
// and against the HSDS importer, each bounded in time: no 500, and a refused input writes nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HsdsImportError, importHsdsDatapackage } from '../../app/directory/hsds-import.server';
import { call, getRequest, postRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';
import { INVENTORY, createFixtures, routeManifest, routeModule, signInActors, snapshot, type Fixtures } from '../support/route-inventory';

let database: TestDatabase;
let fixtures: Fixtures;
let actors: Map<string, Actor>;
let manifest: Array<{ id: string; path: string | undefined }>;

beforeAll(async () => {
  manifest = await routeManifest();
  database = await useAppDatabase();
  actors = await signInActors(database);
  fixtures = await createFixtures(database, actors);
}, 120_000);
afterAll(() => database.drop());

/** Values people and attackers type: text of any kind, control characters, impossible dates, huge numbers, ids. */
const hostileValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '2027-02-30', '2027-04-31', '0000-00-00', '1e400', '-1', 'NaN', '99999999999999999999', 'on', 'yes', 'true'),
  fc.constantFrom('<script>alert(1)</script>', "'; DROP TABLE patients; --", '../../etc/passwd', '%00', '\uFFFF', '\uD800', 'x'.repeat(5000)),
  fc.uuid().map(String),
);

/** The route's own valid form with some fields replaced, dropped, repeated or added. */
function hostileForm(base: Record<string, string | string[]>) {
  const keys = Object.keys(base);
  return fc
    .record({
      replaced: fc.subarray(keys),
      dropped: fc.subarray(keys, { maxLength: Math.min(2, keys.length) }),
      values: fc.array(hostileValue, { minLength: keys.length + 3, maxLength: keys.length + 3 }),
      extra: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), hostileValue, { maxKeys: 2 }),
      repeated: fc.boolean(),
    })
    .map(({ replaced, dropped, values, extra, repeated }) => {
      const form: Record<string, string | string[]> = { ...extra };
      keys.forEach((key, index) => {
        if (dropped.includes(key)) return;
        const value = replaced.includes(key) ? values[index] : base[key];
        form[key] = repeated && index === 0 ? [String(value), values[keys.length]] : value;
      });
      return form;
    });
}

/** Who may use each action, and how a request of theirs is made. */
async function requester(id: string): Promise<(form: Record<string, string | string[]>) => Promise<Request>> {
  const entry = INVENTORY[id];
  const url = entry.path(fixtures);
  if (entry.public) {
    const login = await routeModule('routes/login');
    const page = await call(login.loader, getRequest('/login'));
    const cookie = page.headers.get('Set-Cookie')!.split(';')[0];
    return async (form) => postRequest(url, form, undefined, { csrf: page.data.csrfToken, cookie });
  }
  if (id === 'routes/logout') return async (form) => postRequest(url, form, await signInAs(database, 'jordan.price@bayviewhealth.example'));
  const actor = actors.get(entry.allowed ?? 'sam.rivera@clinic.example')!;
  return async (form) => postRequest(url, form, actor);
}

describe('fuzzing every action', () => {
  it('never answers 500, and writes nothing when it refuses', async () => {
    const actions = [];
    for (const route of manifest) {
      const module = await routeModule(route.id);
      if (module.action && route.id !== 'routes/api.screenings.score') actions.push({ id: route.id, action: module.action });
    }
    expect(actions.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const { id, action } of actions) {
      const entry = INVENTORY[id];
      const request = await requester(id);
      const base = entry.form?.(fixtures) ?? { field: 'value' };
      await fc.assert(
        fc.asyncProperty(hostileForm(base), async (form) => {
          const before = await snapshot(database, fixtures);
          const result = await call(action, await request(form), entry.params?.(fixtures) ?? {}).catch((error: Error) => ({ status: 500, error }));
          if (result.status >= 500) failures.push(`${id}: ${JSON.stringify(form).slice(0, 200)} → ${'error' in result ? result.error.message : result.status}`);
          if (result.status >= 400 && (await snapshot(database, fixtures)) !== before) failures.push(`${id}: refused (${result.status}) but wrote: ${JSON.stringify(form).slice(0, 200)}`);
          return true;
        }),
        { numRuns: 40, interruptAfterTimeLimit: 4_000, markInterruptAsFailure: false },
      );
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it('never answers 500 to the scoring API, whatever JSON (or not) arrives', async () => {
    const { action } = await routeModule('routes/api.screenings.score');
    const body = fc.oneof(
      fc.json({ depthSize: 'medium' }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.jsonValue().map((value) => JSON.stringify({ resourceType: 'QuestionnaireResponse', questionnaire: 'http://hl7.org/fhir/us/sdoh-clinicalcare/Questionnaire/SDOHCC-QuestionnaireHungerVitalSign', item: value })),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const response: Response = await action({ request: new Request('http://careloop.test/api/screenings/score', { method: 'POST', body: text }), params: {}, context: {} });
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 200, interruptAfterTimeLimit: 5_000, markInterruptAsFailure: false },
    );
  }, 60_000);
});

describe('fuzzing the HSDS importer', () => {
  const ORGANIZATION = '7a7e2a1c-0000-4000-8000-000000000001';
  const SERVICE = '7a7e2a1c-0000-4000-8000-000000000002';
  const LOCATION = '7a7e2a1c-0000-4000-8000-000000000003';
  const cell = fc.oneof(hostileValue, fc.constantFrom('Food Bank', '2026-01-31', '37.7', '-122.4', 'active', 'physical'));

  function writePackage(cells: string[]): string {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hsds-fuzz-'));
    const csv = (rows: string[][]) => stringify(rows, { record_delimiter: '\r\n' });
    const resources = [
      { name: 'organization', path: 'organizations.csv' },
      { name: 'service', path: 'services.csv' },
      { name: 'location', path: 'locations.csv' },
    ];
    fs.writeFileSync(path.join(folder, 'datapackage.json'), JSON.stringify({ name: 'fuzz', resources }));
    fs.writeFileSync(path.join(folder, 'organizations.csv'), csv([['id', 'name', 'description', 'year_incorporated'], [ORGANIZATION, cells[0], cells[1], cells[2]]]));
    fs.writeFileSync(path.join(folder, 'services.csv'), csv([['id', 'organization_id', 'name', 'status', 'assured_date'], [SERVICE, ORGANIZATION, cells[3], cells[4], cells[5]]]));
    fs.writeFileSync(path.join(folder, 'locations.csv'), csv([['id', 'location_type', 'organization_id', 'latitude', 'longitude'], [LOCATION, cells[6], ORGANIZATION, cells[7], cells[8]]]));
    return folder;
  }

  const directory = async () =>
    (await sql<{ state: string }>`SELECT (SELECT count(*) FROM hsds_organizations) || '/' || (SELECT count(*) FROM hsds_services) || '/' || (SELECT count(*) FROM hsds_locations) AS state`.execute(database.db)).rows[0].state;

  it('either imports a package or refuses it with an HsdsImportError that changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cell, { minLength: 9, maxLength: 9 }), async (cells) => {
        await database.db.deleteFrom('hsds_organizations').where('id', '=', ORGANIZATION).execute();
        const before = await directory();
        const outcome = await importHsdsDatapackage(database.db, writePackage(cells)).then(
          () => 'imported',
          (error: unknown) => error,
        );
        if (outcome !== 'imported') {
          expect(outcome).toBeInstanceOf(HsdsImportError);
          expect(await directory()).toBe(before);
        }
      }),
      { numRuns: 60, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false },
    );
  }, 60_000);
});
