import { z } from 'zod';
import { LANGUAGE_CODES } from './languages.js';

const name = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the patient's ${label}.`)
    .max(100, `The ${label} can be at most 100 characters.`);

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const patientSchema = z.object({
  givenName: name('first name'),
  familyName: name('last name'),
  birthDate: z
    .string()
    .trim()
    .min(1, 'Enter the date of birth.')
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date of birth as YYYY-MM-DD.')
    .refine(isRealDate, 'That date does not exist.')
    .refine((value) => value >= '1900-01-01', 'Enter a date of birth after 1900.')
    .refine((value) => value <= new Date().toISOString().slice(0, 10), 'The date of birth cannot be in the future.'),
  postalCode: z
    .string()
    .trim()
    .min(1, 'Enter the ZIP code.')
    .regex(/^\d{5}(-\d{4})?$/, 'Enter a 5-digit US ZIP code.')
    .transform((value) => value.slice(0, 5)),
  preferredLanguage: z.enum(LANGUAGE_CODES, 'Choose a language from the list.'),
});

export type PatientInput = z.infer<typeof patientSchema>;
