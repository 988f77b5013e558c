import { expect, it } from 'vitest';
import { formatDateTime } from './status';

it('shows a moment in the organisation’s time zone, with the zone named', () => {
  expect(formatDateTime('2026-12-01T20:05:00Z', 'en-US', 'America/Los_Angeles')).toBe('Dec 1, 2026, 12:05 PM PST');
  expect(formatDateTime('2026-07-01T20:05:00Z', 'en-US', 'America/Los_Angeles')).toBe('Jul 1, 2026, 1:05 PM PDT');
  // Just after midnight UTC on the 1st is still the last day of the month in California.
  expect(formatDateTime('2026-12-01T03:00:00Z', 'en-US', 'America/Los_Angeles')).toMatch(/^Nov 30, 2026, 7:00 PM PST$/);
  expect(formatDateTime('2026-12-01T20:05:00Z', 'es-US', 'America/Los_Angeles')).toMatch(/1 dic 2026/);
});
