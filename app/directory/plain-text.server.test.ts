import { describe, expect, it } from 'vitest';
import { plainText } from './plain-text.server';

describe('directory text shown as plain text', () => {
  it('strips markup and scripts, keeps line breaks and decodes entities', () => {
    expect(plainText('<p class=msonormal>Free meals</p><p>Mon &amp; Tue<br />9&nbsp;am</p>')).toBe('Free meals\nMon & Tue\n9 am');
    expect(plainText('Call us<script>alert(1)</script> <img src=x onerror=alert(1)>today')).toBe('Call us today');
    expect(plainText('a < b and c > d')).toBe('a < b and c > d');
  });

  it('gives null for nothing', () => {
    expect(plainText(null)).toBeNull();
    expect(plainText('<p> </p>')).toBeNull();
  });
});
