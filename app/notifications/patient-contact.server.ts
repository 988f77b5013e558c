import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { channelAllowed, type ChannelDecision, type PatientChannel } from './patient-contact.js';

export interface PatientReach {
  phone: string | null;
  email: string | null;
  channels: Record<PatientChannel, ChannelDecision>;
}

/**
 * How a patient can be reached now: their addresses and, per channel, whether CareLoop may use it
 * (do-not-contact, their agreement, a STOP reply). `organizationId` scopes the lookup to the
 * patient's organisation; undefined when the patient is not there.
 */
export async function patientReach(db: Database, patientId: string, organizationId?: string): Promise<PatientReach | undefined> {
  let query = db
    .selectFrom('patients')
    .leftJoin('sms_opt_outs', (join) => join.on(sql<boolean>`sms_opt_outs.phone = '+1' || regexp_replace(patients.phone, '\\D', '', 'g')`))
    .select([
      'patients.phone',
      'patients.email',
      'patients.contact_preference',
      'patients.sms_consent_at',
      'patients.email_consent_at',
      'sms_opt_outs.opted_out_at',
    ])
    .where('patients.id', '=', patientId);
  if (organizationId) query = query.where('patients.organization_id', '=', organizationId);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const contact = {
    phone: row.phone,
    email: row.email,
    contactPreference: row.contact_preference,
    smsConsentAt: row.sms_consent_at,
    emailConsentAt: row.email_consent_at,
  };
  return {
    phone: row.phone,
    email: row.email,
    channels: { sms: channelAllowed(contact, 'sms', Boolean(row.opted_out_at)), email: channelAllowed(contact, 'email', false) },
  };
}
