// The rules of a patient handout that the screens need too. Pure.
import { isLocale, type Locale } from '../i18n/i18n.js';
import { isSafetySensitive as isSafetyNeed } from '../screening/safety.js';

export const MAX_HANDOUT_SERVICES = 10;

/**
 * Services for a safety-sensitive need (the screening domain decides which: intimate-partner violence,
 * elder abuse, a positive safety screen) may be printed, never sent by text or e-mail: a message on a
 * shared phone can put the patient in danger.
 */
export function isSafetySensitive(need: { category: string | null; domain?: string | null }): boolean {
  return isSafetyNeed(need);
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
