// Listings kept true by the organisations that run them: staff of a receiving organisation edit their
// own services (details, hours, phones, languages, capacity) and confirm them. Every change is a
// version (who, when, what), marks the HSDS fields it touched so that an import keeps them, and
// reaches the search index through the outbox, all in one transaction.
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import type { SessionUser } from '../auth/session.server.js';
import { enqueueJob, queueNotification } from '../jobs/outbox.server.js';
import { isUuid } from '../ids.js';
import { STALE_AFTER_DAYS, effectiveCapacity, type CapacityStatus } from './capacity.js';
import { HSDS_RESOURCE_BY_NAME, type HsdsResourceName } from './hsds-spec.js';
import { MAX_PHONES, WEEKDAY_CODES, type CapacityInput, type ListingInput } from './listing.schema.js';
import { plainText } from './plain-text.server.js';

const EDITORS = new Set(['cbo_staff', 'org_admin']);

/** Whether the user works at the receiving organisation that runs this HSDS organisation's listings. */
export async function canEditListing(db: Database | Transaction<DB>, user: SessionUser, hsdsOrganizationId: string): Promise<boolean> {
  if (!EDITORS.has(user.role)) return false;
  const row = await db
    .selectFrom('organizations')
    .select('id')
    .where('id', '=', user.organizationId)
    .where('kind', '=', 'receiving')
    .where('hsds_organization_id', '=', hsdsOrganizationId)
    .executeTakeFirst();
  return row !== undefined;
}

export interface ListingSummary {
  serviceId: string;
  name: string;
  capacityStatus: CapacityStatus;
  lastVerified: string | null;
  stale: boolean;
}

/** The services of the user's own organisation, for its listings page. */
export async function listOwnListings(db: Database, user: SessionUser): Promise<ListingSummary[]> {
  const rows = await db
    .selectFrom('hsds_services')
    .innerJoin('organizations', 'organizations.hsds_organization_id', 'hsds_services.organization_id')
    .select(['hsds_services.id', 'hsds_services.name', 'hsds_services.capacity_status', 'hsds_services.capacity_until', 'hsds_services.last_verified_at', 'hsds_services.assured_date'])
    .select(sql<boolean>`coalesce(hsds_services.last_verified_at, hsds_services.assured_date::timestamptz, '-infinity') < now() - make_interval(days => ${STALE_AFTER_DAYS})`.as('stale'))
    .where('organizations.id', '=', user.organizationId)
    .where('organizations.kind', '=', 'receiving')
    .orderBy('hsds_services.name')
    .execute();
  const today = new Date().toISOString().slice(0, 10);
  return rows.map((row) => ({
    serviceId: row.id,
    name: plainText(row.name) ?? row.name,
    capacityStatus: effectiveCapacity(row.capacity_status, row.capacity_until, today),
    lastVerified: row.last_verified_at ? row.last_verified_at.toISOString() : row.assured_date,
    stale: row.stale,
  }));
}

export interface EditableListing {
  serviceId: string;
  name: string;
  version: number;
  values: Record<string, string | string[]>;
  capacity: { status: string; note: string | null; until: string | null };
  versions: Array<{ version: number; kind: string; changedAt: string; changedBy: string | null; changes: Array<{ field: string; before: string | null; after: string | null }> }>;
}

interface ListingRow {
  id: string;
  name: string;
  description: string | null;
  eligibility_description: string | null;
  minimum_age: string | null;
  maximum_age: string | null;
  fees_description: string | null;
  application_process: string | null;
  capacity_status: string;
  capacity_note: string | null;
  capacity_until: string | null;
  version: number;
  organization_id: string;
  time_zone: string | null;
}

