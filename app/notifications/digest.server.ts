// The daily digest: at 7 in the morning in the organisation's time zone, one e-mail with the
// notifications of the kinds a person asked to receive that way, then marked as e-mailed.
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { Config } from '../config.server.js';
import { queueDelivery } from './deliveries.server.js';
import { isNotificationKind } from './events.js';
import type { DigestItem } from './templates.js';

export const DIGEST_LOCAL_HOUR = 7;

export async function sendDigests(db: Database, config: Pick<Config, 'appUrl'>, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom('notifications')
    .innerJoin('notification_preferences as preference', (join) =>
      join.onRef('preference.user_id', '=', 'notifications.user_id').onRef('preference.kind', '=', 'notifications.kind'),
    )
    .innerJoin('organizations', 'organizations.id', 'notifications.organization_id')
    .select([
      'notifications.id',
      'notifications.user_id',
      'notifications.organization_id',
      'notifications.kind',
      'notifications.params',
      'notifications.link',
      sql<string>`to_char(${now}::timestamptz AT TIME ZONE organizations.time_zone, 'YYYY-MM-DD')`.as('local_date'),
    ])
    .where('preference.email', '=', 'digest')
    .where('notifications.emailed_at', 'is', null)
    .where('notifications.read_at', 'is', null)
    .where('notifications.created_at', '>', sql<Date>`${now}::timestamptz - interval '2 days'`)
    .where(sql<boolean>`extract(hour FROM ${now}::timestamptz AT TIME ZONE organizations.time_zone) = ${DIGEST_LOCAL_HOUR}`)
    .orderBy('notifications.created_at')
    .execute();
  const byUser = new Map<string, typeof due>();
  for (const row of due) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
  let sent = 0;
  for (const [userId, rows] of byUser) {
    const items: DigestItem[] = rows.flatMap((row) =>
      isNotificationKind(row.kind) ? [{ kind: row.kind, params: row.params as DigestItem['params'], link: row.link }] : [],
    );
    await db.transaction().execute(async (trx) => {
      const queued = await queueDelivery(trx, config, {
        key: `digest:${userId}:${rows[0].local_date}`,
        channel: 'email',
        organizationId: rows[0].organization_id,
        recipientUserId: userId,
        kind: 'digest',
        payload: { template: 'digest', items },
      });
      if (queued) sent += 1;
      await trx.updateTable('notifications').set({ emailed_at: sql`now()` }).where('id', 'in', rows.map((row) => row.id)).execute();
    });
  }
  return sent;
}
