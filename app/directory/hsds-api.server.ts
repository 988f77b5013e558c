// The read-only HSDS 3.0 API (openapi.json of the specification) over the directory: public data
// only, values as imported (source_row, typed as the JSON schemas ask), pages of the spec's Page
// object, ETags, and a rate limit per client. Routes under app/routes/api.hsds.* call answer().
import { createHash } from 'node:crypto';
import { stems } from '../../search/text.js';
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/pool.js';
import { isUuid } from '../ids.js';
import { SDOHCC_CAPACITY_CODES, SDOHCC_CAPACITY_SYSTEM, effectiveCapacity } from './capacity.js';
import { HSDS_RESOURCE_BY_NAME, HSDS_VERSION, type HsdsResourceName } from './hsds-spec.js';
import { zipCentroid } from './zip.server.js';

export type HsdsEndpoint = 'services' | 'organizations' | 'service_at_locations' | 'taxonomies' | 'taxonomy_terms';

type Row = Record<string, string | null>;
type HsdsObject = Record<string, unknown>;

/** A row as HSDS JSON: empty fields left out, numbers as numbers (the JSON schemas' types). */
export function hsdsJson(resource: HsdsResourceName, row: Row | null | undefined): HsdsObject | undefined {
  if (!row) return undefined;
  const object: HsdsObject = {};
  for (const field of HSDS_RESOURCE_BY_NAME.get(resource)!.fields) {
    const value = row[field.name];
    if (value === null || value === undefined || value === '') continue;
    object[field.name] = field.type === 'number' ? Number(value) : value;
  }
  return object;
}

const many = (resource: HsdsResourceName, rows: Row[] | null | undefined) => (rows ?? []).map((row) => hsdsJson(resource, row)!);

// ---- Parameters -------------------------------------------------------------------------------

