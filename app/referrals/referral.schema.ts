import { z } from 'zod';
import { OUTCOMES, REFERRAL_STATUSES } from './lifecycle.js';

export const SHARED_ITEMS = {
  identity: 'Name and date of birth',
  language: 'Preferred language',
  'postal-code': 'ZIP code',
  need: 'The need being referred',
} as const;
export type SharedItem = keyof typeof SHARED_ITEMS;

export const CONSENT_METHODS = { verbal: 'Verbal', written: 'Written (signed form)', electronic: 'Electronic' } as const;

const checkbox = z.preprocess((value) => value === 'on' || value === 'true' || value === true, z.boolean());
const isoDate = (message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .refine((value) => !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()), message);

export const referralFormSchema = z.object({
  needId: z.uuid('Choose the need this referral is for.'),
  serviceId: z.uuid('Choose a service.'),
  consentGiven: checkbox.refine((value) => value, 'Confirm that the patient consented to this referral.'),
  consentMethod: z.enum(Object.keys(CONSENT_METHODS) as [keyof typeof CONSENT_METHODS], 'Choose how consent was given.'),
  sharedItems: z
    .array(z.enum(Object.keys(SHARED_ITEMS) as [SharedItem, ...SharedItem[]]), 'Choose what the patient agreed to share.')
    .min(1, 'Choose what the patient agreed to share.')
    .refine((items) => items.includes('identity'), 'The organisation needs at least the name and date of birth to help the patient.'),
  consentExpiresOn: isoDate('Enter the date consent ends as YYYY-MM-DD.')
    .refine((value) => value >= new Date().toISOString().slice(0, 10), 'Consent must last until today or later.')
    .refine(
      (value) => value <= new Date(Date.now() + 366 * 24 * 3600 * 1000).toISOString().slice(0, 10),
      'Consent can last at most one year.',
    ),
  note: z.string().trim().max(1000, 'Keep the note under 1,000 characters.').optional().default(''),
  // Asked only when the service has a waitlist or no capacity; the server checks it against the listing.
  capacityConfirmed: checkbox.optional().default(false),
});
export type ReferralFormValues = z.input<typeof referralFormSchema>;

export const statusChangeSchema = z
  .object({
    status: z.enum(REFERRAL_STATUSES, 'Choose a valid status.'),
    reason: z.string().trim().max(500, 'Keep the reason under 500 characters.').optional().default(''),
    outcome: z.union([z.enum(Object.keys(OUTCOMES) as [keyof typeof OUTCOMES]), z.literal('')]).optional().default(''),
    note: z.string().trim().max(1000, 'Keep the note under 1,000 characters.').optional().default(''),
    version: z.coerce.number().int().positive('Reload the page and try again.'),
  });
export type StatusChangeValues = z.input<typeof statusChangeSchema>;
