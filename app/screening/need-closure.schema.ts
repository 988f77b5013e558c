import { z } from 'zod';
import { plainText } from '../plain-text.js';

const note = (max: number, tooLong: string) =>
  z.preprocess(
    (value) => value ?? '',
    plainText(z.string().trim().max(max, tooLong)),
  );
const version = z.coerce.number('Reload the page and try again.').int('Reload the page and try again.').positive('Reload the page and try again.');

export const NEED_ENDINGS = {
  resolve: 'Resolved',
  'not-wanted': 'No longer wanted',
  void: 'Entered by mistake',
} as const;
export type NeedEnding = keyof typeof NEED_ENDINGS;

/** How a need ends: resolved (and how), no longer wanted, or entered by mistake (with the reason). */
export const needClosureSchema = z
  .object({
    ending: z.enum(Object.keys(NEED_ENDINGS) as [NeedEnding, ...NeedEnding[]], 'Choose how the need ends.'),
    resolutionCode: z.preprocess((value) => value ?? '', z.string().trim().max(60).regex(/^[a-z0-9-]*$/, 'Choose how it was resolved.')),
    note: note(500, 'Keep the note under 500 characters.'),
    version,
  })
  .superRefine((values, context) => {
    if (values.ending === 'resolve' && !values.resolutionCode) context.addIssue({ code: 'custom', path: ['resolutionCode'], message: 'Choose how it was resolved.' });
    if (values.ending === 'void' && !values.note) context.addIssue({ code: 'custom', path: ['note'], message: 'Say why it was entered by mistake.' });
  });

export const screeningVoidSchema = z.object({
  reason: note(500, 'Keep the reason under 500 characters.').pipe(z.string().min(1, 'Say why the screening was entered by mistake.')),
  version,
});
