import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { recordAudit } from '~/audit/audit.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { requireRecentVerification } from '~/auth/session.server';
import { requestId } from '~/log.server';
import { csvFilename, referralRowsResponse } from '~/reports/csv.server';
import { loadReportContext } from '~/reports/report-page.server';

/**
 * The de-identified row-level export: one row per referral the organisation sent. Only the
 * organisation the patients belong to gets rows; the platform sees aggregates only.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  // Rows derived from patients' records: the person confirms who they are first, as for every export of patient data.
  requireRecentVerification(request, await requireUserWithPermission(request, 'export:referral-rows'));
  const context = await loadReportContext(request, 'funnel');
  const { user, query } = context;
  if (query.scope.side !== 'referring' || !query.scope.organizationId) {
    throw data({ message: 'Not found' }, { status: 404, statusText: 'Not found' });
  }
  if (Object.keys(context.errors).length > 0) {
    throw data({ message: Object.values(context.errors)[0] }, { status: 400, statusText: 'Bad Request' });
  }
  await recordAudit(context.auditDb, { user, patientId: null, action: 'export', entityType: 'report', entityId: 'referrals.csv', requestId: requestId(request) });
  return referralRowsResponse(context.db, query.scope.organizationId, query.filters, csvFilename('referrals', 'rows', query.filters));
}
