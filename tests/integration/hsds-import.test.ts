import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HsdsImportError, importHsdsDatapackage } from '../../app/directory/hsds-import.server.js';
import { runQueuedJobs } from '../../app/jobs/worker.server.js';
import { DEMO_DIRECTORY } from '../../db/seed.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

// Row counts of the SF 211 package, from its README.
const SF211_COUNTS = {
  organizations: 838,
  services: 2694,
  attributes: 826,
  service_at_location: 2694,
  locations: 2694,
  phones: 2886,
  addresses: 2652,
  schedules: 16,
  funding: 2366,
  service_areas: 20,
  languages: 135,
  taxonomy_terms: 411,
  taxonomies: 1,
};

const TABLES = Object.keys(SF211_COUNTS).map((key) => `hsds_${key}`);

async function tableCounts(t: TestDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...TABLES, 'search_services']) {
    const { rows } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM ${sql.table(table)}`.execute(t.db);
    counts[table] = rows[0].count;
  }
  return counts;
}

/** A copy of a package in a temp folder, with `edit` applied to its files. */
function copyPackage(from: string, edit: (folder: string) => void = () => {}): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hsds-'));
  for (const file of fs.readdirSync(from)) fs.copyFileSync(path.join(from, file), path.join(folder, file));
  edit(folder);
  return folder;
}

function editFile(folder: string, file: string, change: (text: string) => string) {
  const target = path.join(folder, file);
  fs.writeFileSync(target, change(fs.readFileSync(target, 'utf8')));
}

/** The SF 211 package cut down to one organisation and the rows that hang off it. */
function smallPackage(): { folder: string; organizationId: string; serviceIds: string[] } {
  const folder = copyPackage(DEMO_DIRECTORY);
  const read = (file: string) => fs.readFileSync(path.join(folder, file), 'utf8').split('\r\n').filter(Boolean);
  const organizations = read('organizations.csv');
  const organizationId = organizations[1].slice(0, 36);
  const keep = (file: string, predicate: (line: string) => boolean) => {
    const [header, ...lines] = read(file);
    fs.writeFileSync(path.join(folder, file), [header, ...lines.filter(predicate)].map((line) => `${line}\r\n`).join(''));
  };
  keep('organizations.csv', (line) => line.startsWith(organizationId));
  keep('services.csv', (line) => line.slice(37, 73) === organizationId);
  const serviceIds = read('services.csv').slice(1).map((line) => line.slice(0, 36));
  keep('locations.csv', (line) => line.includes(organizationId));
  const locationIds = read('locations.csv').slice(1).map((line) => line.slice(0, 36));
  const linked = (line: string) => [...serviceIds, ...locationIds, organizationId].some((id) => line.includes(id));
  for (const file of ['service_at_location.csv', 'addresses.csv', 'phones.csv', 'schedules.csv', 'funding.csv', 'service_areas.csv', 'languages.csv', 'attributes.csv']) {
    keep(file, linked);
  }
  return { folder, organizationId, serviceIds };
}

describe('importing the SF 211 HSDS 3.0 package', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('empty');
  });
  afterAll(async () => {
    await t.drop();
  });

  it('imports every row of every table and queues every service for the search index', async () => {
    const progress: string[] = [];
    const summary = await importHsdsDatapackage(t.db, DEMO_DIRECTORY, { onProgress: (message) => progress.push(message) });

    expect(summary.counts).toEqual(SF211_COUNTS);
    expect(summary.warnings).toEqual([]);
    expect(summary.indexQueued).toBe(2694);
    const counts = await tableCounts(t);
    for (const [key, count] of Object.entries(SF211_COUNTS)) expect(counts[`hsds_${key}`], key).toBe(count);
    expect(progress).toContain('services.csv: 2694 rows');
    // The index follows through the queued jobs, not inside the import.
    expect(counts.search_services).toBe(0);
    await runQueuedJobs({ db: t.db }, ['search.sync-services']);
    expect((await tableCounts(t)).search_services).toBe(2694);
  });

  it('keeps typed columns and the row as written', async () => {
    const service = await t.db
      .selectFrom('hsds_services')
      .innerJoin('hsds_organizations', 'hsds_organizations.id', 'hsds_services.organization_id')
      .select(['hsds_services.name', 'hsds_services.status', 'hsds_services.source_row', 'hsds_organizations.name as organization'])
      .where('hsds_organizations.name', '=', 'CHINESE CHRISTIAN MISSION FOOD PANTRY')
      .executeTakeFirstOrThrow();
    expect(service.status).toBe('active');
    expect(service.source_row).toMatchObject({ name: service.name, status: 'active', program_id: null });
    expect(Object.keys(service.source_row as object)).toHaveLength(23);

    const location = await t.db.selectFrom('hsds_locations').select(['latitude', 'longitude']).where('latitude', 'is not', null).executeTakeFirstOrThrow();
    expect(location.latitude).toBeGreaterThan(37.6);
    expect(location.longitude).toBeLessThan(-122.3);
  });

  it('re-importing the same package updates in place: same rows, no duplicates, CareLoop columns kept', async () => {
    const service = await t.db.selectFrom('hsds_services').select('id').orderBy('id').executeTakeFirstOrThrow();
    await t.db.updateTable('hsds_services').set({ capacity_status: 'waitlist' }).where('id', '=', service.id).execute();
    const before = await tableCounts(t);

    const summary = await importHsdsDatapackage(t.db, DEMO_DIRECTORY);

    expect(summary.counts).toEqual(SF211_COUNTS);
    expect(await tableCounts(t)).toEqual(before);
    const after = await t.db.selectFrom('hsds_services').select('capacity_status').where('id', '=', service.id).executeTakeFirstOrThrow();
    expect(after.capacity_status).toBe('waitlist');
  });

  it('removes the rows of a re-imported organisation that vanished from the package, and nothing else', async () => {
    const { folder, organizationId, serviceIds } = smallPackage();
    expect(serviceIds.length).toBeGreaterThan(1);
    const gone = serviceIds[serviceIds.length - 1];
    editFile(folder, 'services.csv', (text) => text.split('\r\n').filter((line) => !line.startsWith(gone)).join('\r\n'));
    editFile(folder, 'service_at_location.csv', (text) => text.split('\r\n').filter((line) => !line.includes(gone)).join('\r\n'));
    editFile(folder, 'phones.csv', (text) => text.split('\r\n').filter((line) => !line.includes(gone)).join('\r\n'));
    editFile(folder, 'funding.csv', (text) => text.split('\r\n').filter((line) => !line.includes(gone)).join('\r\n'));
    const before = await tableCounts(t);

    await importHsdsDatapackage(t.db, folder);
    await runQueuedJobs({ db: t.db }, ['search.sync-services']);

    const remaining = await t.db.selectFrom('hsds_services').select('id').where('organization_id', '=', organizationId).execute();
    expect(remaining.map((row) => row.id).sort()).toEqual(serviceIds.slice(0, -1).sort());
    const after = await tableCounts(t);
    expect(after.hsds_services).toBe(before.hsds_services - 1);
    expect(after.hsds_organizations).toBe(before.hsds_organizations);
    expect(after.search_services).toBe(before.search_services - 1);
    const orphans = await t.db.selectFrom('hsds_phones').select('id').where('service_id', '=', gone).execute();
    expect(orphans).toEqual([]);
  });
});

describe('a package that cannot be imported', () => {
  let t: TestDatabase;
  let before: Record<string, number>;
  beforeAll(async () => {
    t = await createTestDatabase('demo');
    before = await tableCounts(t);
  });
  afterAll(async () => {
    await t.drop();
  });

  const broken: Array<[string, (folder: string) => void, RegExp]> = [
    ['no datapackage.json', (folder) => fs.rmSync(path.join(folder, 'datapackage.json')), /has no datapackage\.json/],
    ['a datapackage.json that is not JSON', (folder) => editFile(folder, 'datapackage.json', (text) => text.slice(0, 100)), /datapackage\.json is not valid JSON/],
    [
      'a package that is not HSDS',
      (folder) => fs.writeFileSync(path.join(folder, 'datapackage.json'), JSON.stringify({ resources: [{ name: 'books', path: 'books.csv' }] })),
      /"books" is not an HSDS 3\.0 resource/,
    ],
    [
      'an HSDS 2 package',
      (folder) => editFile(folder, 'datapackage.json', (text) => text.replace('"hsds_version": "3.0.0"', '"hsds_version": "2.0.1"')),
      /HSDS version 2\.0\.1/,
    ],
    ['a missing CSV file', (folder) => fs.rmSync(path.join(folder, 'phones.csv')), /phones\.csv .*missing/],
    ['an unknown column', (folder) => editFile(folder, 'languages.csv', (text) => text.replace(/^id,/, 'id_,')), /languages\.csv: unknown column "id_"/],
    ['a missing column', (folder) => editFile(folder, 'taxonomies.csv', (text) => text.replace(/^([^,]*),name,/, '$1,').replace(/\r\n([^,]*),[^,]*,/g, '\r\n$1,')), /taxonomies\.csv: missing column "name"/],
    ['broken CSV quoting', (folder) => editFile(folder, 'service_areas.csv', (text) => text.replace(/\r\n([0-9a-f-]{36}),/, '\r\n$1,"unterminated ')), /service_areas\.csv is not valid CSV/],
    [
      'a bad UUID',
      (folder) => editFile(folder, 'phones.csv', (text) => text.replace(/\r\n[0-9a-f]{8}-/, '\r\nnot-a-uuid-')),
      /phones\.csv row 1 \(line 2\), field "id": "not-a-uuid-.*" is not a UUID/,
    ],
    [
      'a required value missing',
      (folder) => editFile(folder, 'organizations.csv', (text) => text.replace(/\r\n([0-9a-f-]{36}),("[^"]*"|[^,]*),/, '\r\n$1,,')),
      /organizations\.csv row 1 \(line 2\), field "name": a value is required/,
    ],
    [
      'a value outside the HSDS enum',
      (folder) => editFile(folder, 'services.csv', (text) => text.replace(',active,', ',open,')),
      /services\.csv row \d+ \(line \d+\), field "status": "open" is not one of active, inactive, defunct, temporarily closed/,
    ],
    [
      'a broken foreign key',
      (folder) => editFile(folder, 'addresses.csv', (text) => text.replace(/\r\n([0-9a-f-]{36}),[0-9a-f-]{36},/, '\r\n$1,00000000-0000-4000-8000-000000000000,')),
      /addresses\.csv row 1 \(line 2\), field "location_id": no location with id 00000000-0000-4000-8000-000000000000 in locations\.csv/,
    ],
  ];

  it.each(broken)('%s gives a clear error and changes nothing', async (_, edit, message) => {
    const folder = copyPackage(DEMO_DIRECTORY, edit);
    const error = await importHsdsDatapackage(t.db, folder).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HsdsImportError);
    expect((error as Error).message).toMatch(message);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('a failure while writing rolls back every table', async () => {
    const folder = copyPackage(DEMO_DIRECTORY, (dir) =>
      // Valid to the importer, refused by PostgreSQL: a latitude beyond double precision's range.
      editFile(dir, 'locations.csv', (text) => text.replace(/,37\.\d+,/, ',1e999,')),
    );
    await expect(importHsdsDatapackage(t.db, folder)).rejects.toThrow();
    expect(await tableCounts(t)).toEqual(before);
  });
});
