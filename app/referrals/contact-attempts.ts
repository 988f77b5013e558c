// The receiving organisation's attempts to reach a patient, and when to propose closing the referral
// as "unable to contact". Pure: no I/O.

export const CONTACT_METHODS = { phone: 'Phone call', sms: 'Text message', email: 'E-mail', 'in-person': 'In person', letter: 'Letter' } as const;
export type ContactMethod = keyof typeof CONTACT_METHODS;

export const CONTACT_RESULTS = {
  reached: 'Reached the patient',
  'no-answer': 'No answer',
  'left-message': 'Left a message',
  'wrong-number': 'Wrong number or address',
  'message-bounced': 'Message bounced',
} as const;
export type ContactResult = keyof typeof CONTACT_RESULTS;

/** After this many failed attempts in a row the portal proposes "failed: unable to contact". */
export const UNABLE_TO_CONTACT_AFTER = 3;

/** Failed attempts since the patient was last reached (attempts in any order). */
export function failedAttemptsInARow(attempts: ReadonlyArray<{ attemptedAt: string; result: string }>): number {
  const sorted = [...attempts].sort((a, b) => b.attemptedAt.localeCompare(a.attemptedAt));
  const lastReached = sorted.findIndex((attempt) => attempt.result === 'reached');
  return lastReached === -1 ? sorted.length : lastReached;
}

export function proposesUnableToContact(status: string, attempts: ReadonlyArray<{ attemptedAt: string; result: string }>): boolean {
  return ['accepted', 'in-progress', 'on-hold'].includes(status) && failedAttemptsInARow(attempts) >= UNABLE_TO_CONTACT_AFTER;
}
