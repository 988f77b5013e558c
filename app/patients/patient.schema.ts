import { z } from 'zod';
import { isRealDate, typedText } from '../validation/text.js';
import { LANGUAGE_CODES } from './languages.js';

export const CONTACT_PREFERENCES = {
  phone: 'Phone call',
  sms: 'Text message',
  email: 'E-mail',
  mail: 'Letter',
  'do-not-contact': 'Do not contact',
} as const;
export type ContactPreference = keyof typeof CONTACT_PREFERENCES;

export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME',
  'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'PR',
  'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
] as const;

const name = (label: string) =>
  typedText()
    .trim()
    .min(1, `Enter the patient's ${label}.`)
    .max(100, `The ${label} can be at most 100 characters.`);

/** An optional text field: blank becomes undefined. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

/** A checkbox: present ('on') when ticked, absent otherwise. */
const checkbox = z.preprocess((value) => value === 'on' || value === 'true' || value === true, z.boolean());

export const birthDateSchema = z
  .string()
  .trim()
  .min(1, 'Enter the date of birth.')
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date of birth as YYYY-MM-DD.')
  .refine(isRealDate, 'That date does not exist.')
  .refine((value) => value >= '1900-01-01', 'Enter a date of birth after 1900.')
  .refine((value) => value <= new Date().toISOString().slice(0, 10), 'The date of birth cannot be in the future.');

export const patientSchema = z
  .object({
    givenName: name('first name'),
    familyName: name('last name'),
    birthDate: birthDateSchema,
    mrn: optional(
      z
        .string()
        .trim()
        .max(30, 'The MRN can be at most 30 characters.')
        .regex(/^[A-Za-z0-9-]+$/, 'The MRN may contain only letters, digits and hyphens.'),
    ),
    phone: optional(
      z
        .string()
        .trim()
        .transform((value) => value.replace(/[\s().-]/g, '').replace(/^\+?1(?=\d{10}$)/, ''))
        .refine((digits) => /^\d{10}$/.test(digits), 'Enter a 10-digit US phone number.')
        .transform((digits) => `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`),
    ),
    email: optional(z.string().trim().max(254).pipe(z.email('Enter a valid e-mail address.'))),
    addressLine: optional(typedText().trim().max(200, 'Keep the street address under 200 characters.')),
    city: optional(typedText().trim().max(100, 'Keep the city under 100 characters.')),
    state: optional(z.enum(US_STATES, 'Choose a state from the list.')),
    postalCode: z
      .string()
      .trim()
      .min(1, 'Enter the ZIP code.')
      .regex(/^\d{5}(-\d{4})?$/, 'Enter a 5-digit US ZIP code.')
      .transform((value) => value.slice(0, 5)),
    preferredLanguage: z.enum(LANGUAGE_CODES, 'Choose a language from the list.'),
    contactPreference: z.enum(Object.keys(CONTACT_PREFERENCES) as [ContactPreference, ...ContactPreference[]], 'Choose how the patient wants to be contacted.'),
    // The patient's agreement to receive text messages / e-mail from the organisation (a checkbox).
    smsConsent: checkbox,
    emailConsent: checkbox,
  })
  .superRefine((patient, context) => {
    if (patient.contactPreference === 'sms' || patient.contactPreference === 'phone') {
      if (!patient.phone) context.addIssue({ code: 'custom', path: ['phone'], message: 'Enter a phone number to contact the patient by phone or text.' });
    }
    if (patient.contactPreference === 'email' && !patient.email) {
      context.addIssue({ code: 'custom', path: ['email'], message: 'Enter an e-mail address to contact the patient by e-mail.' });
    }
    if (patient.smsConsent && !patient.phone) {
      context.addIssue({ code: 'custom', path: ['phone'], message: 'Enter a phone number for text messages.' });
    }
    if (patient.emailConsent && !patient.email) {
      context.addIssue({ code: 'custom', path: ['email'], message: 'Enter an e-mail address for e-mail.' });
    }
    if (patient.contactPreference === 'mail' && !patient.addressLine) {
      context.addIssue({ code: 'custom', path: ['addressLine'], message: 'Enter a street address to contact the patient by letter.' });
    }
  });

export type PatientInput = z.infer<typeof patientSchema>;

export const patientSearchSchema = z.object({
  q: typedText().trim().max(100, 'Keep the search under 100 characters.').default(''),
});