export const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 50;
const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number from ${min} to ${max}.`)
    .transform(Number)
    .refine((value) => value >= min && value <= max, `${name} must be a whole number from ${min} to ${max}.`);
const flag = (name: string) => z.enum(['true', 'false', '1', '0'], `${name} must be true or false.`).transform((value) => value === 'true' || value === '1');
const id = (name: string) => z.string().refine(isUuid, `${name} must be a UUID.`).transform((value) => value.toLowerCase());

const querySchema = z
  .object({
    page: wholeNumber('page', 1, 1_000_000).optional(),
    per_page: wholeNumber('per_page', 1, MAX_PER_PAGE).optional(),
    search: z.string().trim().min(1, 'search must not be empty.').max(200, 'search must be at most 200 characters.').optional(),
    taxonomy_term_id: id('taxonomy_term_id').optional(),
    taxonomy_id: id('taxonomy_id').optional(),
    organization_id: id('organization_id').optional(),
    parent_id: id('parent_id').optional(),
    top_only: flag('top_only').optional(),
    modified_after: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/, 'modified_after must be an ISO 8601 date or date-time.')
      .refine((value) => !Number.isNaN(Date.parse(value)), 'modified_after must be a real date.')
      .optional(),
    postcode: z.string().regex(/^\d{5}(-\d{4})?$/, 'postcode must be a 5-digit US ZIP code.').optional(),
    proximity: wholeNumber('proximity', 1, 1_000_000).optional(),
    full: flag('full').optional(),
    full_service: flag('full_service').optional(),
    minimal: flag('minimal').optional(),
    format: z.literal('json', 'format must be json (ndjson is not offered).').optional(),
  })
  .strict();

type Query = z.infer<typeof querySchema>;

// Which parameters each list takes (the OpenAPI file's parameter lists).
const ALLOWED: Record<HsdsEndpoint, Array<keyof Query>> = {
  services: ['page', 'per_page', 'search', 'taxonomy_term_id', 'taxonomy_id', 'organization_id', 'modified_after', 'full', 'minimal', 'format'],
  organizations: ['page', 'per_page', 'search', 'full', 'full_service', 'format'],
  service_at_locations: ['page', 'per_page', 'search', 'taxonomy_term_id', 'taxonomy_id', 'organization_id', 'modified_after', 'postcode', 'proximity', 'full', 'format'],
  taxonomies: ['page', 'per_page', 'search', 'format'],
  taxonomy_terms: ['page', 'per_page', 'search', 'taxonomy_id', 'top_only', 'parent_id', 'format'],
};

export type Parsed = { ok: true; query: Query } | { ok: false; message: string };

export function parseHsdsQuery(endpoint: HsdsEndpoint | 'one', params: URLSearchParams): Parsed {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in raw) return { ok: false, message: `${key.slice(0, 40)} is given more than once.` };
    raw[key] = value;
  }
  const allowed: string[] = endpoint === 'one' ? ['full_service'] : ALLOWED[endpoint];
  const unknown = Object.keys(raw).find((key) => !allowed.includes(key));
  if (unknown) return { ok: false, message: `Unknown parameter ${unknown.slice(0, 40)}; this endpoint takes ${allowed.join(', ') || 'none'}.` };
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0].message };
  if (parsed.data.proximity !== undefined && parsed.data.postcode === undefined) return { ok: false, message: 'proximity needs a postcode to measure from.' };
  if (parsed.data.postcode && !zipCentroid(parsed.data.postcode) && parsed.data.proximity !== undefined) {
    return { ok: false, message: `${parsed.data.postcode} is not a known US ZIP code.` };
  }
  return { ok: true, query: parsed.data };
}

// ---- Pages ------------------------------------------------------------------------------------

export interface HsdsPage {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: HsdsObject[];
}

function page(contents: HsdsObject[], total: number, pageNumber: number, perPage: number): HsdsPage {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: pageNumber,
    size: contents.length,
    first_page: pageNumber === 1,
    last_page: pageNumber >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

/** page_number, per_page, and the rows to skip. */
function paging(query: Query): { pageNumber: number; perPage: number; offset: number } {
  const pageNumber = query.page ?? 1;
  const perPage = query.per_page ?? DEFAULT_PER_PAGE;
  return { pageNumber, perPage, offset: (pageNumber - 1) * perPage };
}

/** An ILIKE pattern that finds the text anywhere, with LIKE's wildcards in it taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

const agg = (query: RawBuilder<unknown>) => sql`coalesce((${query}), '[]'::jsonb)`;
const rowsOf = (table: string, where: RawBuilder<unknown>) => agg(sql`SELECT jsonb_agg(x.source_row ORDER BY x.id) FROM ${sql.table(table)} x WHERE ${where}`);

// ---- Services ---------------------------------------------------------------------------------

const modified = sql`greatest(s.last_modified, s.updated_at, s.imported_at)`;

/** A deterministic UUID for an object CareLoop derives (capacity as an HSDS attribute). */
function derivedId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join(':')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function capacityAttribute(serviceId: string, status: string, until: string | null): HsdsObject[] {
  const capacity = effectiveCapacity(status, until, new Date().toISOString().slice(0, 10));
  if (capacity === 'unknown') return [];
  const code = SDOHCC_CAPACITY_CODES[capacity];
  return [
    {
      id: derivedId('capacity', serviceId),
      link_id: serviceId,
      link_type: 'capacity_status',
      link_entity: 'service',
      value: code.code,
      taxonomy_term: {
        id: derivedId('sdohcc-capacity', code.code),
        code: code.code,
        name: code.display,
        description: `SDOH Clinical Care IG capacity status: ${code.display}.`,
        taxonomy: SDOHCC_CAPACITY_SYSTEM,
        term_uri: `${SDOHCC_CAPACITY_SYSTEM}#${code.code}`,
      },
    },
  ];
}

interface ServiceRow {
  service: Row;
  organization: Row | null;
  program: Row | null;
  capacity_status: string;
  capacity_until: string | null;
  phones?: Row[];
  schedules?: Row[];
  service_areas?: Row[];
  languages?: Row[];
  funding?: Row[];
  cost_options?: Row[];
  required_documents?: Row[];
  contacts?: Row[];
  attributes?: Array<{ attribute: Row; term: Row | null }>;
  metadata?: Row[];
  sals?: Array<LocationParts & { sal: Row; sal_phones: Row[]; sal_schedules: Row[]; sal_contacts: Row[] }>;
}

