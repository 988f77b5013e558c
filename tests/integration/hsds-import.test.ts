import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { exportHsdsPackage } from '../../app/directory/hsds-export.server.js';
import { importHsdsPackage } from '../../app/directory/hsds-import.server.js';
import { HSDS_RESOURCES } from '../../app/directory/hsds-spec.js';
import { runQueuedJobs } from '../../app/jobs/worker.server.js';
import { DEMO_DIRECTORY } from '../../db/seed.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const EXAMPLE_PACKAGE = path.resolve('tests/fixtures/hsds-example');

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

async function tableCounts(t: TestDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...HSDS_RESOURCES.map((resource) => resource.table), 'search_services']) {
    const { rows } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM ${sql.table(table)}`.execute(t.db);
    counts[table] = rows[0].count;
  }
  return counts;
}

const tempFolder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hsds-test-'));

/** A copy of a package in a temp folder, with `edit` applied to its files. */
function copyPackage(from: string, edit: (folder: string) => void = () => {}): string {
  const folder = tempFolder();
  for (const file of fs.readdirSync(from)) if (file !== 'README.md') fs.copyFileSync(path.join(from, file), path.join(folder, file));
  edit(folder);
  return folder;
}

function editFile(folder: string, file: string, change: (text: string) => string) {
  const target = path.join(folder, file);
  fs.writeFileSync(target, change(fs.readFileSync(target, 'utf8')));
}

/** Every row of a package's CSV files, by file and id, with every specification column (empty as ''). */
function packageRows(folder: string): Record<string, Record<string, Record<string, string>>> {
  const result: Record<string, Record<string, Record<string, string>>> = {};
  for (const resource of HSDS_RESOURCES) {
    const file = path.join(folder, resource.path);
    if (!fs.existsSync(file)) continue;
    const records = parse(fs.readFileSync(file), { columns: true, bom: true }) as Array<Record<string, string>>;
    result[resource.path] = Object.fromEntries(
      records.map((record) => [record.id, Object.fromEntries(resource.fields.map((field) => [field.name, record[field.name] ?? '']))]),
    );
  }
  return result;
}

function zipOf(entries: Array<{ name: string; text?: string; file?: string; symlink?: string }>): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    if (entry.symlink) zip.addBuffer(Buffer.from(entry.symlink), entry.name, { mode: 0o120777 });
    else if (entry.file) zip.addFile(entry.file, entry.name);
    else zip.addBuffer(Buffer.from(entry.text ?? ''), entry.name);
  }
  zip.end();
  const target = path.join(tempFolder(), 'package.zip');
  return new Promise((resolve, reject) => {
    zip.outputStream.pipe(fs.createWriteStream(target)).on('finish', () => resolve(target)).on('error', reject);
  });
}

describe('importing and exporting the SF 211 package', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('empty');
  });
  afterAll(async () => {
    await t.drop();
  });

  it('imports every row of every table, queues every service for the index and records where it came from', async () => {
    const progress: string[] = [];
    const report = await importHsdsPackage(t.db, DEMO_DIRECTORY, {
      startedBy: { name: 'test' },
      onProgress: (event) => event.file && event.rows !== undefined && progress.push(`${event.file}: ${event.rows}`),
    });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.counts).toEqual(SF211_COUNTS);
    expect(report.indexQueued).toBe(2694);
    expect(progress).toContain('services.csv: 2694');
    const counts = await tableCounts(t);
    expect(counts.hsds_services).toBe(2694);
    expect(counts.hsds_phones).toBe(2886);
    // The index follows through the queued jobs, not inside the import.
    expect(counts.search_services).toBe(0);
    await runQueuedJobs({ db: t.db }, ['search.sync-services']);
    expect((await tableCounts(t)).search_services).toBe(2694);

    const record = await t.db.selectFrom('hsds_imports').selectAll().where('id', '=', report.importId).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ source: 'sf211-hsds3', status: 'succeeded', started_by_name: 'test', dry_run: false, problem_count: 0 });
    expect(record.counts).toMatchObject({ services: 2694 });
    expect(record.finished_at).not.toBeNull();
  });

  it('exports every row and every value it imported, byte-identical the second time', async () => {
    const first = tempFolder();
    const summary = await exportHsdsPackage(t.db, first);
    expect(summary.counts).toMatchObject(SF211_COUNTS);
    expect(summary.counts.programs).toBe(0);
    expect(Object.keys(summary.counts)).toHaveLength(21);
    const exported = packageRows(first);
    const imported = packageRows(DEMO_DIRECTORY);
    for (const file of Object.keys(exported)) expect(exported[file], file).toEqual(imported[file] ?? {});
    expect(JSON.parse(fs.readFileSync(path.join(first, 'datapackage.json'), 'utf8'))).toEqual(
      JSON.parse(fs.readFileSync('app/directory/hsds-3.0/datapackage.json', 'utf8')),
    );

    const second = tempFolder();
    await exportHsdsPackage(t.db, second);
    for (const file of fs.readdirSync(first)) {
      expect(fs.readFileSync(path.join(second, file)).equals(fs.readFileSync(path.join(first, file))), file).toBe(true);
    }
    // The export passes the specification's own constraints: the importer, which enforces them, finds nothing.
    const check = await importHsdsPackage(t.db, first, { dryRun: true, startedBy: { name: 'test' } });
    expect(check.problems).toEqual([]);
    expect(check.ok).toBe(true);
  });

  it('re-importing the same package changes nothing and keeps CareLoop’s own columns', async () => {
    const service = await t.db.selectFrom('hsds_services').select('id').orderBy('id').executeTakeFirstOrThrow();
    await t.db.updateTable('hsds_services').set({ capacity_status: 'waitlist' }).where('id', '=', service.id).execute();
    const before = await tableCounts(t);
    const report = await importHsdsPackage(t.db, DEMO_DIRECTORY, { startedBy: { name: 'test' } });
    expect(report.ok).toBe(true);
    expect(report.counts).toEqual(SF211_COUNTS);
    // Nothing changed, so nothing needs indexing again.
    expect(report.indexQueued).toBe(0);
    expect(await tableCounts(t)).toEqual(before);
    const after = await t.db.selectFrom('hsds_services').select('capacity_status').where('id', '=', service.id).executeTakeFirstOrThrow();
    expect(after.capacity_status).toBe('waitlist');
  });

  it('keeps a field edited in CareLoop on re-import and reports the conflict, until the package agrees', async () => {
    const service = await t.db.selectFrom('hsds_services').select(['id', 'description', 'source_row']).where('description', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    const edited = 'Open to everyone; bring an ID if you have one.';
    await t.db
      .updateTable('hsds_services')
      .set({ description: edited, source_row: sql`jsonb_set(source_row, '{description}', to_jsonb(${edited}::text))` })
      .where('id', '=', service.id)
      .execute();
    await t.db.insertInto('hsds_local_edits').values({ resource: 'service', row_id: service.id, field: 'description' }).execute();

    const report = await importHsdsPackage(t.db, DEMO_DIRECTORY, { startedBy: { name: 'test' } });
    expect(report.conflicts).toEqual([{ resource: 'service', id: service.id, field: 'description', kept: edited, incoming: service.description }]);
    const kept = await t.db.selectFrom('hsds_services').select('description').where('id', '=', service.id).executeTakeFirstOrThrow();
    expect(kept.description).toBe(edited);

    // A package that carries the edited value settles the conflict; the next one may change the field again.
    const agreeing = copyPackage(DEMO_DIRECTORY, (folder) =>
      editFile(folder, 'services.csv', (text) => text.replace(service.description!, edited)),
    );
    const settled = await importHsdsPackage(t.db, agreeing, { startedBy: { name: 'test' } });
    expect(settled.conflicts).toEqual([]);
    expect(await t.db.selectFrom('hsds_local_edits').selectAll().execute()).toEqual([]);
    await importHsdsPackage(t.db, DEMO_DIRECTORY, { startedBy: { name: 'test' } });
    const back = await t.db.selectFrom('hsds_services').select('description').where('id', '=', service.id).executeTakeFirstOrThrow();
    expect(back.description).toBe(service.description);
  });

  it('removes what the package no longer has only with --replace', async () => {
    const gone = await t.db.selectFrom('hsds_funding').select('id').orderBy('id').executeTakeFirstOrThrow();
    const smaller = copyPackage(DEMO_DIRECTORY, (folder) =>
      editFile(folder, 'funding.csv', (text) => text.split('\r\n').filter((line) => !line.startsWith(gone.id)).join('\r\n')),
    );
    const before = await tableCounts(t);
    await importHsdsPackage(t.db, smaller, { startedBy: { name: 'test' } });
    expect((await tableCounts(t)).hsds_funding).toBe(before.hsds_funding);

    const report = await importHsdsPackage(t.db, smaller, { replace: true, startedBy: { name: 'test' } });
    expect(report.removed).toMatchObject({ funding: 1, services: 0, organizations: 0 });
    const after = await tableCounts(t);
    expect(after.hsds_funding).toBe(before.hsds_funding - 1);
    expect(after.hsds_services).toBe(before.hsds_services);
  });

  it('accepts the package as a ZIP, with or without a top-level folder', async () => {
    const files = fs.readdirSync(DEMO_DIRECTORY).filter((file) => file !== 'README.md');
    const zip = await zipOf(files.map((file) => ({ name: `sf211/${file}`, file: path.join(DEMO_DIRECTORY, file) })));
    const report = await importHsdsPackage(t.db, zip, { dryRun: true, startedBy: { name: 'test' } });
    expect(report.problems).toEqual([]);
    expect(report.counts.services).toBe(2694);
  });
});

describe('the specification’s 21-table example', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('empty');
  });
  afterAll(async () => {
    await t.drop();
  });

  it('imports all 21 tables and exports every value again', async () => {
    const report = await importHsdsPackage(t.db, EXAMPLE_PACKAGE, { startedBy: { name: 'test' } });
    expect(report.problems).toEqual([]);
    expect(Object.keys(report.counts)).toHaveLength(21);
    expect(Object.values(report.counts).every((count) => count === 1)).toBe(true);
    const counts = await tableCounts(t);
    for (const resource of HSDS_RESOURCES) expect(counts[resource.table], resource.table).toBe(1);

    const exported = tempFolder();
    await exportHsdsPackage(t.db, exported);
    expect(packageRows(exported)).toEqual(packageRows(EXAMPLE_PACKAGE));
    // The quoted phone number and the multi-value RRULE fields come back exactly.
    expect(fs.readFileSync(path.join(exported, 'phones.csv'), 'utf8')).toContain('"""+44 1234 234567"""');
    expect(fs.readFileSync(path.join(exported, 'schedules.csv'), 'utf8')).toContain('"TH,FR"');
  });
});

describe('a package that cannot be imported', () => {
  let t: TestDatabase;
  let before: Record<string, number>;
  beforeAll(async () => {
    t = await createTestDatabase('empty');
    await importHsdsPackage(t.db, EXAMPLE_PACKAGE, { startedBy: { name: 'test' } });
    before = await tableCounts(t);
  });
  afterAll(async () => {
    await t.drop();
  });

  const line2 = (file: string, change: (row: string) => string) => (folder: string) =>
    editFile(folder, file, (text) => {
      const lines = text.split('\n');
      lines[1] = change(lines[1]);
      return lines.join('\n');
    });
  const replaceIn = (file: string, from: string | RegExp, to: string) => (folder: string) => editFile(folder, file, (text) => text.replace(from, to));

  const broken: Array<[string, (folder: string) => void, string | RegExp]> = [
    ['no datapackage.json', (folder) => fs.rmSync(path.join(folder, 'datapackage.json')), /The package has no datapackage\.json/],
    ['a datapackage.json that is not JSON', replaceIn('datapackage.json', /^/, '{{'), /datapackage\.json is not valid UTF-8 JSON/],
    [
      'a package that is not HSDS',
      (folder) => fs.writeFileSync(path.join(folder, 'datapackage.json'), JSON.stringify({ resources: [{ name: 'books', path: 'books.csv' }] })),
      /"books" is not an HSDS 3\.0 resource/,
    ],
    ['an HSDS 2 package', replaceIn('datapackage.json', '"version": "3.0.0"', '"version": "2.0.1"'), /declares HSDS version 2\.0\.1; CareLoop imports HSDS 3\.0/],
    ['a missing CSV file', (folder) => fs.rmSync(path.join(folder, 'phones.csv')), /phones\.csv \(resource "phone"\) is listed in datapackage\.json but missing/],
    ['an unknown column', replaceIn('languages.csv', /^id,/, 'id_,'), 'languages.csv:1:id_: unknown column (HSDS 3.0 language has no such field)'],
    ['a missing required column', replaceIn('taxonomies.csv', /^id,name,/, 'id,'), 'taxonomies.csv:1:name: missing column (required by HSDS 3.0)'],
    ['broken CSV quoting', replaceIn('service_areas.csv', '\n381c64f1', '\n"381c64f1'), /service_areas\.csv: not valid CSV/],
    ['a bad UUID', line2('phones.csv', (row) => row.replace(/^[0-9a-f]{8}-/, 'not-a-uuid-')), /^phones\.csv:2:id: "not-a-uuid-[^"]*" is not a UUID$/],
    ['a required value missing', line2('organizations.csv', (row) => row.replace(',Example Organization Inc.,', ',,')), 'organizations.csv:2:name: a value is required'],
    ['a value outside the enum', replaceIn('services.csv', ',active,', ',open,'), 'services.csv:2:status: "open" is not one of active, inactive, defunct, temporarily closed'],
    ['an e-mail that is not one', replaceIn('contacts.csv', 'email@example.com', 'reception at example'), 'contacts.csv:2:email: "reception at example" is not an e-mail address'],
    ['a URI that is not one', replaceIn('accessibility.csv', 'http://example.com', 'example dot com'), 'accessibility.csv:2:url: "example dot com" is not an absolute URI (such as https://example.org)'],
    ['an impossible date', replaceIn('cost_options.csv', '2020-01-01', '2021-02-29'), 'cost_options.csv:2:valid_from: "2021-02-29" is not a real date (YYYY-MM-DD)'],
    ['a number that is not finite', replaceIn('cost_options.csv', ',gbp,35,', ',gbp,1e999,'), 'cost_options.csv:2:amount: "1e999" is not a finite number'],
    ['a time that is not one', replaceIn('schedules.csv', '10:00:00', '25:00:00'), 'schedules.csv:2:opens_at: "25:00:00" is not a time (HH:MM or HH:MM:SS)'],
    ['an RRULE that cannot be read', replaceIn('schedules.csv', ',WEEKLY,1,"TH,FR",', ',WEEKLY,1,"TH,XX",'), 'schedules.csv:2:byday: “XX” is not a day such as MO, TU or 2TU.'],
    ['a NUL byte', replaceIn('funding.csv', 'This service', 'This\u0000service'), 'funding.csv:2:source: contains a NUL character'],
    [
      'a broken foreign key',
      replaceIn('addresses.csv', ',3a19ff88-4620-4d17-9830-ac1d859eb5d5,', ',00000000-0000-4000-8000-000000000000,'),
      'addresses.csv:2:location_id: no location with id 00000000-0000-4000-8000-000000000000 in the package or the directory',
    ],
    [
      'an id twice',
      (folder) => editFile(folder, 'funding.csv', (text) => `${text}${text.split('\r\n')[1]}\r\n`),
      'funding.csv:3:id: 1f2df32c-bf08-4b8e-bd6f-e834014b19bc appears more than once in funding.csv',
    ],
    [
      'a taxonomy code used twice',
      (folder) => editFile(folder, 'taxonomy_terms.csv', (text) => `${text}${text.split('\r\n')[1].replace(/^3f7b145d/, '4f7b145d')}\r\n`),
      'taxonomy_terms.csv:3:code: code is already used by another taxonomy_term (code must be unique)',
    ],
    [
      'invalid UTF-8',
      (folder) => fs.writeFileSync(path.join(folder, 'taxonomies.csv'), Buffer.concat([Buffer.from('id,name,description,uri,version\n5c4d79d7-cc55-470e-9f1f-8cad074e4892,na'), Buffer.from([0xff, 0xfe]), Buffer.from('me,d,,\n')])),
      /^taxonomies\.csv:2:40: not valid UTF-8 \(byte 0xff\)/,
    ],
    [
      'a symbolic link',
      (folder) => {
        fs.rmSync(path.join(folder, 'funding.csv'));
        fs.symlinkSync('/etc/passwd', path.join(folder, 'funding.csv'));
      },
      /funding\.csv is a symbolic link; a package holds plain files only/,
    ],
    ['a file outside the folder', replaceIn('datapackage.json', '"path": "funding.csv"', '"path": "../funding.csv"'), /the path "\.\.\/funding\.csv" points outside the package/],
  ];

  it.each(broken)('%s: a clear message, and nothing written', async (_name, edit, message) => {
    const folder = copyPackage(EXAMPLE_PACKAGE, edit);
    const report = await importHsdsPackage(t.db, folder, { startedBy: { name: 'test' } });
    expect(report.ok).toBe(false);
    if (typeof message === 'string') expect(report.problems, report.problems.join('\n')).toContain(message);
    else expect(report.problems.some((problem) => message.test(problem.replace(/^[^:]+: /, '')) || message.test(problem)), report.problems.join('\n')).toBe(true);
    expect(await tableCounts(t)).toEqual(before);
    const record = await t.db.selectFrom('hsds_imports').select(['status', 'problem_count']).where('id', '=', report.importId).executeTakeFirstOrThrow();
    expect(record.status).toBe('failed');
    expect(record.problem_count).toBeGreaterThan(0);
  });

  it('refuses a ZIP that is not an HSDS package, or that holds a link or a path outside it', async () => {
    const notHsds = await zipOf([{ name: 'notes.txt', text: 'hello' }]);
    const link = await zipOf([
      { name: 'datapackage.json', file: path.join(EXAMPLE_PACKAGE, 'datapackage.json') },
      { name: 'funding.csv', symlink: '/etc/passwd' },
    ]);
    // yazl will not write a name with "..", so the name is changed in the finished archive.
    const escape = await zipOf([{ name: 'xx/datapackage.json', text: '{}' }]);
    fs.writeFileSync(escape, Buffer.from(fs.readFileSync(escape).toString('latin1').replaceAll('xx/datapackage', '../datapackage'), 'latin1'));
    const plain = path.join(tempFolder(), 'package.zip');
    fs.writeFileSync(plain, 'not a zip at all');
    const expectations: Array<[string, RegExp]> = [
      [notHsds, /The ZIP has no datapackage\.json, so it is not an HSDS package/],
      [link, /funding\.csv is a symbolic link/],
      [escape, /points outside the package|invalid relative path/],
      [plain, /neither a folder nor a ZIP file/],
    ];
    for (const [file, message] of expectations) {
      const report = await importHsdsPackage(t.db, file, { startedBy: { name: 'test' } });
      expect(report.ok, file).toBe(false);
      expect(report.problems.join('\n')).toMatch(message);
    }
    expect(await tableCounts(t)).toEqual(before);
  });

  it('with --skip-invalid imports the valid rows, leaves out those that depend on invalid ones, and writes a report', async () => {
    const folder = copyPackage(EXAMPLE_PACKAGE, (target) => {
      // A second, valid funding row; the location becomes invalid, and so its address cannot stay.
      editFile(target, 'funding.csv', (text) => `${text}2f2df32c-bf08-4b8e-bd6f-e834014b19bc,d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610,,Donations\r\n`);
    });
    const fresh = await createTestDatabase('empty');
    try {
      editFile(folder, 'locations.csv', (text) => text.replace(',physical,', ',underground,'));
      const reportFile = path.join(tempFolder(), 'report.txt');
      const report = await importHsdsPackage(fresh.db, folder, { skipInvalid: true, reportFile, startedBy: { name: 'test' } });
      expect(report.ok).toBe(true);
      expect(report.counts).toMatchObject({ funding: 2, locations: 0, addresses: 0, organizations: 1, services: 1 });
      const written = fs.readFileSync(reportFile, 'utf8');
      expect(written).toContain('locations.csv:2:location_type: "underground" is not one of physical, postal, virtual');
      expect(written).toContain('addresses.csv:2:location_id: no location with id 3a19ff88-4620-4d17-9830-ac1d859eb5d5 in the package or the directory');
      const counts = await tableCounts(fresh);
      expect(counts.hsds_funding).toBe(2);
      expect(counts.hsds_locations).toBe(0);
    } finally {
      await fresh.drop();
    }
  });

  it('a dry run checks everything and writes nothing', async () => {
    const fresh = await createTestDatabase('empty');
    try {
      const report = await importHsdsPackage(fresh.db, EXAMPLE_PACKAGE, { dryRun: true, startedBy: { name: 'test' } });
      expect(report.ok).toBe(true);
      expect(report.counts.services).toBe(1);
      expect((await tableCounts(fresh)).hsds_services).toBe(0);
    } finally {
      await fresh.drop();
    }
  });
});
