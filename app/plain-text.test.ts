import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hasControlCharacters, hasUnreadableCharacters, plainText, withoutControlCharacters } from './plain-text';

describe('free text', () => {
  it('finds control characters but keeps tabs and line breaks', () => {
    expect(hasControlCharacters('a\u0000b')).toBe(true);
    expect(hasControlCharacters('line one\nline two\ttab')).toBe(false);
    expect(withoutControlCharacters('a\u0000b\u007f')).toBe('ab');
  });

  it('finds text that arrived garbled (bytes that were not UTF-8)', () => {
    const garbled = new TextDecoder().decode(new Uint8Array([0x43, 0x61, 0x66, 0xc3, 0x28]));
    expect(hasUnreadableCharacters(garbled)).toBe(true);
    expect(hasUnreadableCharacters('Café, 北京, مرحبا')).toBe(false);
  });

  it('gives each problem its own message, and lets ordinary text through', () => {
    const schema = plainText(z.string().max(20, 'Too long.'));
    expect(schema.safeParse('Café on Tuesday').success).toBe(true);
    expect(schema.safeParse('Caf\uFFFD').error?.issues.map((issue) => issue.message)).toEqual(['Some characters could not be read. Type the text again.']);
    expect(schema.safeParse('a\u0000').error?.issues.map((issue) => issue.message)).toEqual(['Remove the invisible control characters from this text.']);
  });
});
