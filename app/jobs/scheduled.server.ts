// The scheduled scans. Each finds what needs telling and dispatches it through the outbox; an
// event already dispatched has the same key and notifies nobody twice.
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { purgeExpiredSessions } from '../auth/session.server.js';
import { STALE_LISTING_DAYS } from '../notifications/dispatch.server.js';
import type { NotificationEvent } from '../notifications/events.js';
import { findDueTasks, findOverdueReferrals, findReferralsWithExpiredConsent, findStuckReferrals } from '../referrals/follow-up.server.js';
import { syncBatches } from '../../search/sync.js';
import { enqueueJob } from './outbox.server.js';

async function dispatchAll(db: Database, events: NotificationEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  await db.transaction().execute(async (trx) => {
    for (const event of events) await enqueueJob(trx, 'notifications.dispatch', event, { jobKey: `notify:${event.eventKey}` });
  });
  return events.length;
}

/** Only events nobody has been notified of yet: a scan every 15 minutes must not re-send. */
async function notYetNotified(db: Database, events: NotificationEvent[]): Promise<NotificationEvent[]> {
  if (events.length === 0) return events;
  const known = await db
    .selectFrom('notifications')
    .select('event_key')
    .distinct()
    .where('event_key', 'in', events.map((event) => event.eventKey))
    .execute();
  const done = new Set(known.map((row) => row.event_key));
  return events.filter((event) => !done.has(event.eventKey));
}

export async function scanOverdueReferrals(db: Database, now = new Date()): Promise<number> {
  const overdue = (await findOverdueReferrals(db, now)).map(
    (referral): NotificationEvent => ({ kind: 'referral.overdue', eventKey: `referral:${referral.referralId}:overdue`, subjectId: referral.referralId }),
  );
  // Stuck again after a later update is a new event: the key carries the version.
  const stuck = (await findStuckReferrals(db, now)).map(
    (referral): NotificationEvent => ({
      kind: 'referral.stuck',
      eventKey: `referral:${referral.referralId}:stuck:v${referral.version}`,
      subjectId: referral.referralId,
    }),
  );
  return dispatchAll(db, await notYetNotified(db, [...overdue, ...stuck]));
}

export async function scanExpiredConsents(db: Database, now = new Date()): Promise<number> {
  const events = (await findReferralsWithExpiredConsent(db, now)).map(
    (row): NotificationEvent => ({ kind: 'consent.expired', eventKey: `consent:${row.consentId}:expired`, subjectId: row.referralId }),
  );
  return dispatchAll(db, await notYetNotified(db, events));
}

/** Follow-up tasks that fell due: their assignee hears of each once. */
export async function scanDueTasks(db: Database, now = new Date()): Promise<number> {
  const events = (await findDueTasks(db, now)).map(
    (task): NotificationEvent => ({ kind: 'follow-up.due', eventKey: `follow-up:${task.taskId}:due`, subjectId: task.taskId }),
  );
  return dispatchAll(db, await notYetNotified(db, events));
}

/** Receiving organisations with listings unconfirmed for 180 days; reminded once a month. */
export async function scanStaleListings(db: Database, now = new Date()): Promise<number> {
  const rows = await db
    .selectFrom('organizations')
    .innerJoin('hsds_services', 'hsds_services.organization_id', 'organizations.hsds_organization_id')
    .select('organizations.id')
    .distinct()
    .where('organizations.kind', '=', 'receiving')
    .where(sql<boolean>`coalesce(hsds_services.last_verified_at, hsds_services.assured_date::timestamptz, '-infinity') < ${now}::timestamptz - make_interval(days => ${STALE_LISTING_DAYS})`)
    .execute();
  const month = now.toISOString().slice(0, 7);
  const events = rows.map(
    (row): NotificationEvent => ({ kind: 'listing.stale', eventKey: `listing-stale:${row.id}:${month}`, subjectId: row.id }),
  );
  return dispatchAll(db, await notYetNotified(db, events));
}

/**
 * A capacity set "until" a day lapses to unknown after it. Search documents read the effective
 * value; this re-indexes the services whose day passed since the last run (two days back covers
 * a worker that was down), so search stops showing a waitlist that has ended.
 */
export async function lapseCapacity(db: Database): Promise<number> {
  const rows = await db
    .selectFrom('hsds_services')
    .select('id')
    .where(sql<boolean>`capacity_until < current_date AND capacity_until >= current_date - 2`)
    .execute();
  return queueReindex(db, rows.map((row) => row.id), 'capacity-lapsed');
}

/**
 * Re-indexes every service with opening hours, so that "open now" counts the coming week: it
 * follows daylight-saving changes and the next occurrences of monthly schedules.
 */
export async function refreshOpeningHours(db: Database): Promise<number> {
  const { rows } = await sql<{ id: string }>`
    SELECT DISTINCT coalesce(sc.service_id, sal.service_id) AS id
    FROM hsds_schedules sc LEFT JOIN hsds_service_at_location sal ON sal.id = sc.service_at_location_id
    WHERE coalesce(sc.service_id, sal.service_id) IS NOT NULL`.execute(db);
  return queueReindex(db, rows.map((row) => row.id), 'opening-hours');
}

/** Queues these services' index jobs in bounded batches, keyed by the scan and the day; returns how many. */
async function queueReindex(db: Database, serviceIds: string[], scan: string): Promise<number> {
  if (serviceIds.length === 0) return 0;
  const day = new Date().toISOString().slice(0, 10);
  await db.transaction().execute(async (trx) => {
    for (const [index, batch] of syncBatches(serviceIds).entries()) {
      await enqueueJob(trx, 'search.sync-services', { serviceIds: batch }, { jobKey: `${scan}:${day}:${index}` });
    }
  });
  return new Set(serviceIds).size;
}

/** Expired and idle sessions, and sign-in counters past their window. */
export async function purgeSessions(db: Database): Promise<number> {
  const purged = await purgeExpiredSessions(db);
  await db.deleteFrom('sign_in_limits').where('expire', '<', String(Date.now())).execute();
  return purged;
}
