import { z } from 'zod';
import { typedText } from '../validation/text.js';

/**
 * NIST SP 800-63B: at least 12 characters, any characters (spaces and emoji included), no
 * composition rules; at most 256 so that hashing stays cheap. The server also checks the password
 * against common passwords and a strength estimator (password-strength.server.ts).
 */
export const MIN_PASSWORD_LENGTH = 12;
export const newPasswordSchema = typedText()
  .refine((value) => [...value].length >= MIN_PASSWORD_LENGTH, 'Use at least 12 characters.')
  .refine((value) => [...value].length <= 256, 'Use at most 256 characters.');

export const setPasswordSchema = z
  .object({ password: newPasswordSchema, confirmPassword: z.string() })
  .refine((values) => values.password === values.confirmPassword, { path: ['confirmPassword'], message: 'The two passwords are not the same.' });

export const acceptInvitationSchema = z
  .object({
    fullName: typedText().trim().min(1, 'Enter your name.').max(100, 'Keep your name under 100 characters.'),
    password: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((values) => values.password === values.confirmPassword, { path: ['confirmPassword'], message: 'The two passwords are not the same.' });

export const changePasswordSchema = z
  .object({
    currentPassword: typedText().min(1, 'Enter your current password.').max(1024),
    password: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((values) => values.password === values.confirmPassword, { path: ['confirmPassword'], message: 'The two passwords are not the same.' });

export const forgotPasswordSchema = z.object({
  email: typedText().trim().min(1, 'Enter your e-mail address.').max(254).pipe(z.email('Enter a valid e-mail address.')),
});
