// Turns an event into notifications: who hears about it, the line in their in-app list, and the
// e-mail their settings ask for. Runs as a job after the business write has committed, so it reads
// the current state; one transaction, and the (event, person) key makes a second run a no-op.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import type { Config } from '../config.server.js';
import { queueDelivery } from './deliveries.server.js';
import type { DomainEvent } from '../jobs/tasks.js';
import { DEFAULT_EMAIL_MODE, isNotificationKind, type EmailMode, type NotificationEvent, type NotificationKind } from './events.js';

interface Recipient {
  userId: string;
  organizationId: string;
  link: string;
  params: Record<string, string | number>;
}

const RECEIVING_STAFF = ['cbo_staff', 'org_admin'] as const;

async function activeUsers(trx: Transaction<DB>, organizationId: string, roles: readonly string[]) {
  return trx
    .selectFrom('users')
    .select(['id', 'organization_id'])
    .where('organization_id', '=', organizationId)
    .where('role', 'in', roles)
    .where('disabled_at', 'is', null)
    .execute();
}

async function activeUser(trx: Transaction<DB>, userId: string | null) {
  if (!userId) return [];
  return trx.selectFrom('users').select(['id', 'organization_id']).where('id', '=', userId).where('disabled_at', 'is', null).execute();
}

/**
 * Who follows a referral on the referring side: the responsible worker or case manager (the
 * creator until someone else is assigned); when nobody active is, the organisation's case managers.
 */
async function referringFollowers(trx: Transaction<DB>, referral: { organization_id: string; created_by: string; assigned_user_id: string | null }) {
  const responsible = await activeUser(trx, referral.assigned_user_id ?? referral.created_by);
  return responsible.length ? responsible : activeUsers(trx, referral.organization_id, ['case_manager']);
}

/** The receiving organisation's staff member responsible for the referral, or all its staff while nobody is. */
async function receivingFollowers(trx: Transaction<DB>, referral: { receiving_organization_id: string | null; receiving_assigned_user_id: string | null }) {
  if (!referral.receiving_organization_id) return [];
  const responsible = await activeUser(trx, referral.receiving_assigned_user_id);
  return responsible.length ? responsible : activeUsers(trx, referral.receiving_organization_id, RECEIVING_STAFF);
}

async function referralRecipients(trx: Transaction<DB>, event: NotificationEvent, referralId: string): Promise<Recipient[]> {
  const referral = await trx
    .selectFrom('referrals')
    .innerJoin('organizations as referring', 'referring.id', 'referrals.organization_id')
    .leftJoin('organizations as receiving', 'receiving.id', 'referrals.receiving_organization_id')
    .select([
      'referrals.id',
      'referrals.organization_id',
      'referrals.receiving_organization_id',
      'referrals.created_by',
      'referrals.assigned_user_id',
      'referrals.receiving_assigned_user_id',
      'referrals.service_name',
      'referrals.service_organization_name',
      'referring.name as referring_name',
      'receiving.name as receiving_name',
    ])
    .where('referrals.id', '=', referralId)
    .executeTakeFirst();
  if (!referral) return [];
  const serviceOrganization = referral.receiving_name ?? referral.service_organization_name ?? '';
  const toReceiving = (users: Array<{ id: string; organization_id: string }>) =>
    users.map((user) => ({
      userId: user.id,
      organizationId: user.organization_id,
      link: `/portal/referrals/${referral.id}`,
      params: { service: referral.service_name, organization: referral.referring_name },
    }));
  const toReferring = (users: Array<{ id: string; organization_id: string }>) =>
    users.map((user) => ({
      userId: user.id,
      organizationId: user.organization_id,
      link: `/referrals/${referral.id}`,
      params: { service: referral.service_name, organization: serviceOrganization },
    }));
  const actorOrganization = async () =>
    event.actorUserId
      ? (await trx.selectFrom('users').select('organization_id').where('id', '=', event.actorUserId).executeTakeFirst())?.organization_id
      : undefined;

  switch (event.kind) {
    case 'referral.requested':
      return toReceiving(await receivingFollowers(trx, referral));
    case 'referral.cancelled':
    case 'referral.message': {
      // Whoever acted, the other side hears of it.
      if ((await actorOrganization()) === referral.organization_id) {
        return toReceiving(await receivingFollowers(trx, referral)).map((r) => ({ ...r, params: { ...r.params, organization: referral.referring_name } }));
      }
      return toReferring(await referringFollowers(trx, referral)).map((r) => ({ ...r, params: { ...r.params, organization: serviceOrganization } }));
    }
    case 'consent.expired':
    case 'consent.withdrawn':
      return [...toReferring(await referringFollowers(trx, referral)), ...toReceiving(await receivingFollowers(trx, referral))];
    default:
      return toReferring(await referringFollowers(trx, referral));
  }
}

/** The person a referral was assigned to; the event names the assignment. */
async function assignmentRecipients(trx: Transaction<DB>, assignmentEventId: string): Promise<Recipient[]> {
  const assignment = await trx
    .selectFrom('referral_events')
    .innerJoin('referrals', 'referrals.id', 'referral_events.referral_id')
    .innerJoin('users', 'users.id', 'referral_events.subject_user_id')
    .select(['referrals.id', 'referrals.organization_id', 'referrals.service_name', 'users.id as user_id', 'users.organization_id as user_organization_id', 'users.disabled_at'])
    .where('referral_events.id', '=', assignmentEventId)
    .where('referral_events.kind', '=', 'assigned')
    .executeTakeFirst();
  if (!assignment || assignment.disabled_at) return [];
  const link = assignment.user_organization_id === assignment.organization_id ? `/referrals/${assignment.id}` : `/portal/referrals/${assignment.id}`;
  return [{ userId: assignment.user_id, organizationId: assignment.user_organization_id, link, params: { service: assignment.service_name } }];
}

