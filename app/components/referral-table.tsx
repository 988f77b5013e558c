import { Link } from '@remix-run/react';
import type { ReferralListEntry } from '~/referrals/referrals.server';
import { categoryLabel } from '~/screening/sdoh-categories';
import { StatusBadge, formatDateTime } from './status';

export function ReferralTable({
  referrals,
  linkBase,
  counterpartLabel,
  caption,
}: {
  referrals: ReferralListEntry[];
  linkBase: string;
  counterpartLabel: string;
  caption: string;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Patient</th>
            <th scope="col">Need</th>
            <th scope="col">Service</th>
            <th scope="col">{counterpartLabel}</th>
            <th scope="col">Status</th>
            <th scope="col">Last change</th>
          </tr>
        </thead>
        <tbody>
          {referrals.map((referral) => (
            <tr key={referral.id}>
              <td>
                <Link to={`${linkBase}/${referral.id}`}>{referral.patientName ?? 'Name not shared'}</Link>
              </td>
              <td>{referral.needCategory ? categoryLabel(referral.needCategory) : '—'}</td>
              <td>{referral.serviceName}</td>
              <td>{referral.counterpart}</td>
              <td>
                <StatusBadge status={referral.status} />
                {referral.overdue ? <span className="badge badge--overdue">Overdue</span> : null}
              </td>
              <td>{formatDateTime(referral.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
