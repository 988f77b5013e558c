import type { z } from 'zod';

// Control characters (a NUL byte, say) are never part of what a person means to type; tabs and
// line breaks are.
const isControl = (code: number) => (code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127;

export function hasControlCharacters(value: string): boolean {
  for (let index = 0; index < value.length; index++) if (isControl(value.charCodeAt(index))) return true;
  return false;
}

export function withoutControlCharacters(value: string): string {
  return [...value].filter((char) => !isControl(char.charCodeAt(0))).join('');
}

/** U+FFFD is what a browser's bytes become when they were not UTF-8: the text did not arrive as typed. */
export function hasUnreadableCharacters(value: string): boolean {
  return value.includes('\uFFFD');
}

/** A free-text field: no control characters, and nothing that arrived garbled. */
export function plainText(schema: z.ZodString) {
  return schema
    .refine((value) => !hasControlCharacters(value), 'Remove the invisible control characters from this text.')
    .refine((value) => !hasUnreadableCharacters(value), 'Some characters could not be read. Type the text again.');
}