/** The person a follow-up task is assigned to (its author when nobody is). */
async function taskRecipients(trx: Transaction<DB>, taskId: string): Promise<Recipient[]> {
  const task = await trx
    .selectFrom('follow_up_tasks')
    .select(['id', 'status', 'organization_id', 'patient_id', 'referral_id', 'assigned_user_id', 'created_by'])
    .where('id', '=', taskId)
    .executeTakeFirst();
  if (!task || task.status !== 'open') return [];
  const users = await activeUser(trx, task.assigned_user_id ?? task.created_by);
  const link = task.referral_id ? `/referrals/${task.referral_id}` : `/patients/${task.patient_id}`;
  return users.map((user) => ({ userId: user.id, organizationId: user.organization_id, link, params: {} }));
}

async function recipientsOf(trx: Transaction<DB>, event: NotificationEvent): Promise<Recipient[]> {
  if (event.kind === 'referral.assigned') return assignmentRecipients(trx, event.subjectId);
  if (event.kind === 'follow-up.due') return taskRecipients(trx, event.subjectId);
  if (event.kind.startsWith('referral.') || event.kind.startsWith('consent.')) return referralRecipients(trx, event, event.subjectId);
  if (event.kind === 'self-screening.completed') {
    const link = await trx
      .selectFrom('self_screening_links')
      .innerJoin('users', 'users.id', 'self_screening_links.created_by')
      .select(['self_screening_links.patient_id', 'users.id as user_id', 'users.organization_id', 'users.disabled_at'])
      .where('self_screening_links.screening_id', '=', event.subjectId)
      .executeTakeFirst();
    if (!link || link.disabled_at) return [];
    return [{ userId: link.user_id, organizationId: link.organization_id, link: `/patients/${link.patient_id}/screenings/${event.subjectId}`, params: {} }];
  }
  if (event.kind === 'listing.stale') {
    const [admins, stale] = await Promise.all([
      activeUsers(trx, event.subjectId, ['org_admin']),
      countStaleListings(trx, event.subjectId),
    ]);
    const recipients = admins.length ? admins : await activeUsers(trx, event.subjectId, ['cbo_staff']);
    return recipients.map((user) => ({ userId: user.id, organizationId: user.organization_id, link: '/portal', params: { count: stale } }));
  }
  return [];
}

/** Listings are stale when neither CareLoop nor the directory has a confirmation within 180 days. */
export const STALE_LISTING_DAYS = 180;

export async function countStaleListings(db: Database | Transaction<DB>, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('hsds_services')
    .innerJoin('organizations', 'organizations.hsds_organization_id', 'hsds_services.organization_id')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('organizations.id', '=', organizationId)
    .where(sql<boolean>`coalesce(hsds_services.last_verified_at, hsds_services.assured_date::timestamptz, '-infinity') < now() - make_interval(days => ${STALE_LISTING_DAYS})`)
    .executeTakeFirstOrThrow();
  return row.count;
}

async function emailModes(trx: Transaction<DB>, userIds: string[], kind: NotificationKind): Promise<Map<string, EmailMode>> {
  if (userIds.length === 0) return new Map();
  const rows = await trx.selectFrom('notification_preferences').select(['user_id', 'email']).where('user_id', 'in', userIds).where('kind', '=', kind).execute();
  return new Map(rows.map((row) => [row.user_id, row.email as EmailMode]));
}

/** Dispatches one event; returns how many people were newly notified (none for a kind nobody hears of). */
export async function dispatchNotification(db: Database, config: Pick<Config, 'appUrl'>, domainEvent: DomainEvent): Promise<number> {
  if (!isNotificationKind(domainEvent.kind)) return 0;
  const event = domainEvent as NotificationEvent;
  return db.transaction().execute(async (trx) => {
    const unique = new Map<string, Recipient>();
    for (const recipient of await recipientsOf(trx, event)) {
      if (recipient.userId !== event.actorUserId) unique.set(recipient.userId, recipient);
    }
    const recipients = [...unique.values()];
    if (recipients.length === 0) return 0;
    const inserted = await trx
      .insertInto('notifications')
      .values(
        recipients.map((recipient) => ({
          user_id: recipient.userId,
          organization_id: recipient.organizationId,
          event_key: event.eventKey,
          kind: event.kind,
          link: recipient.link,
          params: JSON.stringify(recipient.params),
        })),
      )
      .onConflict((conflict) => conflict.columns(['event_key', 'user_id']).doNothing())
      .returning(['user_id'])
      .execute();
    const fresh = new Set(inserted.map((row) => row.user_id));
    const modes = await emailModes(trx, [...fresh], event.kind);
    const emailedNow = recipients.filter(
      (recipient) => fresh.has(recipient.userId) && (modes.get(recipient.userId) ?? DEFAULT_EMAIL_MODE) === 'immediate',
    );
    for (const recipient of emailedNow) {
      await queueDelivery(trx, config, {
        key: `email:${event.eventKey}:${recipient.userId}`,
        channel: 'email',
        organizationId: recipient.organizationId,
        recipientUserId: recipient.userId,
        kind: event.kind,
        payload: { template: 'notification', kind: event.kind, params: recipient.params, link: recipient.link },
      });
    }
    if (emailedNow.length) {
      await trx
        .updateTable('notifications')
        .set({ emailed_at: sql`now()` })
        .where('event_key', '=', event.eventKey)
        .where('user_id', 'in', emailedNow.map((recipient) => recipient.userId))
        .execute();
    }
    return fresh.size;
  });
}