/** The user's organisation's service, for update; undefined for anyone else's (404). */
async function ownService(db: Database | Transaction<DB>, user: SessionUser, serviceId: string, forUpdate: boolean): Promise<ListingRow | undefined> {
  if (!EDITORS.has(user.role) || !isUuid(serviceId)) return undefined;
  const { rows } = await sql<ListingRow>`
    SELECT s.id, s.name, s.description, s.eligibility_description, s.minimum_age::text, s.maximum_age::text, s.fees_description,
      s.application_process, s.capacity_status, s.capacity_note, s.capacity_until, s.version, s.organization_id, h.time_zone
    FROM hsds_services s JOIN organizations o ON o.hsds_organization_id = s.organization_id
    JOIN hsds_organizations h ON h.id = s.organization_id
    WHERE s.id = ${serviceId.toLowerCase()}::uuid AND o.id = ${user.organizationId}::uuid AND o.kind = 'receiving'
    ${forUpdate ? sql`FOR UPDATE OF s` : sql``}`.execute(db);
  return rows[0];
}

interface PhoneRow {
  id: string;
  number: string;
  extension: string | null;
  description: string | null;
}
interface ScheduleRow {
  id: string;
  byday: string | null;
  opens_at: string | null;
  closes_at: string | null;
}

async function children(db: Database | Transaction<DB>, serviceId: string) {
  const [phones, schedules, languages] = await Promise.all([
    sql<PhoneRow>`SELECT id, number, extension::text, description FROM hsds_phones WHERE service_id = ${serviceId}::uuid ORDER BY id`.execute(db),
    sql<ScheduleRow>`
      SELECT id, byday, to_char(opens_at, 'HH24:MI') AS opens_at, to_char(closes_at, 'HH24:MI') AS closes_at FROM hsds_schedules
      WHERE service_id = ${serviceId}::uuid AND (freq IS NOT NULL OR byday IS NOT NULL) ORDER BY id`.execute(db),
    sql<{ id: string; code: string | null }>`SELECT id, lower(code) AS code FROM hsds_languages WHERE service_id = ${serviceId}::uuid ORDER BY id`.execute(db),
  ]);
  return { phones: phones.rows, schedules: schedules.rows, languages: languages.rows };
}

/** Weekly hours by day (0 = Monday) from the structured schedule rows that say which days. */
function hoursByDay(schedules: ScheduleRow[]): Array<{ opens: string; closes: string }> {
  const days = WEEKDAY_CODES.map(() => ({ opens: '', closes: '' }));
  for (const schedule of schedules) {
    for (const code of (schedule.byday ?? '').split(',').map((part) => part.trim().toUpperCase())) {
      const day = WEEKDAY_CODES.indexOf(code as (typeof WEEKDAY_CODES)[number]);
      if (day >= 0 && schedule.opens_at && schedule.closes_at) days[day] = { opens: schedule.opens_at, closes: schedule.closes_at };
    }
  }
  return days;
}

function formValuesOf(row: ListingRow, kids: Awaited<ReturnType<typeof children>>): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {
    version: String(row.version),
    description: row.description ?? '',
    eligibility: row.eligibility_description ?? '',
    minimumAge: row.minimum_age ?? '',
    maximumAge: row.maximum_age ?? '',
    fees: row.fees_description ?? '',
    applicationProcess: row.application_process ?? '',
    timeZone: row.time_zone ?? '',
    languages: kids.languages.map((language) => language.code).filter((code): code is string => Boolean(code)),
  };
  hoursByDay(kids.schedules).forEach((hours, day) => {
    values[`opens_${day}`] = hours.opens;
    values[`closes_${day}`] = hours.closes;
  });
  for (let index = 0; index < MAX_PHONES; index++) {
    const phone = kids.phones[index];
    values[`phone_${index}_number`] = phone?.number ?? '';
    values[`phone_${index}_extension`] = phone?.extension ?? '';
    values[`phone_${index}_description`] = phone?.description ?? '';
  }
  return values;
}

