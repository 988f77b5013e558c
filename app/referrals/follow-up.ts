// Follow-up: the tasks case managers set themselves, and what recording the outcome of an unmanaged
// referral does to it. Pure: no I/O.
import { addBusinessDays, type IsoDate } from './business-days.js';
import type { ReferralStatus } from './lifecycle.js';

export const TASK_KINDS = {
  'call-patient': 'Call the patient',
  'check-outcome': 'Check the outcome',
  're-screen': 'Re-screen the patient',
  other: 'Something else',
} as const;
export type TaskKind = keyof typeof TASK_KINDS;

/** The worklist's lists of open tasks, by when they are due. */
export const WORKLIST_WINDOWS = { overdue: 'Overdue', today: 'Due today', week: 'Due within 7 days', all: 'All open tasks' } as const;
export type WorklistWindow = keyof typeof WORKLIST_WINDOWS;

/** The due date a new task suggests: tomorrow's business day for a call, the organisation's follow-up window, six months for a re-screen. */
export function suggestedDueDate(kind: TaskKind, today: IsoDate, followUpBusinessDays: number, holidays: ReadonlySet<IsoDate>): IsoDate {
  switch (kind) {
    case 'call-patient':
      return addBusinessDays(today, 1, holidays);
    case 're-screen': {
      // The same day six months on, or that month's last day (31 August → 28 or 29 February).
      const [year, month, day] = today.split('-').map(Number);
      const lastDay = new Date(Date.UTC(year, month - 1 + 7, 0)).getUTCDate();
      return new Date(Date.UTC(year, month - 1 + 6, Math.min(day, lastDay))).toISOString().slice(0, 10);
    }
    default:
      return addBusinessDays(today, followUpBusinessDays, holidays);
  }
}

export type FollowUpResult = 'reached' | 'got-help' | 'still-waiting' | 'did-not-go';

export interface FollowUpStep {
  to: ReferralStatus;
  reasonKind?: 'delivered' | 'cancel';
  reasonCode?: string;
}

/**
 * The lifecycle steps an unmanaged referral takes when the case manager records what happened. The
 * IG lifecycle is kept: a patient who got help from a referral nobody had taken on was first
 * accepted, then completed. An empty list changes no status ("still waiting").
 */
export function followUpSteps(status: ReferralStatus, result: FollowUpResult): FollowUpStep[] | null {
  const open = ['requested', 'accepted', 'in-progress', 'on-hold'].includes(status);
  if (!open) return null;
  const accept: FollowUpStep[] = status === 'requested' ? [{ to: 'accepted' }] : [];
  switch (result) {
    case 'reached':
      return accept;
    case 'got-help':
      return [...accept, { to: 'completed', reasonKind: 'delivered', reasonCode: 'service-provided' }];
    case 'still-waiting':
      return [];
    case 'did-not-go':
      return [{ to: 'cancelled', reasonKind: 'cancel', reasonCode: 'patient-did-not-go' }];
  }
}
