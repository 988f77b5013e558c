// The referral Task lifecycle of the Gravity SDOH Clinical Care IG (DESIGN.md, "Track to completion").

export const REFERRAL_STATUSES = [
  'draft',
  'requested',
  'accepted',
  'rejected',
  'in-progress',
  'on-hold',
  'completed',
  'failed',
  'cancelled',
  'entered-in-error',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export type Side = 'referring' | 'receiving';

const TRANSITIONS: Record<ReferralStatus, readonly ReferralStatus[]> = {
  draft: ['requested'],
  requested: ['accepted', 'rejected', 'cancelled'],
  accepted: ['in-progress', 'on-hold', 'completed', 'failed', 'cancelled'],
  'in-progress': ['on-hold', 'completed', 'failed', 'cancelled'],
  'on-hold': ['in-progress', 'completed', 'failed', 'cancelled'],
  rejected: [],
  completed: [],
  failed: [],
  cancelled: [],
  'entered-in-error': [],
};

const SET_BY: Record<ReferralStatus, readonly Side[]> = {
  draft: ['referring'],
  requested: ['referring'],
  'entered-in-error': ['referring'],
  accepted: ['receiving'],
  rejected: ['receiving'],
  'in-progress': ['receiving'],
  'on-hold': ['receiving'],
  completed: ['receiving'],
  failed: ['receiving'],
  cancelled: ['referring', 'receiving'],
};

export const STATUSES_NEEDING_REASON: readonly ReferralStatus[] = ['rejected', 'cancelled', 'on-hold', 'failed'];
export const CLOSED_STATUSES: readonly ReferralStatus[] = ['rejected', 'completed', 'failed', 'cancelled', 'entered-in-error'];
export const OPEN_STATUSES: readonly ReferralStatus[] = REFERRAL_STATUSES.filter((status) => !CLOSED_STATUSES.includes(status));

export const STATUS_LABELS: Record<ReferralStatus, string> = {
  draft: 'Draft',
  requested: 'Requested',
  accepted: 'Accepted',
  rejected: 'Declined',
  'in-progress': 'In progress',
  'on-hold': 'On hold',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  'entered-in-error': 'Entered in error',
};

/** The value set a status's coded reason comes from (DESIGN.md: rejected, cancelled, on-hold and failed need one; completed says what was delivered). */
export const REASON_KIND_FOR_STATUS: Partial<Record<ReferralStatus, 'decline' | 'cancel' | 'on-hold' | 'failure' | 'delivered'>> = {
  rejected: 'decline',
  cancelled: 'cancel',
  'on-hold': 'on-hold',
  failed: 'failure',
  completed: 'delivered',
};

export interface TransitionRequest {
  from: ReferralStatus;
  to: ReferralStatus;
  side: Side;
  /** The coded reason chosen (its validity against the value set is checked by reasons.ts). */
  reasonCode?: string | null;
  /**
   * An unmanaged referral goes to a service that is not on CareLoop: the referring side records
   * what happened on the service's behalf, so it may set every status.
   */
  managed?: boolean;
}

export type TransitionCheck =
  | { ok: true }
  | { ok: false; problem: 'illegal' | 'not-your-side' | 'reason-required' | 'delivered-required'; message: string };

export function checkTransition({ from, to, side, reasonCode, managed = true }: TransitionRequest): TransitionCheck {
  const allowed = to === 'entered-in-error' ? from !== 'entered-in-error' : TRANSITIONS[from].includes(to);
  if (!allowed) {
    return {
      ok: false,
      problem: 'illegal',
      message: `A referral that is ${STATUS_LABELS[from].toLowerCase()} cannot become ${STATUS_LABELS[to].toLowerCase()}.`,
    };
  }
  if (managed && !SET_BY[to].includes(side)) {
    const who = side === 'referring' ? 'the receiving organisation' : 'the referring organisation';
    return { ok: false, problem: 'not-your-side', message: `Only ${who} can mark a referral ${STATUS_LABELS[to].toLowerCase()}.` };
  }
  if (to === 'completed' && !reasonCode?.trim()) {
    return { ok: false, problem: 'delivered-required', message: 'Choose what was delivered.' };
  }
  if (STATUSES_NEEDING_REASON.includes(to) && !reasonCode?.trim()) {
    return { ok: false, problem: 'reason-required', message: 'Choose a reason for this change.' };
  }
  return { ok: true };
}

/** The changes a side may offer from a status, in the order a person would look for them. */
export function nextStatuses(from: ReferralStatus, side: Side, managed = true): ReferralStatus[] {
  return TRANSITIONS[from].filter((to) => !managed || SET_BY[to].includes(side));
}

export function isClosed(status: ReferralStatus): boolean {
  return CLOSED_STATUSES.includes(status);
}

/** Declined, failed and cancelled referrals can be sent again elsewhere, linked to the one they replace. */
export const REREFERABLE_STATUSES: readonly ReferralStatus[] = ['rejected', 'failed', 'cancelled'];
