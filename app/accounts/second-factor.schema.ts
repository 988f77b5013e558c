import { z } from 'zod';
import { typedText } from '../validation/text.js';

/** A six-digit code from the authenticator app, or a recovery code (xxxxx-xxxxx). */
export const secondFactorSchema = z.object({
  code: typedText().trim().min(1, 'Enter the code from your app.').max(20, 'That code is not right. Use the current code from your app, or one of your recovery codes.'),
});

export const reauthenticationSchema = z.object({
  password: typedText().min(1, 'Enter your password.').max(1024, 'That password is too long.'),
  code: typedText().trim().max(20).optional(),
});