interface LocationParts {
  location: Row;
  addresses: Row[];
  location_phones: Row[];
  location_languages: Row[];
  accessibility: Row[];
  location_schedules: Row[];
}

const locationParts = sql`
  'location', l.source_row,
  'addresses', ${rowsOf('hsds_addresses', sql`x.location_id = l.id`)},
  'location_phones', ${rowsOf('hsds_phones', sql`x.location_id = l.id AND x.service_id IS NULL`)},
  'location_languages', ${rowsOf('hsds_languages', sql`x.location_id = l.id AND x.service_id IS NULL`)},
  'accessibility', ${rowsOf('hsds_accessibility', sql`x.location_id = l.id`)},
  'location_schedules', ${rowsOf('hsds_schedules', sql`x.location_id = l.id AND x.service_id IS NULL AND x.service_at_location_id IS NULL`)}`;

function serviceColumns(full: boolean) {
  const base = sql`
    s.source_row AS service, s.capacity_status, s.capacity_until,
    (SELECT o.source_row FROM hsds_organizations o WHERE o.id = s.organization_id) AS organization,
    (SELECT p.source_row FROM hsds_programs p WHERE p.id = s.program_id) AS program`;
  if (!full) return base;
  return sql`${base},
    ${rowsOf('hsds_phones', sql`x.service_id = s.id`)} AS phones,
    ${rowsOf('hsds_schedules', sql`x.service_id = s.id`)} AS schedules,
    ${rowsOf('hsds_service_areas', sql`x.service_id = s.id`)} AS service_areas,
    ${rowsOf('hsds_languages', sql`x.service_id = s.id`)} AS languages,
    ${rowsOf('hsds_funding', sql`x.service_id = s.id`)} AS funding,
    ${rowsOf('hsds_cost_options', sql`x.service_id = s.id`)} AS cost_options,
    ${rowsOf('hsds_required_documents', sql`x.service_id = s.id`)} AS required_documents,
    ${rowsOf('hsds_contacts', sql`x.service_id = s.id`)} AS contacts,
    ${rowsOf('hsds_metadata', sql`x.resource_id = s.id`)} AS metadata,
    ${agg(sql`
      SELECT jsonb_agg(jsonb_build_object('attribute', a.source_row, 'term', t.source_row) ORDER BY a.id)
      FROM hsds_attributes a LEFT JOIN hsds_taxonomy_terms t ON t.id = a.taxonomy_term_id WHERE a.link_id = s.id`)} AS attributes,
    ${agg(sql`
      SELECT jsonb_agg(jsonb_build_object(
        'sal', sal.source_row, ${locationParts},
        'sal_phones', ${rowsOf('hsds_phones', sql`x.service_at_location_id = sal.id`)},
        'sal_schedules', ${rowsOf('hsds_schedules', sql`x.service_at_location_id = sal.id`)},
        'sal_contacts', ${rowsOf('hsds_contacts', sql`x.service_at_location_id = sal.id`)}) ORDER BY sal.id)
      FROM hsds_service_at_location sal JOIN hsds_locations l ON l.id = sal.location_id WHERE sal.service_id = s.id`)} AS sals`;
}

function locationJson(parts: LocationParts): HsdsObject {
  return {
    ...hsdsJson('location', parts.location),
    addresses: many('address', parts.addresses),
    phones: many('phone', parts.location_phones),
    languages: many('language', parts.location_languages),
    accessibility: many('accessibility', parts.accessibility),
    schedules: many('schedule', parts.location_schedules),
  };
}

