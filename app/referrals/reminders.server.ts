// A reminder to the patient of an open referral, by text or e-mail: whom to expect, or whom to call.
// Never to a patient who may not be reached that way, never for a safety-sensitive need, at most
// once a day per channel; the referring side's timeline shows it.
import type { Database } from '../../db/pool.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';
import type { Config } from '../config.server.js';
import { handoutLocale } from '../directory/handout.js';
import { queueDelivery } from '../notifications/deliveries.server.js';
import type { ChannelDecision, PatientChannel } from '../notifications/patient-contact.js';
import { patientChannels } from '../notifications/patient-messages.server.js';
import { isSafetySensitive } from '../screening/safety.js';
import { localDate } from './business-days.js';
import { isClosed, type ReferralStatus } from './lifecycle.js';
import type { ReferralFailure } from './referrals.server.js';
import { getServiceContact } from './service-contact.server.js';

export const SAFETY_REMINDER_REFUSED = 'For the patient’s safety, no reminder of this referral goes by text or e-mail.';
export const CLOSED_REMINDER_REFUSED = 'A reminder is for an open referral; this one is closed.';

interface ReminderTarget {
  id: string;
  patientId: string;
  status: ReferralStatus;
  managed: boolean;
  serviceId: string;
  serviceName: string;
  serviceOrganization: string | null;
  safetySensitive: boolean;
}

async function reminderTarget(db: Database, user: SessionUser, referralId: string): Promise<ReminderTarget | undefined> {
  const row = await db
    .selectFrom('referrals')
    .innerJoin('needs', 'needs.id', 'referrals.need_id')
    .select([
      'referrals.id',
      'referrals.patient_id',
      'referrals.status',
      'referrals.managed',
      'referrals.service_id',
      'referrals.service_name',
      'referrals.service_organization_name',
      'needs.category',
      'needs.domain',
    ])
    .where('referrals.id', '=', referralId)
    .where('referrals.organization_id', '=', user.organizationId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    patientId: row.patient_id,
    status: row.status as ReferralStatus,
    managed: row.managed,
    serviceId: row.service_id,
    serviceName: row.service_name,
    serviceOrganization: row.service_organization_name,
    safetySensitive: isSafetySensitive({ category: row.category, domain: row.domain }),
  };
}

/** Whether the referral page offers a reminder, and by which channels (each with the reason when not). */
export async function reminderChoices(
  db: Database,
  user: SessionUser,
  referralId: string,
): Promise<{ offered: false; reason: string | null } | { offered: true; channels: Record<PatientChannel, ChannelDecision> }> {
  const target = await reminderTarget(db, user, referralId);
  if (!target || isClosed(target.status)) return { offered: false, reason: null };
  if (target.safetySensitive) return { offered: false, reason: SAFETY_REMINDER_REFUSED };
  const channels = await patientChannels(db, user, target.patientId);
  return channels ? { offered: true, channels } : { offered: false, reason: null };
}

/** Queues the reminder and records it on the referral; the reason when it may not go. */
export async function remindPatient(
  db: Database,
  config: Pick<Config, 'appUrl'>,
  user: SessionUser,
  referralId: string,
  input: { channel: PatientChannel },
  requestId?: string,
  now = new Date(),
): Promise<{ ok: true } | ReferralFailure> {
  const target = await reminderTarget(db, user, referralId);
  if (!target) return { ok: false, status: 404, message: 'Not found' };
  if (isClosed(target.status)) return { ok: false, status: 409, message: CLOSED_REMINDER_REFUSED };
  if (target.safetySensitive) return { ok: false, status: 409, field: 'channel', message: SAFETY_REMINDER_REFUSED };
  const channels = await patientChannels(db, user, target.patientId);
  if (!channels) return { ok: false, status: 404, message: 'Not found' };
  const decision = channels[input.channel];
  if (!decision.ok) return { ok: false, status: 409, field: 'channel', message: decision.reason };

  const [contact, patient] = await Promise.all([
    getServiceContact(db, target.serviceId),
    db.selectFrom('patients').select('preferred_language').where('id', '=', target.patientId).executeTakeFirstOrThrow(),
  ]);
  const day = localDate(now, user.organizationTimeZone);
  return db.transaction().execute(async (trx) => {
    const queued = await queueDelivery(trx, config, {
      key: `referral-reminder:${target.id}:${input.channel}:${day}`,
      channel: input.channel,
      organizationId: user.organizationId,
      recipientPatientId: target.patientId,
      kind: 'referral.reminder',
      payload: {
        template: 'referral-reminder',
        organization: user.organizationName,
        service: contact?.serviceName ?? target.serviceName,
        serviceOrganization: contact?.organizationName ?? target.serviceOrganization,
        phone: contact?.phones[0]?.number ?? null,
        address: contact?.address ?? null,
        managed: target.managed,
        locale: handoutLocale(patient.preferred_language),
      },
    });
    if (!queued) return { ok: false, status: 409, field: 'channel', message: 'A reminder went to the patient this way today already.' } as const;
    await trx
      .insertInto('referral_events')
      .values({ referral_id: target.id, kind: 'patient-reminded', channel: input.channel, actor_user_id: user.id, actor_organization_id: user.organizationId })
      .execute();
    await recordAudit(trx, { user, patientId: target.patientId, action: 'create', entityType: 'referral', entityId: target.id, requestId });
    return { ok: true } as const;
  });
}
