import { sql } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../../db/pool.js';
import type { SessionUser } from '../auth/session.server.js';
import { getDb, getPlatformDb } from '../db.server.js';
import { recordAudit } from './audit.server.js';
import type { AuditFilters } from './audit-filters.js';

export const AUDIT_PAGE_SIZE = 100;
const MAX_EXPORT_ROWS = 50_000;

export interface AuditTrailEntry {
  id: string;
  at: string;
  chainPosition: string;
  organization: string | null;
  userName: string | null;
  userEmail: string | null;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  patientId: string | null;
  /** Only for the patient's own organisation's admin; a platform admin sees the id. */
  patientName: string | null;
  clientAddress: string | null;
  userAgent: string | null;
  sessionId: string | null;
  requestId: string | null;
}

/**
 * An organisation admin reads their organisation's trail through the app's role (row-level security
 * keeps it to theirs); a platform admin reads every organisation's through the platform role.
 */
function trailSource(viewer: SessionUser): { db: Database; organizationId: string | null; allOrganizations: boolean } {
  if (viewer.role === 'platform_admin') return { db: getPlatformDb(), organizationId: null, allOrganizations: true };
  return { db: getDb(), organizationId: viewer.organizationId, allOrganizations: false };
}

function trailQuery(viewer: SessionUser, filters: AuditFilters) {
  const source = trailSource(viewer);
  let query = source.db
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.user_id')
    .leftJoin('organizations', 'organizations.id', 'audit_events.organization_id')
    .leftJoin('patients', 'patients.id', 'audit_events.patient_id')
    .select([
      sql<string>`audit_events.id::text`.as('id'),
      'audit_events.occurred_at',
      sql<string>`audit_events.chain_seq::text`.as('chain_seq'),
      'organizations.name as organization_name',
      'users.full_name',
      'users.email',
      'audit_events.actor',
      'audit_events.action',
      'audit_events.entity_type',
      'audit_events.entity_id',
      'audit_events.patient_id',
      'patients.given_name',
      'patients.family_name',
      'patients.organization_id as patient_organization_id',
      'audit_events.client_address',
      'audit_events.user_agent',
      'audit_events.session_id',
      'audit_events.request_id',
    ]);
  if (source.organizationId) query = query.where('audit_events.organization_id', '=', source.organizationId);
  else if (filters.organizationId) query = query.where('audit_events.organization_id', '=', filters.organizationId);
  if (filters.patientId) query = query.where('audit_events.patient_id', '=', filters.patientId);
  if (filters.userId) query = query.where('audit_events.user_id', '=', filters.userId);
  // Dates are days in the viewer's organisation's time zone.
  const zone = viewer.organizationTimeZone;
  if (filters.from) query = query.where('audit_events.occurred_at', '>=', sql<Date>`(${filters.from}::date)::timestamp AT TIME ZONE ${zone}`);
  if (filters.to) query = query.where('audit_events.occurred_at', '<', sql<Date>`((${filters.to}::date) + 1)::timestamp AT TIME ZONE ${zone}`);
  return { query, source };
}

type TrailRow = Awaited<ReturnType<ReturnType<typeof trailQuery>['query']['execute']>>[number];

function toEntry(viewer: SessionUser, row: TrailRow): AuditTrailEntry {
  const ownPatient = viewer.role !== 'platform_admin' && row.patient_organization_id === viewer.organizationId;
  return {
    id: row.id,
    at: row.occurred_at.toISOString(),
    chainPosition: row.chain_seq,
    organization: row.organization_name,
    userName: row.full_name,
    userEmail: row.email,
    actor: row.actor,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    patientId: row.patient_id,
    patientName: ownPatient && row.given_name ? `${row.given_name} ${row.family_name}` : null,
    clientAddress: row.client_address,
    userAgent: row.user_agent,
    sessionId: row.session_id,
    requestId: row.request_id,
  };
}