function serviceJson(row: ServiceRow, full: boolean): HsdsObject {
  const service = hsdsJson('service', row.service)!;
  const organization = hsdsJson('organization', row.organization);
  const program = hsdsJson('program', row.program);
  if (!full) return { ...service, ...(organization ? { organization } : {}), ...(program ? { program } : {}) };
  const attributes = (row.attributes ?? []).map(({ attribute, term }) => {
    const termJson = hsdsJson('taxonomy_term', term);
    return { ...hsdsJson('attribute', attribute), ...(termJson ? { taxonomy_term: termJson } : {}) };
  });
  return {
    ...service,
    phones: many('phone', row.phones),
    schedules: many('schedule', row.schedules),
    service_areas: many('service_area', row.service_areas),
    service_at_locations: (row.sals ?? []).map((sal) => ({
      ...hsdsJson('service_at_location', sal.sal),
      phones: many('phone', sal.sal_phones),
      schedules: many('schedule', sal.sal_schedules),
      contacts: many('contact', sal.sal_contacts),
      location: locationJson(sal),
    })),
    languages: many('language', row.languages),
    ...(organization ? { organization } : {}),
    funding: many('funding', row.funding),
    cost_options: many('cost_option', row.cost_options),
    ...(program ? { program } : {}),
    required_documents: many('required_document', row.required_documents),
    contacts: many('contact', row.contacts),
    attributes: [...attributes, ...capacityAttribute(String(service.id), row.capacity_status, row.capacity_until)],
    metadata: many('metadata', row.metadata),
  };
}

function serviceFilters(query: Query): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [sql`true`];
  if (query.search) {
    // Every word of the search, by the search index's own stems (the same English stemming as matching).
    const searched = [...new Set(stems(query.search))];
    if (searched.length) conditions.push(sql`s.id IN (SELECT service_id FROM search_services WHERE stems @> ${searched}::text[])`);
  }
  if (query.organization_id) conditions.push(sql`s.organization_id = ${query.organization_id}::uuid`);
  if (query.taxonomy_term_id) conditions.push(sql`s.id IN (SELECT link_id FROM hsds_attributes WHERE taxonomy_term_id = ${query.taxonomy_term_id}::uuid)`);
  if (query.taxonomy_id) {
    conditions.push(sql`s.id IN (SELECT a.link_id FROM hsds_attributes a JOIN hsds_taxonomy_terms t ON t.id = a.taxonomy_term_id WHERE t.taxonomy_id = ${query.taxonomy_id}::uuid)`);
  }
  if (query.modified_after) conditions.push(sql`${modified} >= ${query.modified_after}::timestamptz`);
  return sql.join(conditions, sql` AND `);
}

// Totals for the Page object, kept briefly: a client paging through 2,000 pages should not count
// 100,000 rows 2,000 times. Answers are cacheable for a minute anyway (Cache-Control).
const COUNT_SECONDS = 15;
const counts = new Map<string, { count: number; at: number }>();

async function count(db: Database, from: RawBuilder<unknown>, where: RawBuilder<unknown>): Promise<number> {
  const query = sql<{ count: number }>`SELECT count(*)::int AS count FROM ${from} WHERE ${where}`;
  const compiled = query.compile(db);
  const key = `${compiled.sql}|${JSON.stringify(compiled.parameters)}`;
  const cached = counts.get(key);
  if (cached && Date.now() - cached.at < COUNT_SECONDS * 1000) return cached.count;
  const { rows } = await query.execute(db);
  if (counts.size > 1000) counts.clear();
  counts.set(key, { count: rows[0].count, at: Date.now() });
  return rows[0].count;
}

