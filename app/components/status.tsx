import { STATUS_LABELS, type ReferralStatus } from '~/referrals/lifecycle';

export function StatusBadge({ status }: { status: ReferralStatus }) {
  return <span className={`badge badge--${status}`}>{STATUS_LABELS[status]}</span>;
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}
