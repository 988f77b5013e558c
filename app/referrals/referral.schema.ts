// The forms of the referral workflow, one zod schema each, shared by the browser and the server.
import { z } from 'zod';
import { plainText } from '../plain-text.js';
import { CONTACT_METHODS, CONTACT_RESULTS, type ContactMethod, type ContactResult } from './contact-attempts.js';
import { CONSENT_GIVERS, CONSENT_METHODS, SHARED_ITEM_CODES, type ConsentGiver, type ConsentMethod } from './consent.js';
import { TASK_KINDS, type FollowUpResult, type TaskKind } from './follow-up.js';
import { REFERRAL_STATUSES } from './lifecycle.js';

export { CONSENT_GIVERS, CONSENT_METHODS, SHARED_ITEMS, type SharedItem } from './consent.js';

const checkbox = z.preprocess((value) => value === 'on' || value === 'true' || value === true, z.boolean());

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const isoDate = (message: string) => z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, message).refine(isRealDate, 'That date does not exist.');

/** Free text up to `max` characters, without control characters; blank is ''. */
const text = (max: number, tooLong: string) => plainText(z.string().trim().max(max, tooLong));
const optionalText = (max: number, tooLong: string) => z.preprocess((value) => value ?? '', text(max, tooLong));

const todayUtc = () => new Date().toISOString().slice(0, 10);
const version = z.coerce.number('Reload the page and try again.').int('Reload the page and try again.').positive('Reload the page and try again.');
const optionalId = z.preprocess((value) => (value === '' || value === undefined ? null : value), z.uuid('Choose someone from the list.').nullable());
const reasonCode = z.preprocess((value) => value ?? '', z.string().trim().max(60, 'Choose a reason from the list.').regex(/^[a-z0-9-]*$/, 'Choose a reason from the list.'));

/** Consent to the referral: how it was given, by whom, until when. */
const consentFields = {
  needId: z.uuid('Choose the need this referral is for.'),
  serviceId: z.uuid('Choose a service.'),
  consentGiven: checkbox.refine((value) => value, 'Confirm that the patient consented to this referral.'),
  consentMethod: z.enum(Object.keys(CONSENT_METHODS) as [ConsentMethod, ...ConsentMethod[]], 'Choose how consent was given.'),
  // The patient, unless the worker says a representative gave it.
  consentGivenBy: z.preprocess((value) => value ?? 'patient', z.enum(Object.keys(CONSENT_GIVERS) as [ConsentGiver, ...ConsentGiver[]], 'Choose who gave consent.')),
  representativeName: optionalText(100, 'Keep the name under 100 characters.'),
  representativeRelationship: optionalText(60, 'Keep the relationship under 60 characters.'),
  signatureName: optionalText(100, 'Keep the name under 100 characters.'),
  consentExpiresOn: isoDate('Enter the date consent ends as YYYY-MM-DD.')
    .refine((value) => value >= todayUtc(), 'Consent must last until today or later.')
    .refine((value) => value <= new Date(Date.now() + 366 * 24 * 3600 * 1000).toISOString().slice(0, 10), 'Consent can last at most one year.'),
  note: optionalText(1000, 'Keep the note under 1,000 characters.'),
  replacesReferralId: optionalId,
  confirmDuplicate: checkbox,
  // Asked only when the service has a waitlist or no capacity; the server checks it against the listing.
  capacityConfirmed: checkbox.optional().default(false),
};

type ConsentValues = { consentGivenBy: ConsentGiver; representativeName: string; consentMethod: ConsentMethod; signatureName: string };
function checkConsentGiver(values: ConsentValues, context: z.RefinementCtx) {
  if (values.consentGivenBy === 'representative' && !values.representativeName) {
    context.addIssue({ code: 'custom', path: ['representativeName'], message: "Enter the representative's name." });
  }
  if (values.consentMethod === 'signed-on-screen' && !values.signatureName) {
    context.addIssue({ code: 'custom', path: ['signatureName'], message: 'The person giving consent types their name here to sign.' });
  }
}

