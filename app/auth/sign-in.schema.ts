import { z } from 'zod';
import { typedText } from '../validation/text.js';

export const signInSchema = z.object({
  email: typedText().trim().min(1, 'Enter your e-mail address.').max(254).pipe(z.email('Enter a valid e-mail address.')),
  password: typedText().min(1, 'Enter your password.').max(1024, 'That password is too long.'),
});
export type SignInValues = z.infer<typeof signInSchema>;