async function listServices(db: Database, query: Query): Promise<HsdsPage | HsdsObject[]> {
  const where = serviceFilters(query);
  if (query.minimal) {
    const { rows } = await sql<{ id: string; modified: Date }>`SELECT s.id, ${modified} AS modified FROM hsds_services s WHERE ${where} ORDER BY s.id`.execute(db);
    return rows.map((row) => ({ id: row.id, last_modified: row.modified.toISOString() }));
  }
  const { pageNumber, perPage, offset } = paging(query);
  const [total, { rows }] = await Promise.all([
    count(db, sql`hsds_services s`, where),
    // The page's ids first, so that the nested columns are built for its rows only (not for those OFFSET skips).
    sql<ServiceRow>`
      SELECT ${serviceColumns(query.full === true)}
      FROM (SELECT s.id FROM hsds_services s WHERE ${where} ORDER BY s.id LIMIT ${perPage} OFFSET ${offset}) page
      JOIN hsds_services s ON s.id = page.id
      ORDER BY s.id`.execute(db),
  ]);
  return page(rows.map((row) => serviceJson(row, query.full === true)), total, pageNumber, perPage);
}

async function oneService(db: Database, serviceId: string): Promise<HsdsObject | undefined> {
  const { rows } = await sql<ServiceRow>`SELECT ${serviceColumns(true)} FROM hsds_services s WHERE s.id = ${serviceId}::uuid`.execute(db);
  return rows[0] ? serviceJson(rows[0], true) : undefined;
}

// ---- Organizations ----------------------------------------------------------------------------

async function organizationJson(db: Database, ids: string[], mode: 'list' | 'full' | 'full_service'): Promise<Map<string, HsdsObject>> {
  if (ids.length === 0) return new Map();
  const full = mode !== 'list';
  const { rows } = await sql<{
    id: string;
    organization: Row;
    funding?: Row[];
    contacts?: Row[];
    phones?: Row[];
    programs?: Row[];
    identifiers?: Row[];
    metadata?: Row[];
    locations?: LocationParts[];
    services?: Row[];
  }>`
    SELECT o.id, o.source_row AS organization
    ${full ? sql`,
      ${rowsOf('hsds_funding', sql`x.organization_id = o.id AND x.service_id IS NULL`)} AS funding,
      ${rowsOf('hsds_contacts', sql`x.organization_id = o.id AND x.service_id IS NULL AND x.location_id IS NULL`)} AS contacts,
      ${rowsOf('hsds_phones', sql`x.organization_id = o.id AND x.service_id IS NULL AND x.location_id IS NULL`)} AS phones,
      ${rowsOf('hsds_programs', sql`x.organization_id = o.id`)} AS programs,
      ${rowsOf('hsds_organization_identifiers', sql`x.organization_id = o.id`)} AS identifiers,
      ${rowsOf('hsds_metadata', sql`x.resource_id = o.id`)} AS metadata,
      ${agg(sql`SELECT jsonb_agg(jsonb_build_object(${locationParts}) ORDER BY l.id) FROM hsds_locations l WHERE l.organization_id = o.id`)} AS locations,
      ${rowsOf('hsds_services', sql`x.organization_id = o.id`)} AS services` : sql``}
    FROM hsds_organizations o WHERE o.id = ANY(${ids}::uuid[])`.execute(db);
  const services = new Map<string, HsdsObject[]>();
  if (mode === 'full_service') {
    const serviceIds = rows.flatMap((row) => (row.services ?? []).map((service) => service.id!));
    for (const serviceId of serviceIds) {
      const service = await oneService(db, serviceId);
      if (service) services.set(serviceId, [service]);
    }
  }
  return new Map(
    rows.map((row) => {
      const organization = hsdsJson('organization', row.organization)!;
      if (!full) return [row.id, organization];
      return [
        row.id,
        {
          ...organization,
          funding: many('funding', row.funding),
          contacts: many('contact', row.contacts),
          phones: many('phone', row.phones),
          locations: (row.locations ?? []).map(locationJson),
          programs: many('program', row.programs),
          organization_identifiers: many('organization_identifier', row.identifiers),
          metadata: many('metadata', row.metadata),
          services: (row.services ?? []).map((service) => (mode === 'full_service' ? services.get(service.id!)![0] : hsdsJson('service', service)!)),
        },
      ];
    }),
  );
}

