import { z } from 'zod';
import { typedText } from '../validation/text.js';

const checkbox = z.preprocess((value) => value === 'on' || value === 'true' || value === true, z.boolean());

/** IANA time zones the runtime knows (every browser and Node 20 list them). */
export const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');

export const organizationSchema = z.object({
  name: typedText().trim().min(1, 'Enter the organisation’s name.').max(200, 'Keep the name under 200 characters.'),
  kind: z.enum(['referring', 'receiving'], 'Choose what the organisation does in CareLoop.'),
  hsdsOrganizationId: z.preprocess((value) => (value === '' ? null : value), z.uuid('Choose from the list.').nullable()),
  responseWindowBusinessDays: z.coerce.number().int('Enter a whole number of business days.').min(1, 'Enter 1 to 30 business days.').max(30, 'Enter 1 to 30 business days.'),
  timeZone: z.string().refine((zone) => TIME_ZONES.includes(zone), 'Choose a time zone from the list.'),
  mfaRequired: checkbox,
  adminName: typedText().trim().min(1, 'Enter the name of the organisation’s first admin.').max(100, 'Keep the name under 100 characters.'),
  adminEmail: typedText().trim().min(1, 'Enter an e-mail address.').max(254).pipe(z.email('Enter a valid e-mail address.')),
});
