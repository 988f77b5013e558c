// What every report page does before its measures: the guard, whose figures (the reader's own
// organisation, or the platform in aggregate), the filters from the URL, and how fresh the facts are.
import { data } from '@remix-run/node';
import type { Database } from '../../db/pool.js';
import { recordAudit } from '../audit/audit.server.js';
import { requireUserWithPermission } from '../auth/guards.server.js';
import type { SessionUser } from '../auth/session.server.js';
import { getDb, getPlatformDb } from '../db.server.js';
import { requestId } from '../log.server.js';
import { csvFilename, csvResponse } from './csv.server.js';
import { localDate, parseReportFilters, type FilterErrors, type ReportFilters } from './filters.js';
import type { ReportQuery, ReportScope } from './queries.server.js';
import { lastRefresh } from './refresh.server.js';
import { csvRows, type ReportTable } from './tables.js';

export type ReportPage = 'screening' | 'intervention' | 'funnel' | 'outcomes';

/** Which reports each kind of organisation has: a community organisation neither screens nor refers. */
export const PAGES_BY_SIDE: Record<ReportScope['side'], readonly ReportPage[]> = {
  referring: ['screening', 'intervention', 'funnel', 'outcomes'],
  receiving: ['funnel', 'outcomes'],
  platform: ['screening', 'intervention', 'funnel', 'outcomes'],
};

export interface ReportContext {
  /** Where the figures are read: the reader's organisation under row-level security, or for a platform admin the platform role. */
  db: Database;
  /** Where the reader's own audit rows go. */
  auditDb: Database;
  user: SessionUser;
  query: ReportQuery;
  errors: FilterErrors;
  /** For platform admins: the organisations they may narrow the report to. */
  organizations: Array<{ id: string; name: string; kind: string }>;
  refreshedAt: string | null;
  pages: readonly ReportPage[];
}

function notFound(): never {
  throw data({ message: 'Not found' }, { status: 404, statusText: 'Not found' });
}

export async function loadReportContext(request: Request, page: ReportPage | 'dashboard'): Promise<ReportContext> {
  const auditDb = getDb();
  const { user } = await requireUserWithPermission(request, 'read:reports', auditDb);
  // A platform admin's figures span organisations: read through the platform role's own policies.
  const db = user.role === 'platform_admin' ? getPlatformDb() : auditDb;
  const today = localDate(new Date(), user.organizationTimeZone);
  const { filters, errors } = parseReportFilters(new URL(request.url).searchParams, today);
  let scope: ReportScope;
  let organizations: ReportContext['organizations'] = [];
  if (user.role === 'platform_admin') {
    organizations = await db.selectFrom('organizations').select(['id', 'name', 'kind']).where('kind', '!=', 'platform').orderBy('name').execute();
    const chosen = filters.organizationId ? organizations.find((organization) => organization.id === filters.organizationId) : undefined;
    if (filters.organizationId && !chosen) {
      errors.organization = 'Choose an organisation from the list.';
      filters.organizationId = null;
    }
    scope = chosen ? { organizationId: chosen.id, side: chosen.kind === 'receiving' ? 'receiving' : 'referring' } : { organizationId: null, side: 'platform' };
  } else {
    // Staff always see their own organisation, whatever the URL says.
    filters.organizationId = null;
    scope = { organizationId: user.organizationId, side: user.organizationKind === 'receiving' ? 'receiving' : 'referring' };
  }
  const pages = PAGES_BY_SIDE[scope.side];
  if (page !== 'dashboard' && !pages.includes(page)) notFound();
  const refresh = await lastRefresh(db);
  return { db, auditDb, user, query: { scope, filters, today }, errors, organizations, refreshedAt: refresh?.finishedAt ?? null, pages };
}

/** The CSV a table asked for by `?format=csv&table=`, audited as an export; null for the page itself. */
export async function tableCsv(
  request: Request,
  context: ReportContext,
  report: ReportPage,
  tables: readonly ReportTable[],
): Promise<Response | null> {
  const url = new URL(request.url);
  if (url.searchParams.get('format') !== 'csv') return null;
  const id = url.searchParams.get('table') ?? tables[0]?.id;
  const chosen = tables.find((table) => table.id === id);
  if (!chosen) notFound();
  await recordAudit(context.auditDb, {
    user: context.user,
    patientId: null,
    action: 'export',
    entityType: 'report',
    entityId: `${report}/${chosen.id}`,
    requestId: requestId(request),
  });
  return csvResponse(csvFilename(report, chosen.id, context.query.filters), chosen.columns, csvRows(chosen));
}

export type { ReportFilters };