async function listOrganizations(db: Database, query: Query): Promise<HsdsPage> {
  const { pageNumber, perPage, offset } = paging(query);
  const where = query.search ? sql`o.name ILIKE ${containing(query.search)}` : sql`true`;
  const [total, { rows }] = await Promise.all([
    count(db, sql`hsds_organizations o`, where),
    sql<{ id: string }>`SELECT o.id FROM hsds_organizations o WHERE ${where} ORDER BY o.id LIMIT ${perPage} OFFSET ${offset}`.execute(db),
  ]);
  const objects = await organizationJson(db, rows.map((row) => row.id), query.full_service ? 'full_service' : query.full ? 'full' : 'list');
  return page(rows.map((row) => objects.get(row.id)!), total, pageNumber, perPage);
}

// ---- Service at locations ---------------------------------------------------------------------

async function listServiceAtLocations(db: Database, query: Query): Promise<HsdsPage> {
  const { pageNumber, perPage, offset } = paging(query);
  const conditions: RawBuilder<unknown>[] = [sql`sal.service_id IN (SELECT s.id FROM hsds_services s WHERE ${serviceFilters(query)})`];
  if (query.postcode) {
    const centroid = zipCentroid(query.postcode);
    if (query.proximity !== undefined && centroid) {
      conditions.push(sql`earth_box(ll_to_earth(${centroid.lat}::float8, ${centroid.lon}::float8), ${query.proximity}::float8) @> ll_to_earth(l.latitude, l.longitude)
        AND earth_distance(ll_to_earth(${centroid.lat}::float8, ${centroid.lon}::float8), ll_to_earth(l.latitude, l.longitude)) <= ${query.proximity}::float8`);
    } else {
      // Without a distance: services at that postcode, or whose service area names it.
      conditions.push(sql`(EXISTS (SELECT 1 FROM hsds_addresses a WHERE a.location_id = l.id AND a.postal_code LIKE ${`${query.postcode.slice(0, 5)}%`})
        OR EXISTS (SELECT 1 FROM hsds_service_areas sa WHERE sa.service_id = sal.service_id AND (sa.name LIKE ${`%${query.postcode.slice(0, 5)}%`} OR sa.extent LIKE ${`%${query.postcode.slice(0, 5)}%`})))`);
    }
  }
  const where = sql.join(conditions, sql` AND `);
  const from = sql`hsds_service_at_location sal JOIN hsds_locations l ON l.id = sal.location_id`;
  const full = query.full === true;
  const [total, { rows }] = await Promise.all([
    count(db, from, where),
    sql<LocationParts & { sal: Row; service: ServiceRow; sal_phones?: Row[]; sal_schedules?: Row[]; sal_contacts?: Row[] }>`
      SELECT sal.source_row AS sal, jsonb_build_object(${locationParts}) AS parts,
        (SELECT to_jsonb(x) FROM (SELECT ${serviceColumns(false)} FROM hsds_services s WHERE s.id = sal.service_id) x) AS service
        ${full ? sql`,
          ${rowsOf('hsds_phones', sql`x.service_at_location_id = sal.id`)} AS sal_phones,
          ${rowsOf('hsds_schedules', sql`x.service_at_location_id = sal.id`)} AS sal_schedules,
          ${rowsOf('hsds_contacts', sql`x.service_at_location_id = sal.id`)} AS sal_contacts` : sql``}
      FROM (SELECT sal.id FROM ${from} WHERE ${where} ORDER BY sal.id LIMIT ${perPage} OFFSET ${offset}) page
      JOIN hsds_service_at_location sal ON sal.id = page.id JOIN hsds_locations l ON l.id = sal.location_id
      ORDER BY sal.id`.execute(db),
  ]);
  const contents = rows.map((row) => {
    const parts = (row as unknown as { parts: LocationParts }).parts;
    return {
      ...hsdsJson('service_at_location', row.sal),
      ...(full ? { phones: many('phone', row.sal_phones), schedules: many('schedule', row.sal_schedules), contacts: many('contact', row.sal_contacts) } : {}),
      location: locationJson(parts),
      ...(row.service ? { service: serviceJson(row.service, false) } : {}),
    };
  });
  return page(contents, total, pageNumber, perPage);
}