export async function getEditableListing(db: Database, user: SessionUser, serviceId: string): Promise<EditableListing | undefined> {
  const row = await ownService(db, user, serviceId, false);
  if (!row) return undefined;
  const kids = await children(db, row.id);
  const versions = await db
    .selectFrom('service_listing_versions')
    .leftJoin('users', 'users.id', 'service_listing_versions.changed_by')
    .select(['service_listing_versions.version', 'service_listing_versions.kind', 'service_listing_versions.changed_at', 'service_listing_versions.changes', 'users.full_name'])
    .where('service_listing_versions.service_id', '=', row.id)
    .orderBy('service_listing_versions.version', 'desc')
    .limit(50)
    .execute();
  return {
    serviceId: row.id,
    name: plainText(row.name) ?? row.name,
    version: row.version,
    values: formValuesOf(row, kids),
    capacity: { status: row.capacity_status, note: row.capacity_note, until: row.capacity_until },
    versions: versions.map((version) => ({
      version: version.version,
      kind: version.kind,
      changedAt: version.changed_at.toISOString(),
      changedBy: version.full_name,
      changes: version.changes as EditableListing['versions'][number]['changes'],
    })),
  };
}

export type ListingResult = { ok: true; version: number; changed: number } | { ok: false; status: 404 } | { ok: false; status: 409; message: string; current: EditableListing };

const STALE_COPY = 'Someone else changed this listing while you were editing. Here is the listing as it is now; make your change again.';

/** One HSDS row's fields changed in CareLoop: typed columns, the row as HSDS text, and the marks an import respects. */
async function updateHsdsRow(trx: Transaction<DB>, user: SessionUser, resource: HsdsResourceName, id: string, changes: Record<string, string | null>) {
  const fields = Object.keys(changes);
  if (fields.length === 0) return;
  const table = HSDS_RESOURCE_BY_NAME.get(resource)!.table;
  const sets = fields.map((field) => sql`${sql.ref(field)} = ${changes[field]}`);
  await sql`
    UPDATE ${sql.table(table)} SET ${sql.join(sets)}, source_row = source_row || ${JSON.stringify(changes)}::jsonb
    WHERE id = ${id}::uuid`.execute(trx);
  await markEdited(trx, user, resource, id, fields.filter((field) => field !== 'last_modified'));
}

async function markEdited(trx: Transaction<DB>, user: SessionUser, resource: HsdsResourceName, id: string, fields: string[]) {
  if (fields.length === 0) return;
  await trx
    .insertInto('hsds_local_edits')
    .values(fields.map((field) => ({ resource, row_id: id, field, edited_by: user.id })))
    .onConflict((conflict) => conflict.columns(['resource', 'row_id', 'field']).doUpdateSet({ edited_at: sql`now()`, edited_by: user.id }))
    .execute();
}

/** A row made in CareLoop: every HSDS column present in its source_row, so an export writes it like any other. */
async function insertHsdsRow(trx: Transaction<DB>, user: SessionUser, resource: HsdsResourceName, values: Record<string, string | null>): Promise<string> {
  const spec = HSDS_RESOURCE_BY_NAME.get(resource)!;
  const id = randomUUID();
  const row: Record<string, string | null> = {};
  for (const field of spec.fields) row[field.name] = field.name === 'id' ? id : (values[field.name] ?? null);
  const columns = Object.keys(row);
  await sql`
    INSERT INTO ${sql.table(spec.table)} (${sql.join(columns.map((column) => sql.ref(column)))}, source_row)
    VALUES (${sql.join(columns.map((column) => sql`${row[column]}`))}, ${JSON.stringify(row)}::jsonb)`.execute(trx);
  await markEdited(trx, user, resource, id, ['*']);
  return id;
}

