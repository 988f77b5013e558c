// Which needs are about the patient's safety. A safety need must never reach a patient-facing handout
// or SMS (someone else may read it), and reaches a receiving organisation only when the patient
// consented to share it specifically. Pure: every area that shows needs outside the clinic asks here.
import { RULE_TABLES } from './rules.js';

/** SDOH categories that are about the patient's safety, whatever screen raised them. */
export const SAFETY_CATEGORIES: ReadonlySet<string> = new Set(['intimate-partner-violence', 'elder-abuse']);

/** Screening domains whose positive result raises the safety alert (AHC HITS, PRAPARE safety items). */
export const SAFETY_DOMAINS: ReadonlySet<string> = new Set(
  Object.values(RULE_TABLES).flatMap((table) => table.domains.filter((domain) => domain.safety).map((domain) => domain.id)),
);

/**
 * The consent item a patient ticks, besides "the need being referred", to share a safety need with
 * a receiving organisation; without it the organisation sees the referral but not the need.
 */
export const SAFETY_CONSENT_ITEM = 'safety-need';

/**
 * A need is safety-sensitive when its category is a safety category, or it came from a safety domain
 * (even if the worker later filed it under another category).
 */
export function isSafetySensitive(need: { category: string | null; domain?: string | null }): boolean {
  return (need.category !== null && SAFETY_CATEGORIES.has(need.category)) || (need.domain != null && SAFETY_DOMAINS.has(need.domain));
}

/**
 * Whether a receiving organisation may see this need, given the items the patient consented to share:
 * the need itself, and for a safety need also the safety item, consented item by item.
 */
export function receivingSideMaySeeNeed(need: { category: string | null; domain?: string | null }, sharedItems: readonly string[]): boolean {
  if (!sharedItems.includes('need')) return false;
  return !isSafetySensitive(need) || sharedItems.includes(SAFETY_CONSENT_ITEM);
}

/** Needs that may go into something the patient or anyone near them reads (handout, SMS). */
export function patientFacingNeeds<Need extends { category: string | null; domain?: string | null }>(needs: readonly Need[]): Need[] {
  return needs.filter((need) => !isSafetySensitive(need));
}
