import { z } from 'zod';
import { plainText } from '../plain-text.js';

const TIME_ZONES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('timeZone'));
const days = (message: string) => z.coerce.number(message).int(message).min(1, message).max(60, message);

export const organizationSettingsSchema = z.object({
  timeZone: z.string().trim().refine((value) => TIME_ZONES.has(value) || value === 'UTC', 'Choose a time zone from the list.'),
  responseWindowBusinessDays: days('Enter a number of business days from 1 to 60.'),
  followUpBusinessDays: days('Enter a number of business days from 1 to 60.'),
  version: z.coerce.number('Reload the page and try again.').int('Reload the page and try again.').positive('Reload the page and try again.'),
});

export const holidaySchema = z.object({
  holidayOn: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date as YYYY-MM-DD.')
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'That date does not exist.'),
  name: plainText(z.string().trim().min(1, 'Name the holiday.').max(100, 'Keep the name under 100 characters.')),
});

export const removeHolidaySchema = z.object({ holidayId: z.uuid('Reload the page and try again.') });

/** The time zones offered: the US ones first, then every other zone. */
export function timeZoneChoices(): string[] {
  const all = [...TIME_ZONES].sort();
  const us = all.filter((zone) => zone.startsWith('America/') || zone.startsWith('Pacific/Honolulu'));
  return [...new Set([...us, ...all])];
}
