// Imports an HSDS 3.0 tabular datapackage (folder or ZIP) into the hsds_ tables, streaming: each CSV
// is decoded (UTF-8, strictly), parsed and checked row by row against the specification, and copied
// into a staging table; keys, uniques and references are then checked in SQL, so memory stays
// bounded whatever the package's size. All or nothing, unless --skip-invalid.
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { connectionStringOf, type Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import { syncBatches } from '../../search/sync.js';
import { enqueueJob } from '../jobs/outbox.server.js';
import { HsdsPackageError, openPackage, packageFile } from './hsds-package.server.js';
import { HSDS_RESOURCES, HSDS_RESOURCE_BY_NAME, isHsdsResourceName, type HsdsField, type HsdsResource, type HsdsResourceName } from './hsds-spec.js';
import { checkSchedule, type ScheduleFields } from './hours.js';
import { checkCell } from './hsds-values.js';

export interface HsdsImportOptions {
  /** Check everything, write nothing. */
  dryRun?: boolean;
  /** Import the valid rows and report the others, instead of refusing the package. */
  skipInvalid?: boolean;
  /** Remove rows of the package's resources that the package no longer has (except rows made in CareLoop). */
  replace?: boolean;
  /** Who started it: a user (browser) or a name (the terminal's user). */
  startedBy?: { userId?: string | null; name: string };
  /** What the provenance record calls the source (defaults to the folder or file name). */
  sourceName?: string;
  /** An hsds_imports row made beforehand (an upload waiting in the queue). */
  importId?: string;
  /** Writes every problem, one a line, to this file. */
  reportFile?: string;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  phase: 'reading' | 'checking' | 'writing' | 'done';
  file?: string;
  rows?: number;
  /** The file has been read to its end. */
  finished?: boolean;
  /** Files of the package read so far, and in all. */
  filesDone?: number;
  filesTotal?: number;
}

export interface ImportConflict {
  resource: HsdsResourceName;
  id: string;
  /** The field edited in CareLoop; '-' for a row removed in CareLoop, which the package still has. */
  field: string;
  /** The value edited in CareLoop, kept. */
  kept: string | null;
  /** The value the package brought, not applied. */
  incoming: string | null;
}

export interface HsdsImportReport {
  importId: string;
  ok: boolean;
  dryRun: boolean;
  /** Rows read per file that were valid (imported, or importable in a dry run), keyed by resource path without .csv. */
  counts: Record<string, number>;
  /** Rows removed by --replace, keyed like counts. */
  removed: Record<string, number>;
  /** `file:line:column: reason`, one per problem (the first MAX_PROBLEMS_KEPT). */
  problems: string[];
  problemCount: number;
  conflicts: ImportConflict[];
  warnings: string[];
  /** Services queued for the search index (through the job queue). */
  indexQueued: number;
}

/** Thrown by importHsdsDatapackage when the package cannot be imported; nothing was changed. */
export class HsdsImportError extends Error {
  override name = 'HsdsImportError';
  constructor(readonly report: HsdsImportReport) {
    super(report.problems.slice(0, 5).join('\n') + (report.problemCount > 5 ? `\n… and ${report.problemCount - 5} more problems` : ''));
  }
}

const MAX_PROBLEMS_KEPT = 10_000;
const PROGRESS_EVERY_ROWS = 10_000;
const COUNT_KEY = (resource: HsdsResource) => resource.path.replace(/\.csv$/, '');
const STAGE = (resource: HsdsResource) => `stage_${resource.name}`;

const SQL_TYPES: Record<HsdsField['type'], string> = {
  uuid: 'uuid',
  string: 'text',
  number: 'numeric',
  date: 'date',
  datetime: 'timestamptz',
  time: 'time',
};
const sqlType = (field: HsdsField) => (field.name === 'latitude' || field.name === 'longitude' ? 'double precision' : SQL_TYPES[field.type]);

class Problems {
  readonly list: string[] = [];
  count = 0;
  /** Lines (per file) with a problem: with --skip-invalid, those rows are left out. */
  readonly badLines = new Map<string, Set<number>>();
  private report?: fs.WriteStream;

  constructor(reportFile?: string) {
    if (reportFile) this.report = fs.createWriteStream(reportFile);
  }

  /** A problem with the package as a whole (no file, or the message names it). */
  addWhole(reason: string) {
    this.count += 1;
    const text = reason;
    this.list.push(text);
    this.report?.write(`${text}\n`);
  }

  add(file: string, line: number | null, column: string | null, reason: string) {
    this.count += 1;
    const text = [file, line ?? '', column ?? ''].join(':').replace(/:+$/, '') + `: ${reason}`;
    if (this.list.length < MAX_PROBLEMS_KEPT) this.list.push(text);
    this.report?.write(`${text}\n`);
    if (line !== null) {
      if (!this.badLines.has(file)) this.badLines.set(file, new Set());
      this.badLines.get(file)!.add(line);
    }
  }

  async close() {
    const report = this.report;
    if (report) await new Promise<void>((resolve) => report.end(resolve));
  }
}

/** Stops the import at once (a problem that makes the rest meaningless, e.g. no datapackage.json). */
class Fatal extends Error {}

interface PackageResource {
  resource: HsdsResource;
  /** The file name as the package names it (used in problem reports). */
  name: string;
  file: string;
}

/**
 * Imports an HSDS package and records its provenance in hsds_imports. Never throws for a problem in
 * the package: the report says what is wrong (`ok: false`, nothing written).
 */
export async function importHsdsPackage(db: Database, source: string, options: HsdsImportOptions = {}): Promise<HsdsImportReport> {
  const importId = options.importId ?? (await createImportRecord(db, path.basename(source), options));
  const report: HsdsImportReport = {
    importId,
    ok: false,
    dryRun: options.dryRun === true,
    counts: {},
    removed: {},
    problems: [],
    problemCount: 0,
    conflicts: [],
    warnings: [],
    indexQueued: 0,
  };
  const problems = new Problems(options.reportFile);
  await db
    .updateTable('hsds_imports')
    .set({ status: 'running', started_at: sql`now()`, progress: JSON.stringify({ phase: 'reading' }) })
    .where('id', '=', importId)
    .execute();
  let lastProgressWrite = 0;
  const progress = (event: ImportProgress) => {
    options.onProgress?.(event);
    // The browser's view of a running import; at most twice a second, outside the import's transaction.
    if (Date.now() - lastProgressWrite > 500 || event.phase === 'done') {
      lastProgressWrite = Date.now();
      void db.updateTable('hsds_imports').set({ progress: JSON.stringify(event) }).where('id', '=', importId).execute().catch(() => {});
    }
  };

  let opened: Awaited<ReturnType<typeof openPackage>> | undefined;
  let fatal = false;
  try {
    opened = await openPackage(source);
    const resources = readDescriptor(opened.folder, report.warnings);
    await inTransaction(db, async (trx) => {
      await stageAll(trx, resources, problems, progress);
      progress({ phase: 'checking' });
      await checkKeys(trx, resources, problems, options);
      if (problems.count > 0 && !options.skipInvalid) throw new Rollback();
      if (options.skipInvalid) await dropInvalidRows(trx, resources, problems, options);
      for (const { resource } of resources) {
        const { rows } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM ${sql.table(STAGE(resource))}`.execute(trx);
        report.counts[COUNT_KEY(resource)] = rows[0].count;
      }
      progress({ phase: 'writing' });
      report.conflicts = await keepLocalEdits(trx, resources);
      const changedServices = await mergeAll(trx, resources);
      const removed = options.replace ? await removeVanished(trx, resources) : { counts: {}, serviceIds: [] };
      report.removed = removed.counts;
      const toIndex = [...changedServices, ...removed.serviceIds];
      // The search index follows through the outbox: queued with the write, never lost with it.
      for (const serviceIds of syncBatches(toIndex)) await enqueueJob(trx, 'search.sync-services', { serviceIds });
      report.indexQueued = new Set(toIndex).size;
      if (options.dryRun) throw new Rollback();
    });
  } catch (error) {
    if (error instanceof Fatal || error instanceof HsdsPackageError) {
      fatal = true;
      problems.addWhole(error.message);
    } else if (!(error instanceof Rollback)) {
      await problems.close();
      throw error;
    }
  } finally {
    opened?.close();
  }
  await problems.close();
  // A problem in a row is left out with --skip-invalid; a problem with the package as a whole never is.
  report.ok = !fatal && (problems.count === 0 || options.skipInvalid === true);
  if (!report.ok || report.dryRun) report.indexQueued = 0;
  report.problems = problems.list;
  report.problemCount = problems.count;
  progress({ phase: 'done' });
  await db
    .updateTable('hsds_imports')
    .set({
      status: report.ok ? 'succeeded' : 'failed',
      finished_at: sql`now()`,
      counts: JSON.stringify(report.counts),
      removed: JSON.stringify(report.removed),
      problems: JSON.stringify(report.problems.slice(0, 1000)),
      problem_count: report.problemCount,
      conflicts: JSON.stringify(report.conflicts.slice(0, 1000)),
      progress: JSON.stringify({ phase: 'done' }),
    })
    .where('id', '=', importId)
    .execute();
  return report;
}

/** importHsdsPackage for code that wants an exception (the demo seed): throws HsdsImportError on any problem. */
export async function importHsdsDatapackage(
  db: Database,
  source: string,
  options: Omit<HsdsImportOptions, 'onProgress'> & { onProgress?: (message: string) => void } = {},
): Promise<HsdsImportReport> {
  const say = options.onProgress;
  const report = await importHsdsPackage(db, source, {
    ...options,
    startedBy: options.startedBy ?? { name: 'CareLoop' },
    onProgress: say ? (event) => event.phase === 'reading' && event.file && event.rows === undefined && say(`Reading ${event.file}`) : undefined,
  });
  if (!report.ok) throw new HsdsImportError(report);
  return report;
}

export async function createImportRecord(db: Database | Transaction<DB>, sourceName: string, options: HsdsImportOptions, uploadPath?: string): Promise<string> {
  const row = await db
    .insertInto('hsds_imports')
    .values({
      source: (options.sourceName ?? sourceName).slice(0, 300),
      dry_run: options.dryRun === true,
      skip_invalid: options.skipInvalid === true,
      replace: options.replace === true,
      started_by: options.startedBy?.userId ?? null,
      started_by_name: (options.startedBy?.name ?? 'unknown').slice(0, 200),
      upload_path: uploadPath ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

class Rollback extends Error {}

/**
 * Runs the import on one connection of its own (COPY needs the raw client), in one transaction.
 * The Kysely handle wraps that connection, so domain functions (enqueueJob) write in the same transaction.
 */
async function inTransaction(db: Database, work: (trx: ImportConnection) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: connectionStringOf(db) });
  await client.connect();
  // Staging tables are temporary: keep them in memory rather than in temporary files.
  await client.query("SET temp_buffers = '256MB'");
  const single = { connect: async () => Object.assign(client, { release() {} }), end: async () => {} };
  const trx = Object.assign(new Kysely<DB>({ dialect: new PostgresDialect({ pool: single as unknown as pg.Pool }) }), { client });
  try {
    await client.query('BEGIN');
    await client.query("SET LOCAL work_mem = '64MB'");
    await work(trx);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

type ImportConnection = Kysely<DB> & { client: pg.Client };

function readDescriptor(folder: string, warnings: string[]): PackageResource[] {
  const descriptorFile = packageFile(folder, 'datapackage.json');
  if ('missing' in descriptorFile) throw new Fatal('The package has no datapackage.json, so it is not an HSDS tabular package');
  if ('problem' in descriptorFile) throw new Fatal(descriptorFile.problem);
  let descriptor: unknown;
  try {
    const bytes = fs.readFileSync(descriptorFile.file);
    descriptor = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Fatal(`datapackage.json is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (!isObject(descriptor) || !Array.isArray(descriptor.resources)) {
    throw new Fatal('datapackage.json has no "resources" list, so it is not a tabular data package');
  }
  const version = descriptor.hsds_version ?? (descriptor.name === 'human_services_data' ? descriptor.version : undefined);
  if (version !== undefined && !(typeof version === 'string' && /^3\.0(\.\d+)?$/.test(version))) {
    throw new Fatal(`datapackage.json declares HSDS version ${String(version).slice(0, 20)}; CareLoop imports HSDS 3.0 packages`);
  }
  const result: PackageResource[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of descriptor.resources.entries()) {
    const name = isObject(entry) && typeof entry.name === 'string' ? entry.name : undefined;
    if (!name) throw new Fatal(`datapackage.json: resource ${index + 1} has no name`);
    if (seen.has(name)) throw new Fatal(`datapackage.json lists the resource "${name.slice(0, 60)}" twice`);
    seen.add(name);
    if (!isHsdsResourceName(name)) {
      throw new Fatal(`datapackage.json: "${name.slice(0, 60)}" is not an HSDS 3.0 resource, so this is not an HSDS 3.0 package`);
    }
    const resource = HSDS_RESOURCE_BY_NAME.get(name)!;
    const relative = typeof entry!.path === 'string' ? entry!.path : resource.path;
    if (!relative.toLowerCase().endsWith('.csv')) throw new Fatal(`datapackage.json: resource "${name}" has path "${relative.slice(0, 120)}"; expected a .csv file`);
    const file = packageFile(folder, relative);
    if ('problem' in file) throw new Fatal(`datapackage.json: resource "${name}": ${file.problem}`);
    if ('missing' in file) throw new Fatal(`${relative} (resource "${name}") is listed in datapackage.json but missing`);
    result.push({ resource, name: path.basename(relative), file: file.file });
  }
  if (result.length === 0) throw new Fatal('datapackage.json lists no resources');
  const unknownFiles = fs.readdirSync(folder).filter((file) => file.endsWith('.csv') && !result.some((entry) => entry.name === file));
  for (const file of unknownFiles) warnings.push(`${file} is not listed in datapackage.json and was not read.`);
  // In the specification's order, so that problem reports read like the package.
  return HSDS_RESOURCES.flatMap((resource) => result.filter((entry) => entry.resource === resource));
}

/** Decodes UTF-8 strictly; an invalid byte stops the read with its line and column. */
class StrictUtf8 extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private line = 1;
  private column = 1;

  constructor(private readonly fileName: string) {
    super({ decodeStrings: true, readableObjectMode: false });
  }

  private advance(text: string) {
    const lastBreak = text.lastIndexOf('\n');
    if (lastBreak < 0) {
      this.column += text.length;
      return;
    }
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.line += 1;
    this.column = text.length - lastBreak;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      // Decode the valid part again to say where the bad byte is.
      const valid = validPrefix(chunk);
      this.advance(new TextDecoder().decode(chunk.subarray(0, valid)));
      return callback(new Fatal(`${this.fileName}:${this.line}:${this.column}: not valid UTF-8 (byte 0x${chunk[valid]?.toString(16) ?? '??'}); save the file as UTF-8`));
    }
    this.advance(text);
    callback(null, text);
  }

  override _flush(callback: TransformCallback) {
    try {
      callback(null, this.decoder.decode());
    } catch {
      callback(new Fatal(`${this.fileName}:${this.line}:${this.column}: the file ends inside a UTF-8 character`));
    }
  }
}

function validPrefix(chunk: Buffer): number {
  let low = 0;
  let high = chunk.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  return low;
}

const COPY_CHUNK_CHARS = 64 * 1024;

const csvCell = (value: string | null) => (value === null ? '' : value.includes('"') ? `"${value.replace(/"/g, '""')}"` : `"${value}"`);

async function stageAll(trx: ImportConnection, resources: PackageResource[], problems: Problems, progress: (event: ImportProgress) => void) {
  for (const [index, entry] of resources.entries()) {
    progress({ phase: 'reading', file: entry.name, filesDone: index, filesTotal: resources.length });
    const rows = await stageFile(trx, entry, problems, (count) =>
      progress({ phase: 'reading', file: entry.name, rows: count, filesDone: index, filesTotal: resources.length }),
    );
    progress({ phase: 'reading', file: entry.name, rows, finished: true, filesDone: index + 1, filesTotal: resources.length });
  }
}

/** Reads one CSV into its staging table; returns the rows staged. */
async function stageFile(trx: ImportConnection, entry: PackageResource, problems: Problems, onRows: (count: number) => void): Promise<number> {
  const { resource, name } = entry;
  const fields = resource.fields;
  const columns = fields.map((field) => field.name);
  const columnTypes = resource.fields.map((field) => `${field.name} ${sqlType(field)}`).join(', ');
  await sql`CREATE TEMP TABLE ${sql.table(STAGE(resource))} (line integer NOT NULL, ${sql.raw(columnTypes)}, source_row jsonb NOT NULL) ON COMMIT DROP`.execute(trx);
  const copy = trx.client.query(copyFrom(`COPY ${STAGE(resource)} (line, ${columns.join(', ')}, source_row) FROM STDIN WITH (FORMAT csv)`));

  let header: HsdsField[] | undefined;
  // Where each specification field sits in the file (-1: not in it).
  let columnOf: number[] = [];
  let staged = 0;
  const parser = parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true });
  // Rows go to PostgreSQL in chunks of about 64 kB: one socket write per row cost more than all the checks.
  let pending = '';
  const rowsToCopy = new Transform({
    writableObjectMode: true,
    transform(item: { record: string[]; info: { lines: number } }, _encoding, callback) {
      try {
        const row = copyLine(item);
        if (row !== undefined) pending += row;
        if (pending.length < COPY_CHUNK_CHARS) return callback();
        const chunk = pending;
        pending = '';
        callback(null, chunk);
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback) {
      callback(null, pending || undefined);
    },
  });
  function copyLine(item: { record: string[]; info: { lines: number } }): string | undefined {
    const { record, info } = item;
    const line = info.lines;
    if (!header) {
      header = checkHeader(resource, name, record);
      columnOf = resource.fields.map((field) => header!.indexOf(field));
      return undefined;
    }
    if (record.length !== header.length) {
      problems.add(name, line, null, `the row has ${record.length} cells; the header has ${header.length}`);
      return undefined;
    }
    // Typed value and cell as written, per specification field (null where empty or not in the file).
    const typed: Array<string | null> = new Array(fields.length).fill(null);
    const sourceRow: Record<string, string | null> = {};
    let bad = false;
    for (let index = 0; index < fields.length; index++) {
      const column = columnOf[index];
      const field = fields[index];
      if (column < 0) {
        sourceRow[field.name] = null;
        continue;
      }
      const cell = record[column];
      const checked = checkCell(field, cell);
      if (checked.ok) typed[index] = checked.value;
      else {
        bad = true;
        problems.add(name, line, field.name, checked.problem);
      }
      sourceRow[field.name] = cell === '' ? null : cell;
    }
    if (!bad && resource.name === 'schedule') {
      // A recurrence the rrule library cannot read would show wrong hours: refused like a bad cell.
      const schedule = checkSchedule(sourceRow as unknown as ScheduleFields);
      if (!schedule.ok) {
        bad = true;
        problems.add(name, line, schedule.field, schedule.message);
      }
    }
    if (bad) return undefined;
    staged += 1;
    if (staged % PROGRESS_EVERY_ROWS === 0) onRows(staged);
    let out = String(line);
    for (const value of typed) out += `,${csvCell(value)}`;
    return `${out},${csvCell(JSON.stringify(sourceRow))}\n`;
  }
  try {
    await pipeline(fs.createReadStream(entry.file), new StrictUtf8(name), parser, rowsToCopy, copy);
  } catch (error) {
    if (error instanceof Fatal) throw error;
    const reason = (error as Error).message.replace(/^Invalid Record Length: /, '');
    if ((error as { code?: string }).code?.startsWith('CSV_')) throw new Fatal(`${name}: not valid CSV: ${reason}`);
    throw error;
  }
  if (!header) throw new Fatal(`${name} is empty; it needs at least a header row`);
  // Keys and references are checked by joins on id: give the planner an index and the table's size.
  await sql`CREATE INDEX ON ${sql.table(STAGE(resource))} (id, line)`.execute(trx);
  await sql`ANALYZE ${sql.table(STAGE(resource))}`.execute(trx);
  return staged;
}

function checkHeader(resource: HsdsResource, file: string, header: string[]): HsdsField[] {
  const fields = header.map((column, index) => {
    const field = resource.fields.find((known) => known.name === column.trim());
    if (!field) throw new Fatal(`${file}:1:${column.slice(0, 60) || `column ${index + 1}`}: unknown column (HSDS 3.0 ${resource.name} has no such field)`);
    return field;
  });
  if (new Set(fields).size !== fields.length) throw new Fatal(`${file}:1: a column appears twice in the header`);
  for (const field of resource.fields) {
    if (field.required && !fields.includes(field)) throw new Fatal(`${file}:1:${field.name}: missing column (required by HSDS 3.0)`);
  }
  return fields;
}

/** References an attribute makes through link_id to the resource its link_entity names. */
const LINKED_BY_ATTRIBUTE: HsdsResourceName[] = ['organization', 'service', 'location', 'service_at_location', 'program', 'contact', 'phone'];

interface KeyCheck {
  resource: HsdsResource;
  field: string;
  message: (value: string) => string;
  query: ReturnType<typeof sql<{ line: number; value: string }>>;
}

/** Primary keys, uniques and foreign keys, as the specification declares them, checked in SQL. */
function keyChecks(resources: PackageResource[], options: HsdsImportOptions): KeyCheck[] {
  const inPackage = new Set(resources.map((entry) => entry.resource.name));
  const checks: KeyCheck[] = [];
  for (const { resource, name } of resources) {
    const stage = sql.table(STAGE(resource));
    checks.push({
      resource,
      field: 'id',
      message: (value) => `${value} appears more than once in ${name}`,
      query: sql<{ line: number; value: string }>`
        SELECT s.line, s.id::text AS value FROM ${stage} s
        WHERE EXISTS (SELECT 1 FROM ${stage} t WHERE t.id = s.id AND t.line < s.line)`,
    });
    for (const field of resource.fields.filter((candidate) => candidate.unique && candidate.name !== 'id')) {
      const column = sql.ref(`s.${field.name}`);
      checks.push({
        resource,
        field: field.name,
        message: (value) => `${value} is already used by another ${resource.name} (${field.name} must be unique)`,
        query: sql<{ line: number; value: string }>`
          SELECT s.line, ${column}::text AS value FROM ${stage} s
          WHERE ${column} IS NOT NULL AND (
            EXISTS (SELECT 1 FROM ${stage} t WHERE ${sql.ref(`t.${field.name}`)} = ${column} AND t.line < s.line)
            OR EXISTS (
              SELECT 1 FROM ${sql.table(resource.table)} h WHERE ${sql.ref(`h.${field.name}`)} = ${column} AND h.id <> s.id
                AND NOT EXISTS (SELECT 1 FROM ${stage} r WHERE r.id = h.id)))`,
      });
    }
    const links: Array<{ field: string; target: HsdsResourceName; where?: ReturnType<typeof sql> }> = resource.fields
      .filter((field) => field.references)
      .map((field) => ({ field: field.name, target: field.references! }));
    if (resource.name === 'attribute') {
      for (const target of LINKED_BY_ATTRIBUTE) links.push({ field: 'link_id', target, where: sql`s.link_entity = ${target}` });
    }
    for (const link of links) {
      const target = HSDS_RESOURCE_BY_NAME.get(link.target)!;
      const column = sql.ref(`s.${link.field}`);
      const inStage = inPackage.has(target.name) ? sql`EXISTS (SELECT 1 FROM ${sql.table(STAGE(target))} t WHERE t.id = ${column})` : sql`false`;
      // With --replace, rows missing from the package go, so they cannot be referred to.
      const inDirectory = options.replace && inPackage.has(target.name) ? sql`false` : sql`EXISTS (SELECT 1 FROM ${sql.table(target.table)} t WHERE t.id = ${column})`;
      checks.push({
        resource,
        field: link.field,
        message: (value) => `no ${target.name} with id ${value} in the package${options.replace ? '' : ' or the directory'}`,
        query: sql<{ line: number; value: string }>`
          SELECT s.line, ${column}::text AS value FROM ${stage} s
          WHERE ${column} IS NOT NULL ${link.where ? sql`AND ${link.where}` : sql``} AND NOT ${inStage} AND NOT ${inDirectory}`,
      });
    }
  }
  return checks;
}

async function checkKeys(trx: ImportConnection, resources: PackageResource[], problems: Problems, options: HsdsImportOptions) {
  const fileOf = new Map(resources.map((entry) => [entry.resource, entry.name]));
  for (const check of keyChecks(resources, options)) {
    const { rows } = await check.query.execute(trx);
    for (const row of rows) problems.add(fileOf.get(check.resource)!, row.line, check.field, check.message(row.value));
  }
}

/**
 * --skip-invalid: rows with a bad key or reference are left out, and so, in turn, are rows that
 * referred to them (repeated until nothing more falls out).
 */
async function dropInvalidRows(trx: ImportConnection, resources: PackageResource[], problems: Problems, options: HsdsImportOptions) {
  const fileOf = new Map(resources.map((entry) => [entry.resource, entry.name]));
  for (const { resource, name } of resources) {
    const lines = [...(problems.badLines.get(name) ?? [])];
    if (lines.length) await sql`DELETE FROM ${sql.table(STAGE(resource))} WHERE line = ANY(${lines}::int[])`.execute(trx);
  }
  for (let round = 0; round < 10; round++) {
    let dropped = 0;
    for (const check of keyChecks(resources, options)) {
      const { rows } = await check.query.execute(trx);
      if (rows.length === 0) continue;
      dropped += rows.length;
      for (const row of rows) problems.add(fileOf.get(check.resource)!, row.line, check.field, `${check.message(row.value)} (left out)`);
      await sql`DELETE FROM ${sql.table(STAGE(check.resource))} WHERE line = ANY(${rows.map((row) => row.line)}::int[])`.execute(trx);
    }
    if (dropped === 0) return;
  }
}

/**
 * Fields edited in CareLoop keep their edited value: the staged row takes it over, and the
 * difference is reported. An edit the package has caught up with is no longer special.
 */
async function keepLocalEdits(trx: ImportConnection, resources: PackageResource[]): Promise<ImportConflict[]> {
  const conflicts: ImportConflict[] = [];
  for (const entry of resources) {
    const { rows } = await sql<{ id: string }>`
      DELETE FROM ${sql.table(STAGE(entry.resource))} s USING hsds_local_edits e
      WHERE e.resource = ${entry.resource.name} AND e.field = '-' AND e.row_id = s.id
      RETURNING s.id`.execute(trx);
    for (const row of rows) conflicts.push({ resource: entry.resource.name, id: row.id, field: '-', kept: null, incoming: 'the row, removed in CareLoop' });
  }
  const edited = await trx.selectFrom('hsds_local_edits').select(['resource', 'field']).distinct().where('field', '<>', '*').execute();
  for (const { resource: resourceName, field } of edited) {
    const entry = resources.find((candidate) => candidate.resource.name === resourceName);
    const fieldSpec = entry?.resource.fields.find((candidate) => candidate.name === field);
    if (!entry || !fieldSpec) continue;
    const stage = sql.table(STAGE(entry.resource));
    const table = sql.table(entry.resource.table);
    const { rows } = await sql<{ id: string; kept: string | null; incoming: string | null }>`
      SELECT s.id, h.source_row ->> ${field} AS kept, s.source_row ->> ${field} AS incoming
      FROM hsds_local_edits e JOIN ${stage} s ON s.id = e.row_id JOIN ${table} h ON h.id = e.row_id
      WHERE e.resource = ${resourceName} AND e.field = ${field}
      ORDER BY s.id`.execute(trx);
    const caughtUp = rows.filter((row) => row.kept === row.incoming).map((row) => row.id);
    const different = rows.filter((row) => row.kept !== row.incoming);
    if (caughtUp.length) {
      await trx.deleteFrom('hsds_local_edits').where('resource', '=', resourceName).where('field', '=', field).where('row_id', 'in', caughtUp).execute();
    }
    if (different.length === 0) continue;
    await sql`
      UPDATE ${stage} s SET ${sql.ref(field)} = h.${sql.ref(field)}, source_row = jsonb_set(s.source_row, ${[field]}::text[], h.source_row -> ${field})
      FROM ${table} h WHERE h.id = s.id AND s.id = ANY(${different.map((row) => row.id)}::uuid[])`.execute(trx);
    for (const row of different) conflicts.push({ resource: entry.resource.name, id: row.id, field, kept: row.kept, incoming: row.incoming });
  }
  return conflicts;
}

/** Upserts every staged table; returns the services whose search document may have changed. */
async function mergeAll(trx: ImportConnection, resources: PackageResource[]): Promise<string[]> {
  const changed = new Map<HsdsResourceName, string>();
  for (const { resource } of resources) {
    const columns = resource.fields.map((field) => field.name);
    const columnList = sql.raw([...columns, 'source_row'].join(', '));
    const updates = [...columns.filter((column) => column !== 'id'), 'source_row'].map((column) => `${column} = excluded.${column}`);
    if (resource.name === 'organization' || resource.name === 'service') updates.push('imported_at = now()');
    // Unchanged rows are left alone (and cost no write).
    await sql`CREATE TEMP TABLE ${sql.table(`changed_${resource.name}`)} (id uuid) ON COMMIT DROP`.execute(trx);
    await sql`
      WITH upserted AS (
        INSERT INTO ${sql.table(resource.table)} (${columnList})
        SELECT DISTINCT ON (id) ${columnList} FROM ${sql.table(STAGE(resource))} ORDER BY id, line
        ON CONFLICT (id) DO UPDATE SET ${sql.raw(updates.join(', '))}
        WHERE ${sql.table(resource.table)}.source_row IS DISTINCT FROM excluded.source_row
        RETURNING id
      ) INSERT INTO ${sql.table(`changed_${resource.name}`)} SELECT id FROM upserted`.execute(trx);
    changed.set(resource.name, `changed_${resource.name}`);
  }
  const ids = (name: HsdsResourceName) => (changed.has(name) ? sql`(SELECT id FROM ${sql.table(changed.get(name)!)})` : sql`(SELECT NULL::uuid WHERE false)`);
  const { rows } = await sql<{ id: string }>`
    SELECT id FROM hsds_services WHERE id IN ${ids('service')} OR organization_id IN ${ids('organization')}
    UNION SELECT service_id FROM hsds_service_at_location WHERE id IN ${ids('service_at_location')} OR location_id IN ${ids('location')} OR location_id IN (SELECT location_id FROM hsds_addresses WHERE id IN ${ids('address')})
    UNION SELECT service_id FROM hsds_languages WHERE id IN ${ids('language')} AND service_id IS NOT NULL
    UNION SELECT sal.service_id FROM hsds_languages l JOIN hsds_service_at_location sal ON sal.location_id = l.location_id WHERE l.id IN ${ids('language')}
    UNION SELECT link_id FROM hsds_attributes WHERE (id IN ${ids('attribute')} OR taxonomy_term_id IN ${ids('taxonomy_term')}) AND link_entity = 'service'`.execute(trx);
  return rows.map((row) => row.id).filter(Boolean).sort();
}

/** --replace: rows of the package's resources that it no longer has are removed (rows made in CareLoop stay). */
async function removeVanished(trx: ImportConnection, resources: PackageResource[]) {
  const counts: Record<string, number> = {};
  let serviceIds: string[] = [];
  for (const { resource } of [...resources].reverse()) {
    const { rows } = await sql<{ id: string }>`
      DELETE FROM ${sql.table(resource.table)} h
      WHERE NOT EXISTS (SELECT 1 FROM ${sql.table(STAGE(resource))} s WHERE s.id = h.id)
        AND NOT EXISTS (SELECT 1 FROM hsds_local_edits e WHERE e.resource = ${resource.name} AND e.row_id = h.id AND e.field = '*')
      RETURNING h.id`.execute(trx);
    counts[COUNT_KEY(resource)] = rows.length;
    if (resource.name === 'service') serviceIds = rows.map((row) => row.id);
  }
  await sweepDanglingReferences(trx);
  return { counts, serviceIds };
}

/**
 * Rows left pointing at rows that are gone (a removed service's phones, an attribute of a removed
 * location …), removed until none is left: the references the importer checks, kept true after removals.
 */
export async function sweepDanglingReferences(db: Kysely<DB> | Transaction<DB>): Promise<number> {
  let removed = 0;
  for (let round = 0; round < 10; round++) {
    let thisRound = 0;
    for (const resource of HSDS_RESOURCES) {
      const links = resource.fields.filter((field) => field.references).map((field) => ({ field: field.name, target: field.references! }));
      for (const link of links) {
        const target = HSDS_RESOURCE_BY_NAME.get(link.target)!.table;
        const result = await sql`
          DELETE FROM ${sql.table(resource.table)} c
          WHERE c.${sql.ref(link.field)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${sql.table(target)} p WHERE p.id = c.${sql.ref(link.field)})`.execute(db);
        thisRound += Number(result.numAffectedRows ?? 0);
      }
    }
    for (const target of LINKED_BY_ATTRIBUTE) {
      const table = sql.table(HSDS_RESOURCE_BY_NAME.get(target)!.table);
      const result = await sql`DELETE FROM hsds_attributes a WHERE a.link_entity = ${target} AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.id = a.link_id)`.execute(db);
      thisRound += Number(result.numAffectedRows ?? 0);
    }
    removed += thisRound;
    if (thisRound === 0) break;
  }
  return removed;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
