import { z } from 'zod';
import { EMAIL_MODES, NOTIFICATION_KINDS, type EmailMode } from './events.js';

const mode = z.enum(Object.keys(EMAIL_MODES) as [EmailMode, ...EmailMode[]], 'Choose how to receive this by e-mail.');

/** The notification settings form: the e-mail language, and one choice per kind (`email.<kind>`). */
export const notificationSettingsSchema = z.object({
  locale: z.enum(['en', 'es'], 'Choose the language of your e-mails.'),
  email: z.partialRecord(z.enum(NOTIFICATION_KINDS), mode),
});

/** Form fields (`email.referral.accepted=digest`) into the schema's shape. */
export function settingsFromForm(values: Record<string, unknown>) {
  const email: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (key.startsWith('email.')) email[key.slice('email.'.length)] = value;
  return { locale: values.locale, email };
}
