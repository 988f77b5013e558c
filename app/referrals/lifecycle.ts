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

export const OUTCOMES = {
  'service-delivered': 'Service delivered — the patient got help',
  'could-not-contact': "Couldn't contact the patient",
  'not-eligible': 'Not eligible',
  'no-capacity': 'No capacity',
  'no-longer-interested': 'No longer interested',
  'referred-elsewhere': 'Referred elsewhere',
} as const;
export type Outcome = keyof typeof OUTCOMES;

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

export interface TransitionRequest {
  from: ReferralStatus;
  to: ReferralStatus;
  side: Side;
  reason?: string | null;
  outcome?: string | null;
}

export type TransitionCheck =
  | { ok: true }
  | { ok: false; problem: 'illegal' | 'not-your-side' | 'reason-required' | 'outcome-required'; message: string };

export function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && Object.hasOwn(OUTCOMES, value);
}

export function checkTransition({ from, to, side, reason, outcome }: TransitionRequest): TransitionCheck {
  const allowed = to === 'entered-in-error' ? from !== 'entered-in-error' : TRANSITIONS[from].includes(to);
  if (!allowed) {
    return {
      ok: false,
      problem: 'illegal',
      message: `A referral that is ${STATUS_LABELS[from].toLowerCase()} cannot become ${STATUS_LABELS[to].toLowerCase()}.`,
    };
  }
  if (!SET_BY[to].includes(side)) {
    const who = side === 'referring' ? 'the receiving organisation' : 'the referring organisation';
    return { ok: false, problem: 'not-your-side', message: `Only ${who} can mark a referral ${STATUS_LABELS[to].toLowerCase()}.` };
  }
  if (STATUSES_NEEDING_REASON.includes(to) && !reason?.trim()) {
    return { ok: false, problem: 'reason-required', message: 'Give a reason for this change.' };
  }
  if (to === 'completed' && !isOutcome(outcome)) {
    return { ok: false, problem: 'outcome-required', message: 'Choose the outcome of the referral.' };
  }
  return { ok: true };
}

/** The changes a side may offer from a status, in the order a person would look for them. */
export function nextStatuses(from: ReferralStatus, side: Side): ReferralStatus[] {
  return TRANSITIONS[from].filter((to) => SET_BY[to].includes(side));
}
