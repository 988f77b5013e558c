// A person's in-app notifications and their e-mail settings. Every query is scoped to the user.
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { SessionUser } from '../auth/session.server.js';
import { DEFAULT_EMAIL_MODE, NOTIFICATION_KINDS, isNotificationKind, type EmailMode, type NotificationKind } from './events.js';

export interface NotificationEntry {
  id: string;
  kind: NotificationKind;
  params: Record<string, string | number>;
  createdAt: string;
  read: boolean;
}

export async function unreadCount(db: Database, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.count;
}

export async function listNotifications(db: Database, user: SessionUser, limit = 50): Promise<NotificationEntry[]> {
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'params', 'created_at', 'read_at'])
    .where('user_id', '=', user.id)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.flatMap((row) =>
    isNotificationKind(row.kind)
      ? [{ id: row.id, kind: row.kind, params: row.params as NotificationEntry['params'], createdAt: row.created_at.toISOString(), read: row.read_at !== null }]
      : [],
  );
}

/** Marks one notification read and returns where it points; undefined when it is not the user's. */
export async function openNotification(db: Database, user: SessionUser, notificationId: string): Promise<string | undefined> {
  const row = await db
    .updateTable('notifications')
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where('id', '=', notificationId)
    .where('user_id', '=', user.id)
    .returning('link')
    .executeTakeFirst();
  // Links are paths CareLoop wrote; anything else is not followed.
  return row && /^\/(?!\/)/.test(row.link) ? row.link : row ? '/notifications' : undefined;
}

export async function markAllRead(db: Database, user: SessionUser): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: sql`now()` })
    .where('user_id', '=', user.id)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The kinds a person can hear about, by the kind of organisation they work in. */
export function kindsFor(user: Pick<SessionUser, 'role' | 'organizationKind'>): NotificationKind[] {
  if (user.organizationKind === 'receiving') return ['referral.requested', 'referral.cancelled', 'consent.expired', 'listing.stale'];
  if (user.organizationKind === 'referring') return NOTIFICATION_KINDS.filter((kind) => kind !== 'referral.requested' && kind !== 'listing.stale');
  return [];
}

export interface NotificationSettings {
  locale: 'en' | 'es';
  email: Record<NotificationKind, EmailMode>;
}

export async function getNotificationSettings(db: Database, user: SessionUser): Promise<NotificationSettings> {
  const [account, rows] = await Promise.all([
    db.selectFrom('users').select('locale').where('id', '=', user.id).executeTakeFirstOrThrow(),
    db.selectFrom('notification_preferences').select(['kind', 'email']).where('user_id', '=', user.id).execute(),
  ]);
  const saved = new Map(rows.map((row) => [row.kind, row.email as EmailMode]));
  const email = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, saved.get(kind) ?? DEFAULT_EMAIL_MODE])) as Record<NotificationKind, EmailMode>;
  return { locale: account.locale === 'es' ? 'es' : 'en', email };
}

export async function saveNotificationSettings(
  db: Database,
  user: SessionUser,
  settings: { locale: 'en' | 'es'; email: Partial<Record<NotificationKind, EmailMode>> },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ locale: settings.locale }).where('id', '=', user.id).execute();
    const rows = Object.entries(settings.email).map(([kind, email]) => ({ user_id: user.id, kind, email: email! }));
    if (rows.length === 0) return;
    await trx
      .insertInto('notification_preferences')
      .values(rows)
      .onConflict((conflict) => conflict.columns(['user_id', 'kind']).doUpdateSet((eb) => ({ email: eb.ref('excluded.email') })))
      .execute();
  });
}
