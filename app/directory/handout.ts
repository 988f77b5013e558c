// The rules of a patient handout that the screens need too. Pure.
import { isLocale, type Locale } from '../i18n/i18n.js';

export const MAX_HANDOUT_SERVICES = 10;

/**
 * Needs whose services may be printed but never sent by text or e-mail: a message on a shared phone
 * can put the patient in danger. The screening domain will name these itself; until then, this list.
 */
export const SAFETY_SENSITIVE_NEEDS = new Set(['intimate-partner-violence', 'elder-abuse']);

export function isSafetySensitive(needCategory: string): boolean {
  return SAFETY_SENSITIVE_NEEDS.has(needCategory);
}

/** The handout's language: the patient's, when CareLoop speaks it. */
export function handoutLocale(patientLanguage: string): Locale {
  return isLocale(patientLanguage) ? patientLanguage : 'en';
}

/** How the timeline names information given, by channel. */
export const HANDOUT_CHANNEL_LABELS = {
  print: 'Information given (printed)',
  email: 'Information given (e-mail)',
  sms: 'Information given (text message)',
} as const;
