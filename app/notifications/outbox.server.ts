// The platform admin's view of what CareLoop sent: every delivery with its status, and, while
// messages go to the local outbox folder (no SMTP_URL / Twilio), what each one said.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { Config } from '../config.server.js';
import { enqueueJob } from '../jobs/outbox.server.js';
import { localOutboxDir } from './channels.server.js';

export interface DeliveryEntry {
  id: string;
  channel: 'email' | 'sms';
  kind: string;
  /** A member of staff's e-mail; for a patient only the last digits or the domain (no PHI here). */
  recipient: string;
  organization: string | null;
  status: 'pending' | 'sent' | 'failed' | 'suppressed';
  error: string | null;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  /** The local outbox file holds the message. */
  viewable: boolean;
}

const maskPhone = (phone: string | null) => (phone ? `•••-•••-${phone.replace(/\D/g, '').slice(-4)}` : '—');
const maskEmail = (email: string | null) => (email ? `•••@${email.split('@')[1] ?? ''}` : '—');

export async function listDeliveries(db: Database, options: { status?: DeliveryEntry['status']; limit?: number } = {}): Promise<DeliveryEntry[]> {
  let query = db
    .selectFrom('message_deliveries')
    .leftJoin('users', 'users.id', 'message_deliveries.recipient_user_id')
    .leftJoin('patients', 'patients.id', 'message_deliveries.recipient_patient_id')
    .leftJoin('organizations', 'organizations.id', 'message_deliveries.organization_id')
    .select([
      'message_deliveries.id',
      'message_deliveries.channel',
      'message_deliveries.kind',
      'message_deliveries.status',
      'message_deliveries.error',
      'message_deliveries.attempts',
      'message_deliveries.created_at',
      'message_deliveries.sent_at',
      'message_deliveries.provider_id',
      'users.email as user_email',
      'patients.phone as patient_phone',
      'patients.email as patient_email',
      'organizations.name as organization_name',
      // An account e-mail (invitation, password reset) names its address in the payload.
      sql<string | null>`message_deliveries.payload->>'to'`.as('account_email'),
    ])
    .orderBy('message_deliveries.created_at', 'desc')
    .limit(options.limit ?? 100);
  if (options.status) query = query.where('message_deliveries.status', '=', options.status);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    channel: row.channel as DeliveryEntry['channel'],
    kind: row.kind,
    recipient: row.user_email ?? row.account_email ?? (row.channel === 'sms' ? `${maskPhone(row.patient_phone)}` : maskEmail(row.patient_email)),
    organization: row.organization_name,
    status: row.status as DeliveryEntry['status'],
    error: row.error,
    attempts: row.attempts,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
    viewable: row.provider_id?.startsWith('local:') ?? false,
  }));
}

export interface LocalMessage {
  channel: 'email' | 'sms';
  to: string;
  subject?: string;
  text: string;
}

/** What a delivery said, from the local outbox folder; undefined when it was not written there. */
export async function readLocalMessage(db: Database, config: Pick<Config, 'CARELOOP_DATA_DIR'>, deliveryId: string): Promise<LocalMessage | undefined> {
  const row = await db.selectFrom('message_deliveries').select(['provider_id', 'recipient_patient_id']).where('id', '=', deliveryId).executeTakeFirst();
  const base = row?.provider_id?.startsWith('local:') ? row.provider_id.slice('local:'.length) : undefined;
  if (!base || !/^[\w-]+$/.test(base)) return undefined;
  try {
    const stored = JSON.parse(fs.readFileSync(path.join(localOutboxDir(config), `${base}.json`), 'utf8')) as LocalMessage;
    // A patient's address stays masked here too.
    const to = row?.recipient_patient_id ? (stored.channel === 'sms' ? maskPhone(stored.to) : maskEmail(stored.to)) : stored.to;
    return { channel: stored.channel, to, subject: stored.subject, text: stored.text };
  } catch {
    return undefined;
  }
}

/** Sends a failed delivery again (attempts from zero); false when it is not a failed one. */
export async function retryDelivery(db: Database, deliveryId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('message_deliveries')
      .set({ status: 'pending', attempts: 0, error: null, updated_at: sql`now()` })
      .where('id', '=', deliveryId)
      .where('status', '=', 'failed')
      .returning('idempotency_key')
      .executeTakeFirst();
    if (!row) return false;
    await enqueueJob(trx, 'messages.send', { deliveryKey: row.idempotency_key }, { maxAttempts: 8 });
    return true;
  });
}