async function oneServiceAtLocation(db: Database, salId: string): Promise<HsdsObject | undefined> {
  const { rows } = await sql<{ sal: Row; service_id: string | null; parts: LocationParts | null; phones: Row[]; schedules: Row[]; contacts: Row[] }>`
    SELECT sal.source_row AS sal, sal.service_id,
      (SELECT jsonb_build_object(${locationParts}) FROM hsds_locations l WHERE l.id = sal.location_id) AS parts,
      ${rowsOf('hsds_phones', sql`x.service_at_location_id = sal.id`)} AS phones,
      ${rowsOf('hsds_schedules', sql`x.service_at_location_id = sal.id`)} AS schedules,
      ${rowsOf('hsds_contacts', sql`x.service_at_location_id = sal.id`)} AS contacts
    FROM hsds_service_at_location sal WHERE sal.id = ${salId}::uuid`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const service = row.service_id ? await oneService(db, row.service_id) : undefined;
  return {
    ...hsdsJson('service_at_location', row.sal),
    phones: many('phone', row.phones),
    schedules: many('schedule', row.schedules),
    contacts: many('contact', row.contacts),
    ...(row.parts ? { location: locationJson(row.parts) } : {}),
    ...(service ? { service } : {}),
  };
}

// ---- Taxonomies -------------------------------------------------------------------------------

async function listTaxonomies(db: Database, query: Query): Promise<HsdsPage> {
  const { pageNumber, perPage, offset } = paging(query);
  const where = query.search ? sql`t.name ILIKE ${containing(query.search)}` : sql`true`;
  const [total, { rows }] = await Promise.all([
    count(db, sql`hsds_taxonomies t`, where),
    sql<{ row: Row }>`SELECT t.source_row AS row FROM hsds_taxonomies t WHERE ${where} ORDER BY t.id LIMIT ${perPage} OFFSET ${offset}`.execute(db),
  ]);
  return page(rows.map((row) => hsdsJson('taxonomy', row.row)!), total, pageNumber, perPage);
}

async function listTaxonomyTerms(db: Database, query: Query, onlyId?: string): Promise<HsdsPage> {
  const { pageNumber, perPage, offset } = paging(query);
  const conditions: RawBuilder<unknown>[] = [sql`true`];
  if (onlyId) conditions.push(sql`t.id = ${onlyId}::uuid`);
  if (query.search) conditions.push(sql`(t.name ILIKE ${containing(query.search)} OR t.code = ${query.search})`);
  if (query.taxonomy_id) conditions.push(sql`t.taxonomy_id = ${query.taxonomy_id}::uuid`);
  if (query.parent_id) conditions.push(sql`t.parent_id = ${query.parent_id}::uuid`);
  if (query.top_only) conditions.push(sql`t.parent_id IS NULL`);
  const where = sql.join(conditions, sql` AND `);
  const [total, { rows }] = await Promise.all([
    count(db, sql`hsds_taxonomy_terms t`, where),
    sql<{ row: Row; taxonomy: Row | null }>`
      SELECT t.source_row AS row, (SELECT x.source_row FROM hsds_taxonomies x WHERE x.id = t.taxonomy_id) AS taxonomy
      FROM (SELECT t.id FROM hsds_taxonomy_terms t WHERE ${where} ORDER BY t.id LIMIT ${perPage} OFFSET ${offset}) page
      JOIN hsds_taxonomy_terms t ON t.id = page.id ORDER BY t.id`.execute(db),
  ]);
  return page(
    rows.map((row) => {
      const taxonomy = hsdsJson('taxonomy', row.taxonomy);
      return { ...hsdsJson('taxonomy_term', row.row), ...(taxonomy ? { taxonomy_detail: taxonomy } : {}) };
    }),
    total,
    pageNumber,
    perPage,
  );
}

// ---- Answers ----------------------------------------------------------------------------------

export type HsdsAnswer = { status: 200; body: unknown } | { status: 400 | 404; body: { error: string } };

