import { z } from 'zod';

// PostgreSQL cannot store U+0000 in text or jsonb; browsers and scripts can still send it.
const NUL = '\u0000';

export const CONTROL_CHARACTER_MESSAGE = 'Remove the invisible control character from this text.';

/** What the data layer answers when something no form check caught still cannot be stored. */
export const UNSTORABLE_INPUT_MESSAGE =
  'Something you entered cannot be stored (an invisible control character or a date that does not exist, for example). Check what you typed and try again.';

export function hasNulCharacter(value: string): boolean {
  return value.includes(NUL);
}

/** Any text a person types: refused (never silently changed) when it holds a character PostgreSQL cannot store. */
export function typedText() {
  return z.string().refine((value) => !hasNulCharacter(value), CONTROL_CHARACTER_MESSAGE);
}

/** A YYYY-MM-DD string naming a day that exists (no 30 February, no 31 April). */
export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
