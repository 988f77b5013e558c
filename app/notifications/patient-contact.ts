// Whether CareLoop may text or e-mail a patient. Pure: the same answer when a message is offered on
// screen and again when it is about to leave.

export interface PatientContact {
  phone: string | null;
  email: string | null;
  contactPreference: string;
  smsConsentAt: Date | string | null;
  emailConsentAt: Date | string | null;
}

export type PatientChannel = 'sms' | 'email';

export type ChannelDecision = { ok: true } | { ok: false; reason: string };

export function channelAllowed(patient: PatientContact, channel: PatientChannel, smsOptedOut: boolean): ChannelDecision {
  if (patient.contactPreference === 'do-not-contact') return { ok: false, reason: 'The patient asked not to be contacted.' };
  if (channel === 'sms') {
    if (!patient.phone) return { ok: false, reason: 'The patient has no phone number on file.' };
    if (!patient.smsConsentAt) return { ok: false, reason: 'The patient has not agreed to text messages.' };
    if (smsOptedOut) return { ok: false, reason: 'The patient replied STOP to our text messages.' };
    return { ok: true };
  }
  if (!patient.email) return { ok: false, reason: 'The patient has no e-mail address on file.' };
  if (!patient.emailConsentAt) return { ok: false, reason: 'The patient has not agreed to e-mail.' };
  return { ok: true };
}

/** Patient phone numbers are stored as ten US digits; providers want E.164. */
export function toE164(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 10 ? `+1${digits}` : `+${digits}`;
}

/** The words of a reply that ends (or resumes) text messages, as carriers and Twilio define them. */
export const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
export const START_WORDS = new Set(['START', 'UNSTOP', 'YES']);

export function replyIntent(body: string): 'stop' | 'start' | null {
  const word = body.trim().toUpperCase();
  if (STOP_WORDS.has(word)) return 'stop';
  if (START_WORDS.has(word)) return 'start';
  return null;
}
