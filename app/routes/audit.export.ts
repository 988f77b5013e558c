import type { LoaderFunctionArgs } from '@remix-run/node';
import { parseAuditFilters } from '~/audit/audit-filters';
import { exportAuditTrail } from '~/audit/audit-trail.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { requireRecentVerification } from '~/auth/session.server';

// A resource route: Response, not data(), so that the status and headers reach the browser.
export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireUserWithPermission(request, 'read:audit');
  requireRecentVerification(request, session);
  const { user } = session;
  const parsed = parseAuditFilters(new URL(request.url).searchParams);
  if (!parsed.success) return new Response('Check the filters of the audit trail and try again.', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const { csv } = await exportAuditTrail(user, parsed.data);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="careloop-audit-trail-${day}.csv"`,
    },
  });
}
