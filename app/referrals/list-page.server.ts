// The caseload and the inbox pages: filters from the query string, the name search posted (a name
// never goes in a URL), the counts per tab, and the choices of the filter form.
import { data } from '@remix-run/node';
import { requireCsrf } from '../auth/csrf.server.js';
import { requireUserWithPermission } from '../auth/guards.server.js';
import type { UserSession } from '../auth/session.server.js';
import { fieldErrorsOf, formValues } from '../components/forms.js';
import { getDb } from '../db.server.js';
import { requestId } from '../log.server.js';
import { listAssignableStaff } from './assignment.server.js';
import { nameSearchSchema, parseListFilters } from './list-filters.js';
import { listCounterparts, listReferrals, type ListView } from './lists.server.js';

const PERMISSION = { caseload: 'read:caseload', inbox: 'work:inbox' } as const;
/** "My caseload" first for the clinic; the whole inbox for the community organisation. */
export const DEFAULT_SCOPE = { caseload: 'mine', inbox: 'all' } as const;

async function listPage(request: Request, session: UserSession, view: ListView, q?: string, posted?: FormData) {
  const { user } = session;
  const db = getDb();
  // The search form carries the list's filters along, so that a search stays in the tab it was made from.
  const params = new URLSearchParams(new URL(request.url).search);
  for (const [key, value] of posted ?? []) if (key !== 'q' && key !== 'csrf' && typeof value === 'string') params.set(key, value);
  const filters = parseListFilters(params, DEFAULT_SCOPE[view]);
  const [list, counterparts, staff] = await Promise.all([
    listReferrals(db, user, view, filters, { q, requestId: requestId(request) }),
    listCounterparts(db, user, view),
    listAssignableStaff(db, user.organizationId, view === 'caseload' ? 'referring' : 'receiving'),
  ]);
  return { ...list, filters, counterparts, staff, organization: user.organizationName, q: q ?? '' };
}

export async function loadReferralList(request: Request, view: ListView) {
  const session = await requireUserWithPermission(request, PERMISSION[view]);
  return data({ ...(await listPage(request, session, view)), fieldErrors: {} as Record<string, string> });
}

/** The posted name search: the same page, narrowed to patients whose name matches. */
export async function searchReferralList(request: Request, view: ListView) {
  const session = await requireUserWithPermission(request, PERMISSION[view]);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const parsed = nameSearchSchema.safeParse(formValues(formData));
  if (!parsed.success) {
    return data({ ...(await listPage(request, session, view, undefined, formData)), fieldErrors: fieldErrorsOf(parsed.error) }, { status: 400 });
  }
  return data({ ...(await listPage(request, session, view, parsed.data.q || undefined, formData)), fieldErrors: {} as Record<string, string> });
}
