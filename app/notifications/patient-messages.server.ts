// Messages to patients (no account): a self-screening link today, a services handout and reminders
// through the same path. Never to a patient marked "do not contact" or without their agreement to
// the channel; checked when offered and again when sent.
import type { Database } from '../../db/pool.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';
import type { Config } from '../config.server.js';
import type { Locale } from '../i18n/i18n.js';
import { queueDelivery } from './deliveries.server.js';
import { replyIntent, type ChannelDecision, type PatientChannel } from './patient-contact.js';
import { patientReach } from './patient-contact.server.js';

/** Which channels the worker may use for this patient now, each with the reason when not. */
export async function patientChannels(db: Database, user: SessionUser, patientId: string): Promise<Record<PatientChannel, ChannelDecision> | undefined> {
  return (await patientReach(db, patientId, user.organizationId))?.channels;
}

/** Queues the self-screening link to the patient by text or e-mail; the reason when it may not go. */
export async function sendSelfScreeningLink(
  db: Database,
  config: Pick<Config, 'appUrl'>,
  user: SessionUser,
  input: { patientId: string; linkId: string; channel: PatientChannel; url: string; hours: number; locale: Locale },
  requestId?: string,
): Promise<ChannelDecision> {
  const channels = await patientChannels(db, user, input.patientId);
  if (!channels) return { ok: false, reason: 'Not found' };
  const decision = channels[input.channel];
  if (!decision.ok) return decision;
  await db.transaction().execute(async (trx) => {
    await queueDelivery(trx, config, {
      key: `self-screening:${input.linkId}:${input.channel}`,
      channel: input.channel,
      organizationId: user.organizationId,
      recipientPatientId: input.patientId,
      kind: 'self-screening.link',
      payload: { template: 'self-screening', organization: user.organizationName, url: input.url, hours: input.hours, locale: input.locale },
    });
    await recordAudit(trx, { user, patientId: input.patientId, action: 'create', entityType: 'self-screening-link', entityId: input.linkId, requestId });
  });
  return { ok: true };
}

/**
 * A patient's reply to our text messages: STOP (and its synonyms) ends texting to that number for
 * every organisation, START resumes it. Anything else is not stored (it may be health information).
 */
export async function recordSmsReply(db: Database, from: string, body: string): Promise<'stop' | 'start' | null> {
  const intent = replyIntent(body);
  if (intent === 'stop') {
    await db.insertInto('sms_opt_outs').values({ phone: from, source: 'reply' }).onConflict((c) => c.column('phone').doNothing()).execute();
  } else if (intent === 'start') {
    await db.deleteFrom('sms_opt_outs').where('phone', '=', from).execute();
  }
  return intent;
}
