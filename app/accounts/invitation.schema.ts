import { z } from 'zod';
import { ROLES, type Role } from '../auth/roles.js';
import { typedText } from '../validation/text.js';

export const invitationSchema = z.object({
  email: typedText().trim().min(1, 'Enter an e-mail address.').max(254).pipe(z.email('Enter a valid e-mail address.')),
  fullName: typedText().trim().min(1, 'Enter their name.').max(100, 'Keep the name under 100 characters.'),
  role: z.enum(ROLES as unknown as [Role, ...Role[]], 'Choose a role from the list.'),
});

export const memberChangeSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('role'), userId: z.uuid('Choose from the list.'), role: z.enum(ROLES as unknown as [Role, ...Role[]], 'Choose a role from the list.'), version: z.coerce.number().int().positive('Reload the page and try again.') }),
  z.object({ intent: z.enum(['disable', 'enable', 'reset-mfa']), userId: z.uuid('Choose from the list.'), version: z.coerce.number().int().positive('Reload the page and try again.') }),
  z.object({ intent: z.literal('revoke-invitation'), invitationId: z.uuid('Choose from the list.') }),
], 'That action is not possible.');