/** A referral to a service whose organisation receives referrals in CareLoop: consent item by item. */
export const referralFormSchema = z
  .object({
    ...consentFields,
    sharedItems: z
      .array(z.enum(SHARED_ITEM_CODES, 'Choose what the patient agreed to share.'), 'Choose what the patient agreed to share.')
      .min(1, 'Choose what the patient agreed to share.')
      .refine((items) => items.includes('identity'), 'The organisation needs at least the name and date of birth to help the patient.'),
    bestTimeToCall: optionalText(100, 'Keep the best time to call under 100 characters.'),
  })
  .superRefine((values, context) => {
    checkConsentGiver(values, context);
    if (values.sharedItems.includes('best-time') && !values.bestTimeToCall) {
      context.addIssue({ code: 'custom', path: ['bestTimeToCall'], message: 'Enter the best time to call, or untick it.' });
    }
  });
export type ReferralFormValues = z.input<typeof referralFormSchema>;

/**
 * A referral to a service that is not on CareLoop: nothing is sent to the organisation; the patient
 * takes the service's details and the case manager follows up.
 */
export const unmanagedReferralSchema = z.object(consentFields).superRefine(checkConsentGiver);
export type UnmanagedReferralValues = z.input<typeof unmanagedReferralSchema>;

export const statusChangeSchema = z.object({
  status: z.enum(REFERRAL_STATUSES, 'Choose a valid status.'),
  reasonCode,
  reason: optionalText(500, 'Keep the reason under 500 characters.'),
  note: optionalText(1000, 'Keep the note under 1,000 characters.'),
  version,
});
export type StatusChangeValues = z.input<typeof statusChangeSchema>;

export const messageSchema = z.object({
  body: text(4000, 'Keep the message under 4,000 characters.').pipe(z.string().min(1, 'Write a message.')),
  internal: checkbox,
});

export const contactAttemptSchema = z.object({
  attemptedAt: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Enter when you tried, as a date and time.')
    .refine((value) => isRealDate(value.slice(0, 10)) && Number(value.slice(11, 13)) < 24 && Number(value.slice(14, 16)) < 60, 'That date or time does not exist.'),
  method: z.enum(Object.keys(CONTACT_METHODS) as [ContactMethod, ...ContactMethod[]], 'Choose how you tried to reach the patient.'),
  result: z.enum(Object.keys(CONTACT_RESULTS) as [ContactResult, ...ContactResult[]], 'Choose what happened.'),
  note: optionalText(1000, 'Keep the note under 1,000 characters.'),
});

/** Assigning the person responsible; the assignee the page showed guards against a concurrent change. */
export const assignSchema = z.object({
  assigneeId: optionalId,
  seenAssigneeId: optionalId,
});

export const withdrawConsentSchema = z.object({
  note: optionalText(500, 'Keep the note under 500 characters.'),
  consentVersion: version,
});

export const FOLLOW_UP_RESULTS = ['reached', 'got-help', 'still-waiting', 'did-not-go'] as const satisfies readonly FollowUpResult[];
export const followUpResultSchema = z.object({
  result: z.enum(FOLLOW_UP_RESULTS, 'Choose what happened.'),
  note: optionalText(1000, 'Keep the note under 1,000 characters.'),
  version,
});

export const taskSchema = z.object({
  kind: z.enum(Object.keys(TASK_KINDS) as [TaskKind, ...TaskKind[]], 'Choose what needs doing.'),
  dueOn: isoDate('Enter the due date as YYYY-MM-DD.')
    .refine((value) => value >= new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10), 'The due date cannot be in the past.')
    .refine((value) => value <= new Date(Date.now() + 2 * 366 * 24 * 3600 * 1000).toISOString().slice(0, 10), 'Choose a due date within two years.'),
  note: optionalText(500, 'Keep the note under 500 characters.'),
  assigneeId: optionalId,
});

export const completeTaskSchema = z.object({
  taskId: z.uuid('Reload the page and try again.'),
  completionNote: optionalText(1000, 'Keep the note under 1,000 characters.'),
  version,
});
