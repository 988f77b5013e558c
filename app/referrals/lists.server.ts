// The caseload (referrals an organisation sent, unmanaged ones included) and the inbox (referrals it
// received): tabs with counts, filters, sorting, pages. Filters are EXISTS conditions on the referral
// row, so the counts never join more than they need; the page of rows is joined for display.
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';
import { STUCK_AFTER_DAYS, addDays, isOverdue, isStuck, localDate, startOfLocalDay } from './business-days.js';
import { consentState, visibleItems, type ConsentState } from './consent.js';
import { CLOSED_STATUSES, OPEN_STATUSES, type ReferralStatus, type Side } from './lifecycle.js';
import { LIST_TABS, PAGE_SIZE, type ListFilters, type ListTab } from './list-filters.js';
import { SAFETY_CATEGORIES, receivingSideMaySeeNeed } from '../screening/safety.js';

export type ListView = 'caseload' | 'inbox';

export interface ReferralListEntry {
  id: string;
  status: ReferralStatus;
  managed: boolean;
  serviceName: string;
  counterpart: string;
  patientName: string | null;
  needCategory: string | null;
  sentAt: string;
  lastActivityAt: string;
  responseDueAt: string | null;
  overdue: boolean;
  stuck: boolean;
  assignee: string | null;
  unreadMessages: number;
  consentState: ConsentState;
}

export interface ReferralList {
  referrals: ReferralListEntry[];
  counts: Record<ListTab, number>;
  total: number;
  page: number;
  pageCount: number;
}

const ACTIVE: ReferralStatus[] = ['accepted', 'in-progress', 'on-hold'];

type Where = ExpressionBuilder<DB, 'referrals'>;

/** Consent of this referral still lets the receiving side see `item`. */
function consentShares(eb: Where, item: string) {
  return eb.exists(
    eb
      .selectFrom('consents')
      .innerJoin('organizations as consent_org', 'consent_org.id', 'consents.organization_id')
      .select(sql`1`.as('one'))
      .whereRef('consents.id', '=', 'referrals.consent_id')
      .where('consents.withdrawn_at', 'is', null)
      .where(sql<boolean>`${item} = ANY (consents.shared_items)`)
      .where(sql<boolean>`consents.expires_on >= (now() AT TIME ZONE consent_org.time_zone)::date`),
  );
}

function tabCondition(eb: Where, tab: ListTab) {
  switch (tab) {
    case 'open':
      return eb('referrals.status', 'in', OPEN_STATUSES);
    case 'new':
      return eb('referrals.status', '=', 'requested');
    case 'accepted':
    case 'in-progress':
    case 'on-hold':
      return eb('referrals.status', '=', tab);
    case 'overdue':
      return eb.and([eb('referrals.status', '=', 'requested'), eb('referrals.response_due_at', '<=', sql<Date>`now()`)]);
    case 'stuck':
      return eb.and([
        eb('referrals.status', 'in', ACTIVE),
        eb('referrals.last_activity_at', '<=', sql<Date>`now() - make_interval(days => ${STUCK_AFTER_DAYS})`),
      ]);
    case 'closed':
      return eb('referrals.status', 'in', CLOSED_STATUSES);
    case 'all':
      return eb.val(true);
  }
}