/** Looking at the trail is itself in the trail, with the filters used. */
function recordTrailAccess(viewer: SessionUser, filters: AuditFilters, action: 'read' | 'download') {
  const described = Object.entries(filters)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${value}`)
    .join('&')
    .slice(0, 300);
  return recordAudit(getDb(), { user: viewer, patientId: filters.patientId ?? null, action, entityType: 'audit-trail', entityId: described || null });
}

/** One page of the trail, newest first (`before`: the last id of the previous page); the viewing is audited. */
export async function listAuditTrail(viewer: SessionUser, filters: AuditFilters, before?: string): Promise<{ entries: AuditTrailEntry[]; more: boolean }> {
  const { query } = trailQuery(viewer, filters);
  const rows = await (before ? query.where('audit_events.id', '<', before) : query)
    .orderBy('audit_events.id', 'desc')
    .limit(AUDIT_PAGE_SIZE + 1)
    .execute();
  await recordTrailAccess(viewer, filters, 'read');
  return { entries: rows.slice(0, AUDIT_PAGE_SIZE).map((row) => toEntry(viewer, row)), more: rows.length > AUDIT_PAGE_SIZE };
}

const CSV_COLUMNS: Array<[keyof AuditTrailEntry, string]> = [
  ['at', 'occurred_at'],
  ['chainPosition', 'chain_position'],
  ['organization', 'organization'],
  ['userName', 'user'],
  ['userEmail', 'user_email'],
  ['actor', 'actor'],
  ['action', 'action'],
  ['entityType', 'entity_type'],
  ['entityId', 'entity_id'],
  ['patientId', 'patient_id'],
  ['patientName', 'patient_name'],
  ['clientAddress', 'client_address'],
  ['userAgent', 'user_agent'],
  ['sessionId', 'session_id'],
  ['requestId', 'request_id'],
];

/**
 * The filtered trail as CSV (oldest first), audited as a download. Cells that a spreadsheet would
 * run as a formula (=, +, -, @ …) are prefixed with an apostrophe.
 */
export async function exportAuditTrail(viewer: SessionUser, filters: AuditFilters): Promise<{ csv: string; rows: number }> {
  const { query } = trailQuery(viewer, filters);
  const rows = await query.orderBy('audit_events.id', 'asc').limit(MAX_EXPORT_ROWS).execute();
  await recordTrailAccess(viewer, filters, 'download');
  const entries = rows.map((row) => toEntry(viewer, row));
  const csv = stringify(
    entries.map((entry) => CSV_COLUMNS.map(([key]) => neutralise(entry[key]))),
    { header: true, columns: CSV_COLUMNS.map(([, header]) => header), bom: true },
  );
  return { csv, rows: entries.length };
}

const neutralise = (value: string | null) => (value && /^[=+\-@\t\r]/.test(value) ? `'${value}` : (value ?? ''));

export interface AuditFilterChoices {
  users: Array<{ id: string; name: string }>;
  organizations: Array<{ id: string; name: string }>;
  patientName: string | null;
}

/** What the viewer can filter by: their organisation's users (every organisation, for a platform admin). */
export async function auditFilterChoices(viewer: SessionUser, filters: AuditFilters): Promise<AuditFilterChoices> {
  const { db, allOrganizations } = trailSource(viewer);
  let users = db.selectFrom('users').select(['id', 'full_name as name']).orderBy('full_name');
  if (!allOrganizations) users = users.where('organization_id', '=', viewer.organizationId);
  else if (filters.organizationId) users = users.where('organization_id', '=', filters.organizationId);
  const organizations = allOrganizations ? await db.selectFrom('organizations').select(['id', 'name']).orderBy('name').execute() : [];
  let patientName: string | null = null;
  if (filters.patientId && !allOrganizations) {
    const patient = await getDb()
      .selectFrom('patients')
      .select(['given_name', 'family_name'])
      .where('id', '=', filters.patientId)
      .where('organization_id', '=', viewer.organizationId)
      .executeTakeFirst();
    patientName = patient ? `${patient.given_name} ${patient.family_name}` : null;
  }
  return { users: await users.execute(), organizations, patientName };
}
