import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import { syncBatches } from '../../search/sync.js';
import { enqueueJob } from '../jobs/outbox.server.js';
import { isUuid } from '../ids.js';
import {
  HSDS_RESOURCES,
  HSDS_RESOURCES_NOT_STORED,
  type HsdsField,
  type HsdsResource,
  type HsdsResourceName,
} from './hsds-spec.js';

export interface HsdsImportSummary {
  /** Rows imported per table, keyed like the HSDS file names: organizations, services, phones ... */
  counts: Record<string, number>;
  warnings: string[];
  /** Services whose search documents were queued for the index (through the job queue). */
  indexQueued: number;
}

export interface HsdsImportOptions {
  onProgress?: (message: string) => void;
}

/** The package cannot be imported as it is; the message names the file, row and field. Nothing was changed. */
export class HsdsImportError extends Error {
  override name = 'HsdsImportError';
}

interface PackageResource {
  resource: HsdsResource;
  file: string;
  /** Fields the package's own schema declares; stricter constraints there are honoured too. */
  declaredFields: Map<string, { required: boolean; enum?: string[] }>;
}

interface ParsedTable {
  resource: HsdsResource;
  file: string;
  header: string[];
  /** Typed values by column (null for an empty cell), plus the row as written. */
  rows: Array<{ values: Record<string, string | null>; sourceRow: Record<string, string | null>; line: number }>;
  ids: Set<string>;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const WRITE_CHUNK_ROWS = 2000;
const STORED = new Map(HSDS_RESOURCES.map((resource) => [resource.name, resource]));
const COUNT_KEY = (resource: HsdsResource) => resource.table.replace(/^hsds_/, '');

/**
 * Imports an HSDS 3.0 tabular datapackage (datapackage.json + one CSV per resource) into the hsds_ tables,
 * in one transaction. Re-importing updates rows in place; for the organizations in the package, rows of
 * the resources it carries that are no longer in it are removed. CareLoop's own columns (capacity status,
 * last verified) survive a re-import. The search index is updated by jobs queued in the same transaction.
 */
export async function importHsdsDatapackage(
  db: Database,
  folder: string,
  options: HsdsImportOptions = {},
): Promise<HsdsImportSummary> {
  const progress = options.onProgress ?? (() => {});
  const warnings: string[] = [];
  const resources = readDatapackage(folder, warnings);
  const tables = new Map<HsdsResourceName, ParsedTable>();
  for (const packageResource of resources) {
    const table = parseTable(packageResource);
    tables.set(packageResource.resource.name, table);
  }
  await checkReferences(db, tables);

  const counts: Record<string, number> = {};
  const indexQueued = await db.transaction().execute(async (trx) => {
    for (const resource of HSDS_RESOURCES) {
      const table = tables.get(resource.name);
      if (!table) continue;
      await upsertRows(trx, table);
      counts[COUNT_KEY(resource)] = table.rows.length;
      progress(`${table.file}: ${table.rows.length} rows`);
    }
    const removed = await removeVanishedRows(trx, tables);
    for (const [key, count] of Object.entries(removed.counts)) {
      if (count > 0) progress(`${key}: ${count} rows no longer in the package removed`);
    }
    const affected = await servicesTouchedBy(trx, tables);
    // The search index follows through the outbox: queued with the write, never lost with it.
    const changed = [...affected, ...removed.serviceIds];
    for (const serviceIds of syncBatches(changed)) await enqueueJob(trx, 'search.sync-services', { serviceIds });
    return changed.length;
  });
  progress(`Search index: ${indexQueued} services queued for indexing.`);
  return { counts, warnings, indexQueued };
}

function readDatapackage(folder: string, warnings: string[]): PackageResource[] {
  const descriptorFile = path.join(folder, 'datapackage.json');
  if (!fs.existsSync(descriptorFile)) {
    throw new HsdsImportError(`${folder} has no datapackage.json; an HSDS tabular package needs one.`);
  }
  let descriptor: unknown;
  try {
    descriptor = JSON.parse(fs.readFileSync(descriptorFile, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new HsdsImportError(`datapackage.json is not valid JSON (${(error as Error).message}).`);
  }
  if (!isObject(descriptor) || !Array.isArray(descriptor.resources)) {
    throw new HsdsImportError('datapackage.json has no "resources" list, so it is not a tabular data package.');
  }
  const version = descriptor.hsds_version ?? (descriptor.name === 'human_services_data' ? descriptor.version : undefined);
  if (typeof version === 'string' && !version.startsWith('3.')) {
    throw new HsdsImportError(`datapackage.json declares HSDS version ${version}; only HSDS 3.x packages can be imported.`);
  }

  const result: PackageResource[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of descriptor.resources.entries()) {
    const name = isObject(entry) && typeof entry.name === 'string' ? entry.name : undefined;
    if (!name) throw new HsdsImportError(`datapackage.json: resource ${index + 1} has no name.`);
    if (seen.has(name)) throw new HsdsImportError(`datapackage.json lists the resource "${name}" twice.`);
    seen.add(name);
    const resource = STORED.get(name as HsdsResourceName);
    if (!resource) {
      if (HSDS_RESOURCES_NOT_STORED.includes(name)) {
        warnings.push(`The package's "${name}" resource is not stored by CareLoop and was not imported.`);
        continue;
      }
      throw new HsdsImportError(
        `datapackage.json: "${name}" is not an HSDS 3.0 resource, so this is not an HSDS 3.0 package (or not one CareLoop knows).`,
      );
    }
    const file = typeof entry!.path === 'string' ? entry!.path : resource.path;
    if (path.isAbsolute(file) || file.split(/[\\/]/).includes('..') || !file.toLowerCase().endsWith('.csv')) {
      throw new HsdsImportError(`datapackage.json: resource "${name}" has path "${file}"; expected a .csv file inside the package.`);
    }
    result.push({ resource, file: path.join(folder, file), declaredFields: declaredFields(entry!, resource) });
  }
  if (!result.some((entry) => entry.resource.name === 'organization')) {
    throw new HsdsImportError('datapackage.json has no "organization" resource; an HSDS 3.0 package starts from organizations.');
  }
  return result;
}

function declaredFields(entry: Record<string, unknown>, resource: HsdsResource): PackageResource['declaredFields'] {
  const declared: PackageResource['declaredFields'] = new Map();
  const schema = entry.schema;
  if (!isObject(schema) || !Array.isArray(schema.fields)) return declared;
  for (const field of schema.fields) {
    if (!isObject(field) || typeof field.name !== 'string') continue;
    if (!resource.fields.some((known) => known.name === field.name)) {
      throw new HsdsImportError(`datapackage.json: resource "${resource.name}" declares the field "${field.name}", which HSDS 3.0 does not define.`);
    }
    const constraints = isObject(field.constraints) ? field.constraints : {};
    declared.set(field.name, {
      required: constraints.required === true,
      enum: Array.isArray(constraints.enum) ? constraints.enum.map(String) : undefined,
    });
  }
  return declared;
}

function parseTable({ resource, file, declaredFields: declared }: PackageResource): ParsedTable {
  const fileName = path.basename(file);
  if (!fs.existsSync(file)) throw new HsdsImportError(`${fileName} (resource "${resource.name}") is listed in datapackage.json but missing.`);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(fs.readFileSync(file), { bom: true, info: true, skip_empty_lines: true }) as typeof records;
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid Record Length: /, '');
    throw new HsdsImportError(`${fileName} is not valid CSV: ${reason}`);
  }
  if (records.length === 0) throw new HsdsImportError(`${fileName} is empty; it needs at least a header row.`);

  const header = records[0].record;
  const fields = header.map((column) => {
    const field = resource.fields.find((known) => known.name === column);
    if (!field) throw new HsdsImportError(`${fileName}: unknown column "${column}" (HSDS 3.0 ${resource.name} has no such field).`);
    return field;
  });
  if (new Set(header).size !== header.length) throw new HsdsImportError(`${fileName}: a column appears twice in the header.`);
  for (const field of resource.fields) {
    const mustBePresent = field.name === 'id' || field.required || declared.has(field.name);
    if (mustBePresent && !header.includes(field.name)) {
      throw new HsdsImportError(`${fileName}: missing column "${field.name}".`);
    }
  }

  const table: ParsedTable = { resource, file: fileName, header, rows: [], ids: new Set() };
  for (let index = 1; index < records.length; index++) {
    const { record, info } = records[index];
    const where = `${fileName} row ${index} (line ${info.lines})`;
    const values: Record<string, string | null> = {};
    const sourceRow: Record<string, string | null> = {};
    fields.forEach((field, column) => {
      const cell = record[column];
      sourceRow[field.name] = cell === '' ? null : cell;
      values[field.name] = checkedValue(field, cell, declared.get(field.name), where);
    });
    const id = values.id!;
    if (table.ids.has(id)) throw new HsdsImportError(`${where}, field "id": ${id} appears more than once.`);
    table.ids.add(id);
    table.rows.push({ values, sourceRow, line: info.lines });
  }
  return table;
}

function checkedValue(
  field: HsdsField,
  cell: string,
  declared: { required: boolean; enum?: string[] } | undefined,
  where: string,
): string | null {
  if (cell === '') {
    if (field.required || field.name === 'id' || declared?.required) {
      throw new HsdsImportError(`${where}, field "${field.name}": a value is required.`);
    }
    return null;
  }
  const fail = (expected: string) => {
    throw new HsdsImportError(`${where}, field "${field.name}": "${cell.slice(0, 80)}" is not ${expected}.`);
  };
  switch (field.type) {
    case 'uuid':
      if (!isUuid(cell)) fail('a UUID');
      return cell.toLowerCase();
    case 'number':
      if (!NUMBER.test(cell)) fail('a number');
      return cell;
    case 'date':
      if (!DATE.test(cell) || Number.isNaN(Date.parse(`${cell}T00:00:00Z`))) fail('a date (YYYY-MM-DD)');
      return cell;
    case 'datetime':
      if (!/^\d{4}-\d{2}-\d{2}/.test(cell) || Number.isNaN(Date.parse(cell))) fail('a date-time (ISO 8601)');
      return cell;
    case 'time':
      if (!TIME.test(cell)) fail('a time (HH:MM:SS)');
      return cell;
    case 'string': {
      const allowed = field.enum ?? declared?.enum;
      if (allowed && !allowed.includes(cell)) fail(`one of ${allowed.join(', ')}`);
      return cell;
    }
  }
}

/** Every id that points at another resource must point at a row in the package or already in the directory. */
async function checkReferences(db: Database, tables: Map<HsdsResourceName, ParsedTable>) {
  for (const table of tables.values()) {
    const links: Array<{ field: string; target: (row: ParsedTable['rows'][number]) => HsdsResourceName | undefined }> = [];
    for (const field of table.resource.fields) {
      if (field.references && table.header.includes(field.name)) {
        const target = field.references;
        links.push({ field: field.name, target: () => target });
      }
    }
    if (table.resource.name === 'attribute') {
      // An attribute names what it describes in link_entity; check the link where that is a stored resource.
      links.push({
        field: 'link_id',
        target: (row) => {
          const entity = row.values.link_entity as HsdsResourceName | null;
          return entity && STORED.has(entity) ? entity : undefined;
        },
      });
    }
    for (const { field, target } of links) {
      const outside = new Map<HsdsResourceName, Map<string, number>>();
      table.rows.forEach((row, index) => {
        const id = row.values[field];
        const resource = target(row);
        if (!id || !resource) return;
        const referenced = tables.get(resource);
        if (referenced) {
          if (!referenced.ids.has(id)) {
            throw new HsdsImportError(
              `${table.file} row ${index + 1} (line ${row.line}), field "${field}": no ${resource} with id ${id} in ${referenced.file}.`,
            );
          }
          return;
        }
        if (!outside.has(resource)) outside.set(resource, new Map());
        if (!outside.get(resource)!.has(id)) outside.get(resource)!.set(id, index);
      });
      for (const [resource, ids] of outside) {
        const known = await existingIds(db, STORED.get(resource)!.table, [...ids.keys()]);
        for (const [id, index] of ids) {
          if (!known.has(id)) {
            throw new HsdsImportError(
              `${table.file} row ${index + 1} (line ${table.rows[index].line}), field "${field}": no ${resource} with id ${id} in the package or the directory.`,
            );
          }
        }
      }
    }
  }
}

async function existingIds(db: Database, table: string, ids: string[]): Promise<Set<string>> {
  const { rows } = await sql<{ id: string }>`SELECT id FROM ${sql.table(table)} WHERE id = ANY(${ids}::uuid[])`.execute(db);
  return new Set(rows.map((row) => row.id));
}

const SQL_TYPES: Record<HsdsField['type'], string> = {
  uuid: 'uuid',
  string: 'text',
  number: 'numeric',
  date: 'date',
  datetime: 'timestamptz',
  time: 'time',
};

async function upsertRows(trx: Transaction<DB>, table: ParsedTable) {
  const { resource } = table;
  const columns = resource.fields.map((field) => field.name);
  const recordType = resource.fields
    .map((field) => `${field.name} ${field.name === 'latitude' || field.name === 'longitude' ? 'double precision' : SQL_TYPES[field.type]}`)
    .concat('source_row jsonb')
    .join(', ');
  const updates = columns
    .filter((column) => column !== 'id')
    .concat('source_row')
    .map((column) => `${column} = excluded.${column}`);
  if (resource.name === 'organization' || resource.name === 'service') updates.push('imported_at = now()');
  const columnList = columns.concat('source_row').join(', ');
  for (let start = 0; start < table.rows.length; start += WRITE_CHUNK_ROWS) {
    const chunk = table.rows.slice(start, start + WRITE_CHUNK_ROWS).map((row) => {
      const record: Record<string, unknown> = {};
      for (const column of columns) record[column] = row.values[column] ?? null;
      record.source_row = orderedSourceRow(resource, row.sourceRow);
      return record;
    });
    // One statement per chunk: the rows travel as a single jsonb parameter, typed by jsonb_to_recordset.
    await sql`
      INSERT INTO ${sql.table(resource.table)} (${sql.raw(columnList)})
      SELECT ${sql.raw(columnList)} FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS r(${sql.raw(recordType)})
      ON CONFLICT (id) DO UPDATE SET ${sql.raw(updates.join(', '))}`.execute(trx);
  }
}

/** The row as written, every HSDS column of the resource present (null when absent or empty). */
function orderedSourceRow(resource: HsdsResource, sourceRow: Record<string, string | null>) {
  const ordered: Record<string, string | null> = {};
  for (const field of resource.fields) ordered[field.name] = sourceRow[field.name] ?? null;
  return ordered;
}

/** The package is the whole truth about its organizations, for each resource it carries. */
async function removeVanishedRows(trx: Transaction<DB>, tables: Map<HsdsResourceName, ParsedTable>) {
  const organizationIds = [...tables.get('organization')!.ids];
  const kept = (name: HsdsResourceName) => [...(tables.get(name)?.ids ?? [])];
  const counts: Record<string, number> = {};
  let serviceIds: string[] = [];

  const ofOrganizations = sql`organization_id = ANY(${organizationIds}::uuid[])`;
  const services = sql`(SELECT id FROM hsds_services WHERE ${ofOrganizations})`;
  const locations = sql`(SELECT id FROM hsds_locations WHERE ${ofOrganizations})`;
  const scopes: Partial<Record<HsdsResourceName, ReturnType<typeof sql>>> = {
    service: ofOrganizations,
    location: ofOrganizations,
    service_at_location: sql`(service_id IN ${services} OR location_id IN ${locations})`,
    address: sql`location_id IN ${locations}`,
    phone: sql`(${ofOrganizations} OR service_id IN ${services} OR location_id IN ${locations})`,
    schedule: sql`(service_id IN ${services} OR location_id IN ${locations})`,
    language: sql`(service_id IN ${services} OR location_id IN ${locations})`,
    funding: sql`(${ofOrganizations} OR service_id IN ${services})`,
    service_area: sql`service_id IN ${services}`,
    attribute: sql`(link_id = ANY(${organizationIds}::uuid[]) OR link_id IN ${services} OR link_id IN ${locations})`,
  };
  for (const resource of HSDS_RESOURCES) {
    const scope = scopes[resource.name];
    if (!scope || !tables.has(resource.name)) continue;
    const { rows } = await sql<{ id: string }>`
      DELETE FROM ${sql.table(resource.table)} WHERE ${scope} AND NOT (id = ANY(${kept(resource.name)}::uuid[]))
      RETURNING id`.execute(trx);
    counts[COUNT_KEY(resource)] = rows.length;
    if (resource.name === 'service') serviceIds = rows.map((row) => row.id);
  }
  // Attributes have no foreign key (link_id may point at any resource), so sweep those left pointing nowhere.
  await sql`
    DELETE FROM hsds_attributes a WHERE
      (a.link_entity = 'service' AND NOT EXISTS (SELECT 1 FROM hsds_services s WHERE s.id = a.link_id))
      OR (a.link_entity = 'location' AND NOT EXISTS (SELECT 1 FROM hsds_locations l WHERE l.id = a.link_id))
      OR (a.link_entity = 'organization' AND NOT EXISTS (SELECT 1 FROM hsds_organizations o WHERE o.id = a.link_id))`.execute(trx);
  return { counts, serviceIds };
}

/** Services whose search document may have changed: those of the package's organizations or rows. */
async function servicesTouchedBy(trx: Transaction<DB>, tables: Map<HsdsResourceName, ParsedTable>): Promise<string[]> {
  const ids = (name: HsdsResourceName) => [...(tables.get(name)?.ids ?? [])];
  const linkedServices = [
    ...(tables.get('attribute')?.rows ?? []).map((row) => row.values.link_id),
    ...(tables.get('language')?.rows ?? []).map((row) => row.values.service_id),
  ].filter((id): id is string => id !== null);
  const { rows } = await sql<{ id: string }>`
    SELECT id FROM hsds_services
    WHERE organization_id = ANY(${ids('organization')}::uuid[])
      OR id = ANY(${ids('service')}::uuid[])
      OR id = ANY(${linkedServices}::uuid[])
      OR id IN (SELECT service_id FROM hsds_service_at_location WHERE location_id = ANY(${ids('location')}::uuid[]))
    ORDER BY id`.execute(trx);
  return rows.map((row) => row.id);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
