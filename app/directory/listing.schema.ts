// The listing forms a receiving organisation fills in: its service's details and hours, and its
// capacity. One zod schema each, shared by the browser and the action. Pure.
import { z } from 'zod';
import { CAPACITY_STATUSES, type CapacityStatus } from './capacity.js';
import { checkSchedule, isTimeZone, minutesOfDay } from './hours.js';

export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export const MAX_PHONES = 4;

const NUL = '\u0000';
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep this under ${max} characters.`)
    .refine((value) => !value.includes(NUL), 'Remove the invisible control character.');
const time = z
  .string()
  .trim()
  .refine((value) => value === '' || minutesOfDay(value) !== undefined, 'Enter a time as HH:MM, for example 09:00.');
// Digits, spaces and the usual separators, 7 to 15 digits (E.164), or a short code such as 211.
const PHONE = /^\+?[\d\s().-]+$/;
const phoneNumber = z
  .string()
  .trim()
  .max(40, 'Keep this under 40 characters.')
  .refine((value) => value === '' || (PHONE.test(value) && /^(\d{3}|\d{7,15})$/.test(value.replace(/\D/g, ''))), 'Enter a phone number such as 415-555-0100 (or a short code such as 211).');
const age = z
  .string()
  .trim()
  .refine((value) => value === '' || (/^\d{1,3}$/.test(value) && Number(value) <= 120), 'Enter an age from 0 to 120, or leave it empty.');

const dayFields = Object.fromEntries(WEEKDAY_CODES.flatMap((_, day) => [[`opens_${day}`, time], [`closes_${day}`, time]]));
const phoneFields = Object.fromEntries(
  Array.from({ length: MAX_PHONES }, (_, index) => [
    [`phone_${index}_number`, phoneNumber],
    [`phone_${index}_extension`, z.string().trim().refine((value) => value === '' || /^\d{1,8}$/.test(value), 'An extension is digits only.')],
    [`phone_${index}_description`, text(200)],
  ]).flat(),
);

export const listingSchema = z
  .object({
    version: z.coerce.number().int().min(1),
    description: text(4000),
    eligibility: text(2000),
    minimumAge: age,
    maximumAge: age,
    fees: text(2000),
    applicationProcess: text(2000),
    timeZone: z.string().refine((value) => value === '' || isTimeZone(value), 'Choose a time zone from the list.'),
    // A browser form gives one value, several, or none (react-hook-form: false) for a group of checkboxes.
    languages: z.preprocess(
      (value) => (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []),
      z.array(z.string().regex(/^[a-z]{2,3}$/, 'Choose languages from the list.')).max(40),
    ),
    ...dayFields,
    ...phoneFields,
  })
  .superRefine((form, context) => {
    const values = form as unknown as Record<string, string>;
    WEEKDAY_CODES.forEach((code, day) => {
      const opens = values[`opens_${day}`];
      const closes = values[`closes_${day}`];
      if ((opens === '') !== (closes === '')) {
        context.addIssue({ code: 'custom', path: [opens === '' ? `opens_${day}` : `closes_${day}`], message: 'Give both the opening and the closing time, or neither.' });
      } else if (opens && closes && minutesOfDay(closes)! <= minutesOfDay(opens)!) {
        context.addIssue({ code: 'custom', path: [`closes_${day}`], message: 'The closing time must come after the opening time.' });
      } else if (opens && closes) {
        const check = checkSchedule({ freq: 'WEEKLY', byday: code, opens_at: opens, closes_at: closes });
        if (!check.ok) context.addIssue({ code: 'custom', path: [`opens_${day}`], message: check.message });
      }
    });
    if (form.minimumAge && form.maximumAge && Number(form.maximumAge) < Number(form.minimumAge)) {
      context.addIssue({ code: 'custom', path: ['maximumAge'], message: 'The maximum age is below the minimum age.' });
    }
    for (let index = 0; index < MAX_PHONES; index++) {
      if (!values[`phone_${index}_number`] && (values[`phone_${index}_extension`] || values[`phone_${index}_description`])) {
        context.addIssue({ code: 'custom', path: [`phone_${index}_number`], message: 'Enter the number, or clear the extension and description.' });
      }
    }
  });
/** The parsed form; the per-day (opens_0 …) and per-phone (phone_0_number …) fields are read by name. */
export type ListingInput = {
  version: number;
  description: string;
  eligibility: string;
  minimumAge: string;
  maximumAge: string;
  fees: string;
  applicationProcess: string;
  /** The organisation's named zone its hours are read in ('' = not set). */
  timeZone: string;
  languages: string[];
} & Record<string, unknown>;

/** Zones offered on the listing form (the current value is offered too, whatever it is). */
export const US_TIME_ZONES = [
  'America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage',
  'Pacific/Honolulu', 'America/Puerto_Rico',
];

const today = () => new Date().toISOString().slice(0, 10);
const inOneYear = () => new Date(Date.now() + 366 * 86_400_000).toISOString().slice(0, 10);

export const capacitySchema = z.object({
  version: z.coerce.number().int().min(1),
  status: z.enum(CAPACITY_STATUSES.filter((status) => status !== 'unknown') as [CapacityStatus, ...CapacityStatus[]], 'Choose the capacity.'),
  note: text(500),
  until: z
    .string()
    .trim()
    .refine((value) => value === '' || /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value, 'Enter a real date as YYYY-MM-DD.')
    .refine((value) => value === '' || (value >= today() && value <= inOneYear()), 'Choose a day from today to one year ahead.'),
});
export type CapacityInput = z.infer<typeof capacitySchema>;

export const confirmSchema = z.object({ version: z.coerce.number().int().min(1) });
