// The scheduled look at open referrals and tasks: which got no answer within the receiving
// organisation's response window (overdue: its business days, time zone and holidays, fixed when
// the referral was sent), which have had no update for STUCK_AFTER_DAYS (stuck), which lost their
// consent, and which follow-up tasks fell due. Read-only; the job that calls these decides whom to tell.
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { STUCK_AFTER_DAYS } from './business-days.js';

export { STUCK_AFTER_DAYS };
const ACTIVE_STATUSES = ['accepted', 'in-progress', 'on-hold'] as const;

export interface FlaggedReferral {
  referralId: string;
  version: number;
}

/** Requested referrals whose receiving organisation has let its response window pass. */
export async function findOverdueReferrals(db: Database, now = new Date()): Promise<FlaggedReferral[]> {
  const rows = await db
    .selectFrom('referrals')
    .select(['id', 'version'])
    .where('status', '=', 'requested')
    .where('response_due_at', '<=', now)
    .execute();
  return rows.map((row) => ({ referralId: row.id, version: row.version }));
}

/** Accepted, in-progress or on-hold referrals without any update (status, message, attempt) for STUCK_AFTER_DAYS. */
export async function findStuckReferrals(db: Database, now = new Date()): Promise<FlaggedReferral[]> {
  const rows = await db
    .selectFrom('referrals')
    .select(['id', 'version'])
    .where('status', 'in', ACTIVE_STATUSES)
    .where('last_activity_at', '<=', sql<Date>`${now}::timestamptz - make_interval(days => ${STUCK_AFTER_DAYS})`)
    .execute();
  return rows.map((row) => ({ referralId: row.id, version: row.version }));
}

/** Open referrals whose consent ended before today in the referring organisation's time zone (withdrawn consent is told at once). */
export async function findReferralsWithExpiredConsent(db: Database, now = new Date()): Promise<Array<{ referralId: string; consentId: string }>> {
  const rows = await db
    .selectFrom('referrals')
    .innerJoin('consents', 'consents.id', 'referrals.consent_id')
    .innerJoin('organizations', 'organizations.id', 'referrals.organization_id')
    .select(['referrals.id', 'consents.id as consent_id'])
    .where('referrals.status', 'in', ['requested', ...ACTIVE_STATUSES])
    .where('consents.withdrawn_at', 'is', null)
    .where(sql<boolean>`consents.expires_on < (${now}::timestamptz AT TIME ZONE organizations.time_zone)::date`)
    .execute();
  return rows.map((row) => ({ referralId: row.id, consentId: row.consent_id }));
}

/** Open follow-up tasks due today or earlier in their organisation's time zone. */
export async function findDueTasks(db: Database, now = new Date()): Promise<Array<{ taskId: string }>> {
  const rows = await db
    .selectFrom('follow_up_tasks')
    .innerJoin('organizations', 'organizations.id', 'follow_up_tasks.organization_id')
    .select('follow_up_tasks.id')
    .where('follow_up_tasks.status', '=', 'open')
    .where(sql<boolean>`follow_up_tasks.due_on <= (${now}::timestamptz AT TIME ZONE organizations.time_zone)::date`)
    .execute();
  return rows.map((row) => ({ taskId: row.id }));
}