/** A row removed in CareLoop stays removed when the next import brings it again (unless CareLoop made it). */
async function deleteHsdsRow(trx: Transaction<DB>, user: SessionUser, resource: HsdsResourceName, id: string) {
  await sql`DELETE FROM ${sql.table(HSDS_RESOURCE_BY_NAME.get(resource)!.table)} WHERE id = ${id}::uuid`.execute(trx);
  // What pointed at it goes with it (the languages of a phone).
  if (resource === 'phone') await trx.deleteFrom('hsds_languages').where('phone_id', '=', id).execute();
  const made = await trx.deleteFrom('hsds_local_edits').where('resource', '=', resource).where('row_id', '=', id).where('field', '=', '*').executeTakeFirst();
  await trx.deleteFrom('hsds_local_edits').where('resource', '=', resource).where('row_id', '=', id).execute();
  if (Number(made.numDeletedRows) === 0) await markEdited(trx, user, resource, id, ['-']);
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());
const hoursText = (days: Array<{ opens: string; closes: string }>) =>
  days.map((hours, day) => (hours.opens ? `${WEEKDAY_CODES[day]} ${hours.opens}-${hours.closes}` : null)).filter(Boolean).join(', ') || null;

async function recordVersion(
  trx: Transaction<DB>,
  user: SessionUser,
  serviceId: string,
  version: number,
  kind: 'edit' | 'capacity' | 'confirm',
  changes: Array<{ field: string; before: string | null; after: string | null }>,
) {
  await trx
    .updateTable('hsds_services')
    .set({ version: version + 1, updated_at: sql`now()` })
    .where('id', '=', serviceId)
    .execute();
  await trx.insertInto('service_listing_versions').values({ service_id: serviceId, version: version + 1, kind, changes: JSON.stringify(changes), changed_by: user.id }).execute();
  await enqueueJob(trx, 'search.sync-services', { serviceIds: [serviceId] });
}

async function conflict(db: Database, user: SessionUser, serviceId: string): Promise<ListingResult> {
  const current = await getEditableListing(db, user, serviceId);
  return current ? { ok: false, status: 409, message: STALE_COPY, current } : { ok: false, status: 404 };
}

