import { describe, expect, it } from 'vitest';
import { followUpSteps, suggestedDueDate } from './follow-up';

const none = new Set<string>();

describe('follow-up of an unmanaged referral', () => {
  it('keeps the IG lifecycle: got help from a referral nobody took on is accepted, then completed', () => {
    expect(followUpSteps('requested', 'got-help')).toEqual([{ to: 'accepted' }, { to: 'completed', reasonKind: 'delivered', reasonCode: 'service-provided' }]);
    expect(followUpSteps('accepted', 'got-help')).toEqual([{ to: 'completed', reasonKind: 'delivered', reasonCode: 'service-provided' }]);
  });

  it('reached the service is accepted; still waiting changes nothing; did not go is cancelled', () => {
    expect(followUpSteps('requested', 'reached')).toEqual([{ to: 'accepted' }]);
    expect(followUpSteps('accepted', 'reached')).toEqual([]);
    expect(followUpSteps('requested', 'still-waiting')).toEqual([]);
    expect(followUpSteps('in-progress', 'did-not-go')).toEqual([{ to: 'cancelled', reasonKind: 'cancel', reasonCode: 'patient-did-not-go' }]);
  });

  it('records nothing on a closed referral', () => {
    expect(followUpSteps('completed', 'got-help')).toBeNull();
  });
});

describe('suggested due dates', () => {
  it('a call is the next business day, an outcome check the follow-up window, a re-screen six months on', () => {
    expect(suggestedDueDate('call-patient', '2026-11-20', 5, none)).toBe('2026-11-23');
    expect(suggestedDueDate('check-outcome', '2026-11-20', 5, new Set(['2026-11-26']))).toBe('2026-11-30');
    expect(suggestedDueDate('re-screen', '2026-11-20', 5, none)).toBe('2027-05-20');
    expect(suggestedDueDate('re-screen', '2026-08-31', 5, none)).toBe('2027-02-28');
  });
});
