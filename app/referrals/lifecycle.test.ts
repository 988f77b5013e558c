import { describe, expect, it } from 'vitest';
import { REFERRAL_STATUSES, checkTransition, nextStatuses, type ReferralStatus } from './lifecycle';

const legal: Array<[ReferralStatus, ReferralStatus]> = [
  ['draft', 'requested'],
  ['requested', 'accepted'],
  ['requested', 'rejected'],
  ['requested', 'cancelled'],
  ['accepted', 'in-progress'],
  ['accepted', 'on-hold'],
  ['accepted', 'completed'],
  ['accepted', 'failed'],
  ['accepted', 'cancelled'],
  ['in-progress', 'on-hold'],
  ['on-hold', 'in-progress'],
  ['in-progress', 'completed'],
  ['in-progress', 'failed'],
  ['in-progress', 'cancelled'],
  ['on-hold', 'completed'],
  ['on-hold', 'failed'],
  ['on-hold', 'cancelled'],
];
const isLegal = (from: ReferralStatus, to: ReferralStatus) =>
  (to === 'entered-in-error' && from !== 'entered-in-error') || legal.some(([f, t]) => f === from && t === to);

const sideFor = (to: ReferralStatus) =>
  ['draft', 'requested', 'entered-in-error'].includes(to) ? ('referring' as const) : ('receiving' as const);

describe('referral lifecycle', () => {
  it.each(REFERRAL_STATUSES.flatMap((from) => REFERRAL_STATUSES.map((to) => [from, to] as const)))(
    '%s → %s is allowed exactly when the IG diagram allows it',
    (from, to) => {
      const result = checkTransition({ from, to, side: sideFor(to), reasonCode: 'other' });
      expect(result.ok).toBe(isLegal(from, to));
      if (!result.ok) expect(result.problem).toBe('illegal');
    },
  );

  it('lets only the receiving organisation accept, and only the referring one request', () => {
    expect(checkTransition({ from: 'requested', to: 'accepted', side: 'referring' })).toMatchObject({
      ok: false,
      problem: 'not-your-side',
    });
    expect(checkTransition({ from: 'draft', to: 'requested', side: 'receiving' })).toMatchObject({ ok: false });
  });

  it('lets either side cancel', () => {
    expect(checkTransition({ from: 'requested', to: 'cancelled', side: 'referring', reasonCode: 'patient-request' }).ok).toBe(true);
    expect(checkTransition({ from: 'accepted', to: 'cancelled', side: 'receiving', reasonCode: 'other' }).ok).toBe(true);
  });

  it.each(['rejected', 'cancelled', 'on-hold', 'failed'] as const)('%s needs a coded reason', (to) => {
    const from = to === 'rejected' ? 'requested' : 'accepted';
    const side = to === 'cancelled' ? 'referring' : 'receiving';
    expect(checkTransition({ from, to, side, reasonCode: '  ' })).toMatchObject({ ok: false, problem: 'reason-required' });
    expect(checkTransition({ from, to, side, reasonCode: 'other' }).ok).toBe(true);
  });

  it('completes only saying what was delivered', () => {
    expect(checkTransition({ from: 'accepted', to: 'completed', side: 'receiving' })).toMatchObject({ problem: 'delivered-required' });
    expect(checkTransition({ from: 'accepted', to: 'completed', side: 'receiving', reasonCode: 'goods-provided' }).ok).toBe(true);
  });

  it('lets the referring side record every step of an unmanaged referral, along the same lifecycle', () => {
    expect(checkTransition({ from: 'requested', to: 'accepted', side: 'referring', managed: false }).ok).toBe(true);
    expect(checkTransition({ from: 'accepted', to: 'completed', side: 'referring', managed: false, reasonCode: 'service-provided' }).ok).toBe(true);
    expect(checkTransition({ from: 'requested', to: 'completed', side: 'referring', managed: false, reasonCode: 'service-provided' }).ok).toBe(false);
    expect(nextStatuses('requested', 'referring', false)).toEqual(['accepted', 'rejected', 'cancelled']);
  });

  it('offers each side only its own next steps', () => {
    expect(nextStatuses('requested', 'receiving')).toEqual(['accepted', 'rejected', 'cancelled']);
    expect(nextStatuses('requested', 'referring')).toEqual(['cancelled']);
    expect(nextStatuses('completed', 'receiving')).toEqual([]);
  });
});