export async function answerList(db: Database, endpoint: HsdsEndpoint, params: URLSearchParams): Promise<HsdsAnswer> {
  const parsed = parseHsdsQuery(endpoint, params);
  if (!parsed.ok) return { status: 400, body: { error: parsed.message } };
  const query = parsed.query;
  switch (endpoint) {
    case 'services':
      return { status: 200, body: await listServices(db, query) };
    case 'organizations':
      return { status: 200, body: await listOrganizations(db, query) };
    case 'service_at_locations':
      return { status: 200, body: await listServiceAtLocations(db, query) };
    case 'taxonomies':
      return { status: 200, body: await listTaxonomies(db, query) };
    case 'taxonomy_terms':
      return { status: 200, body: await listTaxonomyTerms(db, query) };
  }
}

export async function answerOne(db: Database, endpoint: HsdsEndpoint, objectId: string | undefined, params: URLSearchParams): Promise<HsdsAnswer> {
  const parsed = parseHsdsQuery('one', params);
  if (!parsed.ok) return { status: 400, body: { error: parsed.message } };
  if (endpoint !== 'organizations' && parsed.query.full_service !== undefined) return { status: 400, body: { error: 'Unknown parameter full_service; this endpoint takes none.' } };
  const notFound: HsdsAnswer = { status: 404, body: { error: `No ${endpoint.replace(/s$/, '').replace(/ie$/, 'y')} with id ${String(objectId).slice(0, 40)}.` } };
  if (!isUuid(objectId)) return notFound;
  const lowered = objectId.toLowerCase();
  let body: HsdsObject | undefined;
  switch (endpoint) {
    case 'services':
      body = await oneService(db, lowered);
      break;
    case 'organizations':
      body = (await organizationJson(db, [lowered], parsed.query.full_service ? 'full_service' : 'full')).get(lowered);
      break;
    case 'service_at_locations':
      body = await oneServiceAtLocation(db, lowered);
      break;
    case 'taxonomies': {
      const { rows } = await sql<{ row: Row }>`SELECT source_row AS row FROM hsds_taxonomies WHERE id = ${lowered}::uuid`.execute(db);
      body = hsdsJson('taxonomy', rows[0]?.row);
      break;
    }
    case 'taxonomy_terms':
      body = (await listTaxonomyTerms(db, {}, lowered)).contents[0];
      break;
  }
  return body ? { status: 200, body } : notFound;
}

export function apiMeta(baseUrl: string) {
  return {
    version: HSDS_VERSION,
    profile: 'https://docs.openreferral.org/en/latest/hsds/',
    openapi_url: 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json',
    base_url: `${baseUrl}/api/hsds`,
  };
}

// ---- HTTP ------------------------------------------------------------------------------------

/** Requests per client per minute; past it, 429 with Retry-After. Kept per server process. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait, or 0 when the request may go ahead. */
  take(client: string): number {
    const now = this.now();
    const window = this.windows.get(client);
    if (!window || now - window.start >= 60_000) {
      if (this.windows.size > 50_000) this.windows.clear();
      this.windows.set(client, { start: now, count: 1 });
      return 0;
    }
    window.count += 1;
    return window.count > this.perMinute ? Math.ceil((window.start + 60_000 - now) / 1000) : 0;
  }
}

/** The JSON response: ETag over the body (a matching If-None-Match gets 304), cacheable for a minute. */
export function jsonResponse(request: Request, answer: { status: number; body: unknown }, extraHeaders: Record<string, string> = {}): Response {
  const body = JSON.stringify(answer.body);
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', 'Access-Control-Allow-Origin': '*', ...extraHeaders };
  if (answer.status !== 200) return new Response(body, { status: answer.status, headers: { ...headers, 'Cache-Control': 'no-store' } });
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  headers.ETag = etag;
  headers['Cache-Control'] = 'public, max-age=60';
  const match = request.headers.get('If-None-Match');
  if (match && match.split(',').some((candidate) => candidate.trim() === etag || candidate.trim() === `W/${etag}`)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: 200, headers });
}
