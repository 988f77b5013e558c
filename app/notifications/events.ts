// What CareLoop tells people about, and in which words. Pure: no I/O. Text is English, used as the
// translation key (Spanish in app/i18n/es/notifications.ts). Nothing here may carry patient data:
// an e-mail says that something happened and links to it; the page behind the link, after
// sign-in, shows what the person may see.
import type { DomainEvent } from '../jobs/tasks.js';

export const NOTIFICATION_KINDS = [
  'referral.requested',
  'referral.accepted',
  'referral.rejected',
  'referral.on-hold',
  'referral.in-progress',
  'referral.completed',
  'referral.failed',
  'referral.cancelled',
  'referral.overdue',
  'referral.stuck',
  'consent.expired',
  'referral.message',
  'referral.assigned',
  'consent.withdrawn',
  'follow-up.due',
  'self-screening.completed',
  'listing.stale',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** An event of a kind CareLoop notifies about (the outbox carries any DomainEvent). */
export type NotificationEvent = DomainEvent & { kind: NotificationKind };

export interface KindText {
  /** The preference list's label. */
  label: string;
  /** The in-app line and the e-mail subject. */
  title: string;
  /** One sentence of what happened; {{service}}, {{organization}} and {{count}} come from the event. */
  body: string;
  /** Who receives it, for the preferences page. */
  audience: string;
}

export const KIND_TEXT: Record<NotificationKind, KindText> = {
  'referral.requested': {
    label: 'New referral to your organisation',
    title: 'You have a new referral at CareLoop',
    body: 'A new referral to {{service}} is waiting in your inbox.',
    audience: 'Community organisation staff',
  },
  'referral.accepted': {
    label: 'A referral you sent was accepted',
    title: 'A referral was accepted',
    body: '{{organization}} accepted a referral to {{service}}.',
    audience: 'The referring worker',
  },
  'referral.rejected': {
    label: 'A referral you sent was declined',
    title: 'A referral was declined',
    body: '{{organization}} declined a referral to {{service}}. You can refer the patient elsewhere.',
    audience: 'The referring worker',
  },
  'referral.on-hold': {
    label: 'A referral you sent is on hold',
    title: 'A referral is on hold',
    body: '{{organization}} put a referral to {{service}} on hold.',
    audience: 'The referring worker',
  },
  'referral.in-progress': {
    label: 'Work started on a referral you sent',
    title: 'Work started on a referral',
    body: '{{organization}} started working on a referral to {{service}}.',
    audience: 'The referring worker',
  },
  'referral.completed': {
    label: 'A referral you sent was completed',
    title: 'A referral was completed',
    body: '{{organization}} completed a referral to {{service}}.',
    audience: 'The referring worker',
  },
  'referral.failed': {
    label: 'A referral you sent could not be completed',
    title: 'A referral could not be completed',
    body: '{{organization}} could not complete a referral to {{service}}.',
    audience: 'The referring worker',
  },
  'referral.cancelled': {
    label: 'A referral was cancelled',
    title: 'A referral was cancelled',
    body: 'A referral to {{service}} was cancelled by {{organization}}.',
    audience: 'Both sides of the referral',
  },
  'referral.overdue': {
    label: 'A referral got no answer in time',
    title: 'A referral is overdue',
    body: '{{organization}} has not answered a referral to {{service}} within its response window.',
    audience: 'The referring worker and case managers',
  },
  'referral.stuck': {
    label: 'A referral has had no update for 14 days',
    title: 'A referral has had no update for 14 days',
    body: 'A referral to {{service}} at {{organization}} has not changed for 14 days.',
    audience: 'The referring worker and case managers',
  },
  'consent.expired': {
    label: "A referral's consent expired",
    title: "A referral's consent has expired",
    body: 'The consent for a referral to {{service}} has expired; the receiving organisation no longer sees the patient.',
    audience: 'Both sides of the referral',
  },
  'referral.message': {
    label: 'A new message on a referral',
    title: 'A new message on a referral',
    body: '{{organization}} wrote about a referral to {{service}}.',
    audience: 'The other side of the referral',
  },
  'referral.assigned': {
    label: 'A referral was assigned to you',
    title: 'A referral was assigned to you',
    body: 'You are now responsible for a referral to {{service}}.',
    audience: 'The person it is assigned to',
  },
  'consent.withdrawn': {
    label: 'A patient withdrew consent for a referral',
    title: 'A patient withdrew consent for a referral',
    body: 'The patient withdrew consent for a referral to {{service}}; its details are no longer shared with {{organization}}.',
    audience: 'Both sides of the referral',
  },
  'follow-up.due': {
    label: 'A follow-up task of yours is due',
    title: 'A follow-up task is due',
    body: 'A follow-up task of yours is due today. Open your worklist to see it.',
    audience: 'The person the task is assigned to',
  },
  'self-screening.completed': {
    label: 'A patient completed a screener you sent',
    title: 'A patient completed a self-screening',
    body: 'A patient answered the screener you sent. The answers are waiting for your review.',
    audience: 'The worker who sent the link',
  },
  'listing.stale': {
    label: 'Your listings need checking',
    title: 'Some of your listings need checking',
    body: '{{count}} of your organisation’s listings have not been confirmed for 180 days.',
    audience: 'Organisation admins',
  },
};

export type EmailMode = 'immediate' | 'digest' | 'off';
export const EMAIL_MODES: Record<EmailMode, string> = {
  immediate: 'E-mail at once',
  digest: 'In a daily digest',
  off: 'No e-mail',
};
export const DEFAULT_EMAIL_MODE: EmailMode = 'immediate';
