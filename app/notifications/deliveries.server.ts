// Every e-mail and text message is a delivery row, written in the same transaction as the job that
// sends it. The row's idempotency key makes delivery at-least-once without doubles: a job that
// runs again finds the row already sent; a send interrupted after the server took it goes out
// again with the same Message-ID, which mail systems use to drop the copy.
import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import type { Config } from '../config.server.js';
import { isLocale, type Locale } from '../i18n/i18n.js';
import { enqueueJob } from '../jobs/outbox.server.js';
import { DeliveryError, type Channels } from './channels.server.js';
import { isNotificationKind } from './events.js';
import { toE164 } from './patient-contact.js';
import { patientReach } from './patient-contact.server.js';
import { renderDigestEmail, renderHandoutMessage, renderNotificationEmail, renderSelfScreeningMessage, type DigestItem, type HandoutService } from './templates.js';

/** What a delivery renders when it is sent. Secrets (a self-screening link) are removed once sent. */
export type DeliveryPayload =
  | { template: 'notification'; kind: string; params: Record<string, string | number>; link: string }
  | { template: 'digest'; items: DigestItem[] }
  | { template: 'self-screening'; organization: string; url: string; hours: number; locale: Locale }
  | { template: 'handout'; organization: string; services: HandoutService[]; locale: Locale };

interface NewDelivery {
  key: string;
  channel: 'email' | 'sms';
  organizationId: string | null;
  recipientUserId?: string;
  recipientPatientId?: string;
  kind: string;
  payload: DeliveryPayload;
}

const MESSAGE_ATTEMPTS = 8;

export function messageIdFor(key: string, appUrl: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${new URL(appUrl).hostname}>`;
}

/** Records a message to send and queues its job, in the caller's transaction; a known key is a no-op. */
export async function queueDelivery(trx: Transaction<DB>, config: Pick<Config, 'appUrl'>, delivery: NewDelivery): Promise<boolean> {
  const inserted = await trx
    .insertInto('message_deliveries')
    .values({
      idempotency_key: delivery.key,
      channel: delivery.channel,
      organization_id: delivery.organizationId,
      recipient_user_id: delivery.recipientUserId ?? null,
      recipient_patient_id: delivery.recipientPatientId ?? null,
      kind: delivery.kind,
      payload: JSON.stringify(delivery.payload),
      message_id: messageIdFor(delivery.key, config.appUrl),
    })
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  await enqueueJob(trx, 'messages.send', { deliveryKey: delivery.key }, { jobKey: `send:${delivery.key}`, maxAttempts: MESSAGE_ATTEMPTS });
  return true;
}

export interface SendContext {
  db: Database;
  config: Pick<Config, 'appUrl'>;
  channels: Channels;
  /** This run is the job's last attempt: a failure now is final. */
  finalAttempt: boolean;
}

type Outcome = 'sent' | 'already-done' | 'suppressed' | 'failed' | 'missing';

/** Sends one delivery. Throws (so the job is retried) only for a failure that may pass. */
export async function sendDelivery(context: SendContext, key: string): Promise<Outcome> {
  const { db, channels } = context;
  const delivery = await db.selectFrom('message_deliveries').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  if (!delivery) return 'missing';
  if (delivery.status !== 'pending') return 'already-done';
  const payload = delivery.payload as DeliveryPayload;

  const message = await composeMessage(db, context.config, delivery.channel as 'email' | 'sms', delivery, payload);
  if ('suppressed' in message) {
    await finish(db, key, { status: 'suppressed', error: message.suppressed });
    return 'suppressed';
  }

  try {
    const sent =
      delivery.channel === 'email'
        ? await channels.email.send({ to: message.to, subject: message.subject, text: message.text, html: message.html, messageId: delivery.message_id })
        : await channels.sms.send({ to: message.to, body: message.text, messageId: delivery.message_id });
    await finish(db, key, { status: 'sent', providerId: sent.providerId, redact: payload.template === 'self-screening' });
    return 'sent';
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : new DeliveryError(error instanceof Error ? error.message : String(error), false);
    if (failure.optedOut && message.to) {
      await db.insertInto('sms_opt_outs').values({ phone: message.to, source: 'provider' }).onConflict((c) => c.column('phone').doNothing()).execute();
    }
    if (failure.permanent || context.finalAttempt) {
      await finish(db, key, { status: 'failed', error: failure.message });
      return 'failed';
    }
    await db
      .updateTable('message_deliveries')
      .set({ attempts: sql`attempts + 1`, error: failure.message, updated_at: sql`now()` })
      .where('idempotency_key', '=', key)
      .execute();
    throw failure;
  }
}

async function finish(
  db: Database,
  key: string,
  result: { status: 'sent' | 'failed' | 'suppressed'; providerId?: string; error?: string; redact?: boolean },
) {
  await db
    .updateTable('message_deliveries')
    .set({
      status: result.status,
      provider_id: result.providerId ?? null,
      error: result.error ?? null,
      attempts: sql`attempts + 1`,
      updated_at: sql`now()`,
      sent_at: result.status === 'sent' ? sql`now()` : null,
      ...(result.redact ? { payload: sql`payload - 'url'` } : {}),
    })
    .where('idempotency_key', '=', key)
    .where('status', '=', 'pending')
    .execute();
}

type Composed = { to: string; subject: string; text: string; html: string } | { suppressed: string };

async function composeMessage(
  db: Database,
  config: Pick<Config, 'appUrl'>,
  channel: 'email' | 'sms',
  delivery: { recipient_user_id: string | null; recipient_patient_id: string | null },
  payload: DeliveryPayload,
): Promise<Composed> {
  const preferencesUrl = `${config.appUrl}/settings/notifications`;
  if (delivery.recipient_user_id) {
    const user = await db
      .selectFrom('users')
      .select(['email', 'locale', 'disabled_at'])
      .where('id', '=', delivery.recipient_user_id)
      .executeTakeFirst();
    if (!user || user.disabled_at) return { suppressed: 'The account is disabled.' };
    const locale: Locale = isLocale(user.locale) ? user.locale : 'en';
    if (payload.template === 'notification' && isNotificationKind(payload.kind)) {
      return { to: user.email, ...renderNotificationEmail({ kind: payload.kind, params: payload.params, url: `${config.appUrl}${payload.link}`, locale, preferencesUrl }) };
    }
    if (payload.template === 'digest') {
      return { to: user.email, ...renderDigestEmail({ items: payload.items, baseUrl: config.appUrl, locale, preferencesUrl }) };
    }
    return { suppressed: 'Unknown message.' };
  }
  if (delivery.recipient_patient_id && (payload.template === 'self-screening' || payload.template === 'handout')) {
    const patient = await patientReach(db, delivery.recipient_patient_id);
    if (!patient) return { suppressed: 'The patient record is gone.' };
    // Checked again at sending time: the patient may have opted out since the message was queued.
    const allowed = patient.channels[channel];
    if (!allowed.ok) return { suppressed: allowed.reason };
    const rendered = payload.template === 'handout' ? renderHandoutMessage(payload) : renderSelfScreeningMessage(payload);
    return { to: channel === 'sms' ? toE164(patient.phone!) : patient.email!, ...rendered };
  }
  return { suppressed: 'Unknown message.' };
}
