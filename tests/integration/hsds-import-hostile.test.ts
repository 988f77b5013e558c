// Regression tests: packages an attack fed the HSDS importer. Each once ended in a raw database
// error and stack trace, was imported silently in a broken form, or read a file outside the package.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HsdsImportError, importHsdsDatapackage } from '../../app/directory/hsds-import.server.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const ORGANIZATION = '6f7e2a1c-0000-4000-8000-000000000001';
const SERVICE = '6f7e2a1c-0000-4000-8000-000000000002';
const LOCATION = '6f7e2a1c-0000-4000-8000-000000000003';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('empty');
});
afterAll(() => database.drop());

interface Cells {
  organizationName?: string;
  assuredDate?: string;
  latitude?: string;
}

/** A three-resource package in a temp folder; `cells` replaces single values in it. */
function writePackage(cells: Cells = {}): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hsds-hostile-'));
  const resources = [
    { name: 'organization', path: 'organizations.csv' },
    { name: 'service', path: 'services.csv' },
    { name: 'location', path: 'locations.csv' },
  ];
  fs.writeFileSync(path.join(folder, 'datapackage.json'), JSON.stringify({ name: 'hostile', resources }));
  fs.writeFileSync(path.join(folder, 'organizations.csv'), `id,name,description\r\n${ORGANIZATION},${cells.organizationName ?? 'Hostile Food Bank'},Food\r\n`);
  fs.writeFileSync(path.join(folder, 'services.csv'), `id,organization_id,name,status,assured_date\r\n${SERVICE},${ORGANIZATION},Pantry,active,${cells.assuredDate ?? '2026-01-31'}\r\n`);
  fs.writeFileSync(path.join(folder, 'locations.csv'), `id,location_type,organization_id,latitude,longitude\r\n${LOCATION},physical,${ORGANIZATION},${cells.latitude ?? '37.7'},-122.4\r\n`);
  return folder;
}

const importPackage = (folder: string) => importHsdsDatapackage(database.db, folder);

async function directoryRows() {
  const { rows } = await sql<{ count: number }>`
    SELECT (SELECT count(*) FROM hsds_organizations) + (SELECT count(*) FROM hsds_services) + (SELECT count(*) FROM hsds_locations) AS count`.execute(database.db);
  return Number(rows[0].count);
}

describe('a hostile HSDS package', () => {
  it('imports when nothing is wrong with it (the fixture itself is sound)', async () => {
    const summary = await importPackage(writePackage());
    expect(summary.counts).toMatchObject({ organizations: 1, services: 1, locations: 1 });
  });

  it.each([
    ['an impossible date', { assuredDate: '2027-02-30' }, 'services.csv:2:assured_date: "2027-02-30" is not a real date (YYYY-MM-DD)'],
    ['another impossible date', { assuredDate: '2027-04-31' }, 'services.csv:2:assured_date: "2027-04-31" is not a real date (YYYY-MM-DD)'],
    ['a number too large to store', { latitude: '1e400' }, 'locations.csv:2:latitude: "1e400" is not a finite number'],
    ['a NUL byte', { organizationName: 'Food\u0000Bank' }, 'organizations.csv:2:name: contains a NUL character'],
  ])('with %s is refused with one sentence naming the cell, and changes nothing', async (_case, cells, message) => {
    const before = await directoryRows();
    const error = await importPackage(writePackage(cells)).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HsdsImportError);
    expect((error as Error).message).toBe(message);
    expect(await directoryRows()).toBe(before);
  });

  it('in a file that is not UTF-8 is refused, not imported with broken text', async () => {
    const folder = writePackage();
    const file = path.join(folder, 'organizations.csv');
    fs.writeFileSync(file, Buffer.concat([Buffer.from(`id,name,description\r\n${ORGANIZATION},Caf`), Buffer.from([0xe9]), Buffer.from(',Food\r\n')]));
    const error = await importPackage(folder).catch((thrown: unknown) => thrown);
    expect((error as Error).message).toBe('organizations.csv:2:42: not valid UTF-8 (byte 0x2c); save the file as UTF-8');
  });

  it('with a CSV that is a link to a file outside the package is refused without reading it', async () => {
    const secret = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hsds-secret-')), 'secret.csv');
    fs.writeFileSync(secret, 'TOP-SECRET-FIRST-LINE\r\n');
    const folder = writePackage();
    fs.rmSync(path.join(folder, 'organizations.csv'));
    fs.symlinkSync(secret, path.join(folder, 'organizations.csv'));
    const error = await importPackage(folder).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HsdsImportError);
    expect((error as Error).message).toBe('datapackage.json: resource "organization": organizations.csv is a symbolic link; a package holds plain files only');
    expect((error as Error).message).not.toContain('TOP-SECRET');
  });

  it('given to `npm run hsds:import` names the cell, imports nothing and exits 1, with no stack trace', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/hsds-import.ts', writePackage({ latitude: '1e400' })], {
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('locations.csv:2:latitude: "1e400" is not a finite number\nNothing was imported: 1 problems.');
    expect(run.stderr.trim()).toBe('');
    expect(run.stdout).not.toMatch(/\n\s+at /);
  });
});