function filtered<O>(query: SelectQueryBuilder<DB, 'referrals', O>, user: SessionUser, view: ListView, filters: ListFilters, q: string | undefined) {
  const receiving = view === 'inbox';
  let result = query.where(receiving ? 'referrals.receiving_organization_id' : 'referrals.organization_id', '=', user.organizationId);
  const assigneeColumn = receiving ? 'referrals.receiving_assigned_user_id' : 'referrals.assigned_user_id';
  if (filters.scope === 'mine') result = result.where(assigneeColumn, '=', user.id);
  if (filters.worker) result = result.where(assigneeColumn, '=', filters.worker);
  if (filters.organization) {
    if (receiving) result = result.where('referrals.organization_id', '=', filters.organization);
    else if (filters.organization === 'unmanaged') result = result.where('referrals.managed', '=', false);
    else result = result.where('referrals.receiving_organization_id', '=', filters.organization);
  }
  if (filters.need) {
    const category = filters.need;
    result = result.where((eb) =>
      eb.and([
        eb('referrals.need_category', '=', category),
        // The receiving side cannot learn a need the patient did not share by filtering on it.
        ...(receiving ? [consentShares(eb, 'need'), ...(SAFETY_CATEGORIES.has(category) ? [consentShares(eb, 'safety-need')] : [])] : []),
      ]),
    );
  }
  const timeZone = user.organizationTimeZone;
  if (filters.from) result = result.where('referrals.created_at', '>=', startOfLocalDay(filters.from, timeZone));
  if (filters.to) result = result.where('referrals.created_at', '<', startOfLocalDay(addDays(filters.to, 1), timeZone));
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    result = result.where((eb) =>
      eb.and([
        eb.exists(
          eb
            .selectFrom('patients')
            .select(sql`1`.as('one'))
            .whereRef('patients.id', '=', 'referrals.patient_id')
            .where(sql<boolean>`unaccent(patients.given_name || ' ' || patients.family_name) ILIKE unaccent(${pattern})`),
        ),
        ...(receiving ? [consentShares(eb, 'identity')] : []),
      ]),
    );
  }
  return result;
}

/**
 * One page of the caseload or the inbox with the count of every tab under the same filters. Each
 * referral shown is an audited read of its patient.
 */