/** Saves the listing form: only what changed is written (and versioned); a stale copy gets 409 and the current listing. */
export async function updateListing(db: Database, user: SessionUser, serviceId: string, input: ListingInput): Promise<ListingResult> {
  const outcome = await db.transaction().execute(async (trx): Promise<ListingResult | 'stale'> => {
    const row = await ownService(trx, user, serviceId, true);
    if (!row) return { ok: false, status: 404 };
    if (row.version !== input.version) return 'stale';
    const kids = await children(trx, row.id);
    const changes: Array<{ field: string; before: string | null; after: string | null }> = [];
    const values = input as unknown as Record<string, string>;

    const serviceFields: Record<string, string | null> = {};
    const compare: Array<[string, string | null, string]> = [
      ['description', row.description, input.description],
      ['eligibility_description', row.eligibility_description, input.eligibility],
      ['minimum_age', row.minimum_age, input.minimumAge],
      ['maximum_age', row.maximum_age, input.maximumAge],
      ['fees_description', row.fees_description, input.fees],
      ['application_process', row.application_process, input.applicationProcess],
    ];
    for (const [field, before, after] of compare) {
      const next = orNull(after);
      const previous = before === null ? null : field.endsWith('_age') ? String(Number(before)) : before;
      if (previous !== next) {
        serviceFields[field] = next;
        changes.push({ field, before, after: next });
      }
    }

    const phoneChanges: string[] = [];
    for (let index = 0; index < MAX_PHONES; index++) {
      const number = orNull(values[`phone_${index}_number`]);
      const next = { number, extension: orNull(values[`phone_${index}_extension`]), description: orNull(values[`phone_${index}_description`]) };
      const existing = kids.phones[index];
      if (existing && !number) {
        await deleteHsdsRow(trx, user, 'phone', existing.id);
        phoneChanges.push(`- ${existing.number}`);
      } else if (existing) {
        const fields: Record<string, string | null> = {};
        for (const key of ['number', 'extension', 'description'] as const) if ((existing[key] ?? null) !== next[key]) fields[key] = next[key];
        if (Object.keys(fields).length) {
          await updateHsdsRow(trx, user, 'phone', existing.id, fields);
          phoneChanges.push(`${existing.number} → ${number}${next.extension ? ` x${next.extension}` : ''}`);
        }
      } else if (number) {
        await insertHsdsRow(trx, user, 'phone', { service_id: row.id, number, extension: next.extension, description: next.description, type: 'voice' });
        phoneChanges.push(`+ ${number}`);
      }
    }
    if (phoneChanges.length) changes.push({ field: 'phones', before: kids.phones.map((phone) => phone.number).join(', ') || null, after: phoneChanges.join('; ') });

    const before = hoursByDay(kids.schedules);
    const after = WEEKDAY_CODES.map((_, day) => ({ opens: values[`opens_${day}`], closes: values[`closes_${day}`] }));
    if (hoursText(before) !== hoursText(after)) {
      for (const schedule of kids.schedules) await deleteHsdsRow(trx, user, 'schedule', schedule.id);
      // One weekly rule per distinct pair of times, listing its days.
      const groups = new Map<string, string[]>();
      after.forEach((hours, day) => {
        if (!hours.opens) return;
        const key = `${hours.opens}|${hours.closes}`;
        groups.set(key, [...(groups.get(key) ?? []), WEEKDAY_CODES[day]]);
      });
      for (const [key, days] of groups) {
        const [opens, closes] = key.split('|');
        await insertHsdsRow(trx, user, 'schedule', { service_id: row.id, freq: 'WEEKLY', byday: days.join(','), opens_at: opens, closes_at: closes });
      }
      changes.push({ field: 'hours', before: hoursText(before), after: hoursText(after) });
    }

    const currentCodes = new Set(kids.languages.map((language) => language.code));
    const wanted = new Set(input.languages);
    const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
    for (const language of kids.languages) if (!language.code || !wanted.has(language.code)) await deleteHsdsRow(trx, user, 'language', language.id);
    for (const code of wanted) if (!currentCodes.has(code)) await insertHsdsRow(trx, user, 'language', { service_id: row.id, code, name: languageNames.of(code) ?? code });
    const languagesBefore = [...currentCodes].filter(Boolean).sort().join(', ');
    const languagesAfter = [...wanted].sort().join(', ');
    if (languagesBefore !== languagesAfter) changes.push({ field: 'languages', before: languagesBefore || null, after: languagesAfter || null });

    const zone = orNull(input.timeZone);
    if (zone !== row.time_zone) {
      // CareLoop's own setting for the organisation (not an HSDS field): the zone all its hours are read in.
      await trx.updateTable('hsds_organizations').set({ time_zone: zone }).where('id', '=', row.organization_id).execute();
      changes.push({ field: 'time_zone', before: row.time_zone, after: zone });
    }

    if (changes.length === 0) return { ok: true, version: row.version, changed: 0 };
    await updateHsdsRow(trx, user, 'service', row.id, { ...serviceFields, last_modified: new Date().toISOString() });
    await recordVersion(trx, user, row.id, row.version, 'edit', changes);
    return { ok: true, version: row.version + 1, changed: changes.length };
  });
  return outcome === 'stale' ? conflict(db, user, serviceId) : outcome;
}

export async function setCapacity(db: Database, user: SessionUser, serviceId: string, input: CapacityInput): Promise<ListingResult> {
  const outcome = await db.transaction().execute(async (trx): Promise<ListingResult | 'stale'> => {
    const row = await ownService(trx, user, serviceId, true);
    if (!row) return { ok: false, status: 404 };
    if (row.version !== input.version) return 'stale';
    const note = orNull(input.note);
    const until = orNull(input.until);
    await trx
      .updateTable('hsds_services')
      .set({ capacity_status: input.status, capacity_note: note, capacity_until: until, capacity_updated_at: sql`now()` })
      .where('id', '=', row.id)
      .execute();
    const describe = (status: string, text: string | null, day: string | null) => [status, text, day ? `until ${day}` : null].filter(Boolean).join(' · ');
    await recordVersion(trx, user, row.id, row.version, 'capacity', [
      { field: 'capacity', before: describe(row.capacity_status, row.capacity_note, row.capacity_until), after: describe(input.status, note, until) },
    ]);
    return { ok: true, version: row.version + 1, changed: 1 };
  });
  return outcome === 'stale' ? conflict(db, user, serviceId) : outcome;
}

