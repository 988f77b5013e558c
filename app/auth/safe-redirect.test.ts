import { describe, expect, it } from 'vitest';
import { safeRedirect } from './safe-redirect';

describe('safeRedirect', () => {
  it.each(['/patients', '/patients/new?instrument=ahc-hrsn', '/portal/referrals/0f0e4b44-0000-4000-8000-000000000000'])('keeps %s', (path) => {
    expect(safeRedirect(path)).toBe(path);
  });

  it.each(['//evil.example', '/.//evil.example', '/..//evil.example', '/%2e//evil.example', '/%2E%2E//evil.example', '/a/../..//evil.example/x', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', 'https://evil.example', 'evil', '', null])(
    'refuses %j',
    (target) => {
      expect(safeRedirect(target)).toBeNull();
    },
  );
});
