// What a patient's consent to a referral shares, and what each side may therefore see. Pure: no I/O.
import type { IsoDate } from './business-days.js';
import type { Side } from './lifecycle.js';

/** Each item the patient can agree to share with the receiving organisation, one by one. */
export const SHARED_ITEMS = {
  identity: 'Name and date of birth',
  phone: 'Phone number',
  email: 'E-mail address',
  address: 'Home address',
  'best-time': 'Best time to call',
  language: 'Preferred language',
  'postal-code': 'ZIP code',
  need: 'The need being referred',
  // Only with this too does a need about the patient's safety reach the organisation (screening/safety.ts).
  'safety-need': 'That the need is about their safety',
  'screening-answers': 'The screening answers behind the need',
  note: "The worker's note",
} as const;
export type SharedItem = keyof typeof SHARED_ITEMS;
export const SHARED_ITEM_CODES = Object.keys(SHARED_ITEMS) as [SharedItem, ...SharedItem[]];

/** The items that let the organisation reach the patient; never shared for a patient marked "do not contact". */
export const CONTACT_ITEMS: readonly SharedItem[] = ['phone', 'email', 'address', 'best-time'];

export const CONSENT_METHODS = { verbal: 'Verbal', written: 'Written (signed form)', 'signed-on-screen': 'Signed on screen' } as const;
export type ConsentMethod = keyof typeof CONSENT_METHODS;

export const CONSENT_GIVERS = { patient: 'The patient', representative: "The patient's representative" } as const;
export type ConsentGiver = keyof typeof CONSENT_GIVERS;

export type ConsentState = 'active' | 'expired' | 'withdrawn';

/** Consent lasts to the end of its last day (in the referring organisation's time zone) unless withdrawn. */
export function consentState(consent: { expiresOn: IsoDate; withdrawnAt: Date | string | null }, today: IsoDate): ConsentState {
  if (consent.withdrawnAt) return 'withdrawn';
  return consent.expiresOn >= today ? 'active' : 'expired';
}

/**
 * The items one side may see: everything for the referring side; for the receiving side exactly the
 * consented items while consent lasts, and nothing once it is withdrawn or has expired. A patient
 * marked "do not contact" shares no contact details, whatever was ticked.
 */
export function visibleItems(side: Side, consent: { sharedItems: readonly string[]; state: ConsentState }, doNotContact: boolean): Set<SharedItem> {
  if (side === 'referring') return new Set(SHARED_ITEM_CODES);
  if (consent.state !== 'active') return new Set();
  return new Set(
    SHARED_ITEM_CODES.filter((item) => consent.sharedItems.includes(item) && !(doNotContact && CONTACT_ITEMS.includes(item))),
  );
}
