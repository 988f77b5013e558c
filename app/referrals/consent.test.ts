import { describe, expect, it } from 'vitest';
import { consentState, visibleItems } from './consent';

describe('consent', () => {
  it('lasts through its last day, and not once withdrawn', () => {
    expect(consentState({ expiresOn: '2026-12-01', withdrawnAt: null }, '2026-12-01')).toBe('active');
    expect(consentState({ expiresOn: '2026-12-01', withdrawnAt: null }, '2026-12-02')).toBe('expired');
    expect(consentState({ expiresOn: '2027-12-01', withdrawnAt: '2026-12-01T10:00:00Z' }, '2026-12-01')).toBe('withdrawn');
  });

  it('shows the receiving side exactly the consented items', () => {
    const seen = visibleItems('receiving', { sharedItems: ['identity', 'phone', 'need'], state: 'active' }, false);
    expect([...seen].sort()).toEqual(['identity', 'need', 'phone']);
  });

  it('shows the receiving side nothing once consent has ended', () => {
    expect(visibleItems('receiving', { sharedItems: ['identity', 'phone'], state: 'withdrawn' }, false).size).toBe(0);
    expect(visibleItems('receiving', { sharedItems: ['identity', 'phone'], state: 'expired' }, false).size).toBe(0);
  });

  it('never shares contact details of a patient marked "do not contact"', () => {
    const seen = visibleItems('receiving', { sharedItems: ['identity', 'phone', 'email', 'address', 'best-time'], state: 'active' }, true);
    expect([...seen]).toEqual(['identity']);
  });

  it('shows the referring side everything, whatever the consent', () => {
    expect(visibleItems('referring', { sharedItems: [], state: 'withdrawn' }, true).has('phone')).toBe(true);
  });
});