/** "Still accurate": the listing is confirmed today by this person (HSDS assured_date and assurer_email). */
export async function confirmListing(db: Database, user: SessionUser, serviceId: string, version: number): Promise<ListingResult> {
  const outcome = await db.transaction().execute(async (trx): Promise<ListingResult | 'stale'> => {
    const row = await ownService(trx, user, serviceId, true);
    if (!row) return { ok: false, status: 404 };
    if (row.version !== version) return 'stale';
    const today = new Date().toISOString().slice(0, 10);
    await updateHsdsRow(trx, user, 'service', row.id, { assured_date: today, assurer_email: user.email });
    await trx.updateTable('hsds_services').set({ last_verified_at: sql`now()`, last_verified_by: user.id }).where('id', '=', row.id).execute();
    await recordVersion(trx, user, row.id, row.version, 'confirm', [{ field: 'assured_date', before: null, after: today }]);
    return { ok: true, version: row.version + 1, changed: 1 };
  });
  return outcome === 'stale' ? conflict(db, user, serviceId) : outcome;
}

export interface StaleOrganization {
  hsdsOrganizationId: string;
  name: string;
  staleServices: number;
  oldestVerified: string | null;
  /** The CareLoop organisation that keeps these listings; null when it is not on CareLoop (no one to remind). */
  organizationId: string | null;
  contactEmail: string | null;
}

/** The platform admins' queue: organisations with listings not confirmed for 180 days, most stale first. */
export async function staleListingQueue(db: Database, options: { onCareLoopOnly: boolean; limit: number; offset: number }): Promise<{ rows: StaleOrganization[]; total: number }> {
  const stale = sql<boolean>`coalesce(s.last_verified_at, s.assured_date::timestamptz, '-infinity') < now() - make_interval(days => ${STALE_AFTER_DAYS})`;
  const onCareLoop = options.onCareLoopOnly ? sql`AND receiving.id IS NOT NULL` : sql``;
  const { rows } = await sql<{
    hsds_organization_id: string;
    name: string;
    stale_services: number;
    oldest: Date | null;
    organization_id: string | null;
    email: string | null;
    total: number;
  }>`
    SELECT o.id AS hsds_organization_id, o.name, count(*)::int AS stale_services,
      min(coalesce(s.last_verified_at, s.assured_date::timestamptz)) AS oldest, receiving.id AS organization_id, o.email,
      count(*) OVER ()::int AS total
    FROM hsds_services s JOIN hsds_organizations o ON o.id = s.organization_id
    LEFT JOIN organizations receiving ON receiving.hsds_organization_id = o.id AND receiving.kind = 'receiving'
    WHERE ${stale} ${onCareLoop}
    GROUP BY o.id, o.name, receiving.id, o.email
    ORDER BY (receiving.id IS NULL), oldest ASC NULLS FIRST, o.name
    LIMIT ${options.limit} OFFSET ${options.offset}`.execute(db);
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map((row) => ({
      hsdsOrganizationId: row.hsds_organization_id,
      name: plainText(row.name) ?? row.name,
      staleServices: row.stale_services,
      oldestVerified: row.oldest ? row.oldest.toISOString() : null,
      organizationId: row.organization_id,
      contactEmail: row.email,
    })),
  };
}

/** A reminder to the organisation's admins (at most one a day per organisation). */
export async function sendStaleReminder(db: Database, admin: SessionUser, organizationId: string): Promise<boolean> {
  if (!isUuid(organizationId)) return false;
  const organization = await db.selectFrom('organizations').select('id').where('id', '=', organizationId).where('kind', '=', 'receiving').executeTakeFirst();
  if (!organization) return false;
  const day = new Date().toISOString().slice(0, 10);
  await queueNotification(db, { kind: 'listing.stale', eventKey: `listing-stale:${organization.id}:reminder:${day}`, subjectId: organization.id, actorUserId: admin.id });
  return true;
}
