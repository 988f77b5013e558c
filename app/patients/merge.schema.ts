import { z } from 'zod';

const version = z.coerce.number('Reload the page and try again.').int('Reload the page and try again.').positive('Reload the page and try again.');

export const mergeSchema = z.object({
  otherId: z.uuid('Choose the other record.'),
  keep: z.enum(['this', 'other'], 'Choose which record stays.'),
  thisVersion: version,
  otherVersion: version,
  confirm: z.preprocess((value) => value === 'on', z.boolean()).refine((value) => value, 'Confirm that both records are the same person.'),
});
