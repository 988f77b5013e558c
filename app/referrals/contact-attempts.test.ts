import { describe, expect, it } from 'vitest';
import { failedAttemptsInARow, proposesUnableToContact } from './contact-attempts';

const at = (day: number, result: string) => ({ attemptedAt: `2026-11-${String(day).padStart(2, '0')}T17:00:00.000Z`, result });

describe('contact attempts', () => {
  it('counts the failed attempts since the patient was last reached', () => {
    expect(failedAttemptsInARow([at(1, 'no-answer'), at(2, 'reached'), at(3, 'no-answer'), at(4, 'left-message')])).toBe(2);
    expect(failedAttemptsInARow([at(4, 'no-answer'), at(1, 'no-answer'), at(3, 'wrong-number')])).toBe(3);
    expect(failedAttemptsInARow([])).toBe(0);
  });

  it('proposes "unable to contact" after three failed attempts on an open referral', () => {
    const three = [at(1, 'no-answer'), at(2, 'left-message'), at(3, 'no-answer')];
    expect(proposesUnableToContact('in-progress', three.slice(0, 2))).toBe(false);
    expect(proposesUnableToContact('in-progress', three)).toBe(true);
    expect(proposesUnableToContact('accepted', [...three, at(4, 'reached')])).toBe(false);
    expect(proposesUnableToContact('failed', three)).toBe(false);
  });
});