export async function listReferrals(
  db: Database,
  user: SessionUser,
  view: ListView,
  filters: ListFilters,
  options: { q?: string; requestId?: string } = {},
): Promise<ReferralList> {
  const side: Side = view === 'caseload' ? 'referring' : 'receiving';
  const countRow = await filtered(db.selectFrom('referrals'), user, view, filters, options.q)
    .select((eb) => LIST_TABS.map((tab) => eb.fn.countAll<number>().filterWhere(tabCondition(eb, tab)).as(tab)))
    .executeTakeFirstOrThrow();
  const counts = Object.fromEntries(LIST_TABS.map((tab) => [tab, Number(countRow[tab])])) as Record<ListTab, number>;
  const total = counts[filters.tab];
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(filters.page, pageCount);

  // The page's ids first, on the referral rows alone (the indexes on organisation, status and
  // activity serve it); then only those 25 are joined for display.
  let pageQuery = filtered(db.selectFrom('referrals'), user, view, filters, options.q)
    .where((eb) => tabCondition(eb, filters.tab))
    .select('referrals.id');
  switch (filters.sort) {
    case 'sent':
      pageQuery = pageQuery.orderBy('referrals.created_at', 'desc');
      break;
    case 'oldest':
      pageQuery = pageQuery.orderBy('referrals.created_at', 'asc');
      break;
    case 'due':
      pageQuery = pageQuery.orderBy('referrals.response_due_at', (order) => order.asc().nullsLast()).orderBy('referrals.created_at', 'asc');
      break;
    default:
      pageQuery = pageQuery.orderBy('referrals.last_activity_at', 'desc');
  }
  const unordered = await db
    .with('page', () => pageQuery.orderBy('referrals.id').limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    .selectFrom('page')
    .innerJoin('referrals', 'referrals.id', 'page.id')
    .innerJoin('patients', 'patients.id', 'referrals.patient_id')
    .innerJoin('needs', 'needs.id', 'referrals.need_id')
    .innerJoin('consents', 'consents.id', 'referrals.consent_id')
    .innerJoin('organizations as referring', 'referring.id', 'referrals.organization_id')
    .leftJoin('users as assignee', 'assignee.id', view === 'caseload' ? 'referrals.assigned_user_id' : 'referrals.receiving_assigned_user_id')
    .select((eb) => [
      'referrals.id',
      'referrals.status',
      'referrals.managed',
      'referrals.service_name',
      'referrals.service_organization_name',
      'referrals.created_at',
      'referrals.last_activity_at',
      'referrals.response_due_at',
      'referrals.patient_id',
      'referring.name as referring_name',
      'referring.time_zone as referring_time_zone',
      'needs.category',
      'needs.domain',
      'patients.given_name',
      'patients.family_name',
      'patients.contact_preference',
      'consents.shared_items',
      'consents.expires_on',
      'consents.withdrawn_at',
      'assignee.full_name as assignee_name',
      eb
        .selectFrom('referral_messages')
        .select(eb.fn.countAll<number>().as('count'))
        .whereRef('referral_messages.referral_id', '=', 'referrals.id')
        .where('referral_messages.author_user_id', '<>', user.id)
        .where((inner) => inner.or([inner('referral_messages.internal', '=', false), inner('referral_messages.organization_id', '=', user.organizationId)]))
        .where(
          'referral_messages.created_at',
          '>',
          sql<Date>`coalesce((SELECT read_at FROM referral_reads WHERE referral_reads.referral_id = referrals.id AND referral_reads.user_id = ${user.id}), '-infinity')`,
        )
        .as('unread'),
    ])
    .execute();
  const sortKey = (row: (typeof unordered)[number]) => {
    if (filters.sort === 'sent') return -row.created_at.getTime();
    if (filters.sort === 'oldest') return row.created_at.getTime();
    if (filters.sort === 'due') return row.response_due_at?.getTime() ?? Number.MAX_SAFE_INTEGER;
    return -row.last_activity_at.getTime();
  };
  // The joined page in the page's order (the same keys, then the id).
  const rows = unordered.sort(
    (a, b) =>
      sortKey(a) - sortKey(b) ||
      (filters.sort === 'due' ? a.created_at.getTime() - b.created_at.getTime() : 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

  await recordAudit(
    db,
    rows.map((row) => ({ user, patientId: row.patient_id, action: 'read' as const, entityType: view, entityId: row.id, requestId: options.requestId })),
  );

  const referrals = rows.map((row): ReferralListEntry => {
    const state = consentState({ expiresOn: row.expires_on, withdrawnAt: row.withdrawn_at }, localDate(new Date(), row.referring_time_zone));
    const sees = visibleItems(side, { sharedItems: row.shared_items, state }, row.contact_preference === 'do-not-contact');
    const status = row.status as ReferralStatus;
    return {
      id: row.id,
      status,
      managed: row.managed,
      serviceName: row.service_name,
      counterpart: view === 'caseload' ? (row.service_organization_name ?? '') : row.referring_name,
      patientName: sees.has('identity') ? `${row.given_name} ${row.family_name}` : null,
      needCategory: side === 'referring' || receivingSideMaySeeNeed({ category: row.category, domain: row.domain }, [...sees]) ? row.category : null,
      sentAt: row.created_at.toISOString(),
      lastActivityAt: row.last_activity_at.toISOString(),
      responseDueAt: row.response_due_at?.toISOString() ?? null,
      overdue: isOverdue({ status, responseDueAt: row.response_due_at }),
      stuck: isStuck({ status, lastActivityAt: row.last_activity_at }),
      assignee: row.assignee_name,
      // After consent ends, the receiving side sees none of the conversation either.
      unreadMessages: side === 'receiving' && state !== 'active' ? 0 : Number(row.unread ?? 0),
      consentState: state,
    };
  });
  return { referrals, counts, total, page, pageCount };
}

/** The organisations a list can be filtered by: those the organisation sent to (caseload) or received from (inbox). */
export async function listCounterparts(db: Database, user: SessionUser, view: ListView): Promise<Array<{ id: string; name: string }>> {
  if (view === 'inbox') {
    return db
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('id', 'in', (eb) => eb.selectFrom('referrals').select('referrals.organization_id').distinct().where('referrals.receiving_organization_id', '=', user.organizationId))
      .orderBy('name')
      .execute();
  }
  return db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('kind', '=', 'receiving')
    .orderBy('name')
    .execute();
}
