// The scheduled look at open referrals: which got no answer within the receiving organisation's
// response window (overdue), which have not changed for STUCK_AFTER_DAYS (stuck), and which lost
// their consent. Read-only; the job that calls these decides whom to tell.
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { businessDaysSince } from './business-days.js';

export const STUCK_AFTER_DAYS = 14;
const ACTIVE_STATUSES = ['accepted', 'in-progress', 'on-hold'] as const;

export interface FlaggedReferral {
  referralId: string;
  version: number;
}

/** Requested referrals whose receiving organisation has let its response window pass. */
export async function findOverdueReferrals(db: Database, now = new Date()): Promise<FlaggedReferral[]> {
  // Business days are never fewer than calendar days, so the calendar window is a safe first cut.
  const rows = await db
    .selectFrom('referrals')
    .innerJoin('organizations as receiving', 'receiving.id', 'referrals.receiving_organization_id')
    .select(['referrals.id', 'referrals.version', 'referrals.created_at', 'receiving.response_window_business_days'])
    .where('referrals.status', '=', 'requested')
    .where(sql<boolean>`referrals.created_at < ${now}::timestamptz - make_interval(days => receiving.response_window_business_days)`)
    .execute();
  return rows
    .filter((row) => businessDaysSince(row.created_at, now) > row.response_window_business_days)
    .map((row) => ({ referralId: row.id, version: row.version }));
}

/** Accepted, in-progress or on-hold referrals without any change for STUCK_AFTER_DAYS. */
export async function findStuckReferrals(db: Database, now = new Date()): Promise<FlaggedReferral[]> {
  const rows = await db
    .selectFrom('referrals')
    .select(['id', 'version'])
    .where('status', 'in', ACTIVE_STATUSES)
    .where('updated_at', '<', sql<Date>`${now}::timestamptz - make_interval(days => ${STUCK_AFTER_DAYS})`)
    .execute();
  return rows.map((row) => ({ referralId: row.id, version: row.version }));
}

/** Open referrals whose consent ended before today in the referring organisation's time zone. */
export async function findReferralsWithExpiredConsent(db: Database, now = new Date()): Promise<Array<{ referralId: string; consentId: string }>> {
  const rows = await db
    .selectFrom('referrals')
    .innerJoin('consents', 'consents.id', 'referrals.consent_id')
    .innerJoin('organizations', 'organizations.id', 'referrals.organization_id')
    .select(['referrals.id', 'consents.id as consent_id'])
    .where('referrals.status', 'in', ['requested', ...ACTIVE_STATUSES])
    .where(sql<boolean>`consents.expires_on < (${now}::timestamptz AT TIME ZONE organizations.time_zone)::date`)
    .execute();
  return rows.map((row) => ({ referralId: row.id, consentId: row.consent_id }));
}
