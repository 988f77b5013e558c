import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { ReferralListEntry } from '~/referrals/referrals.server';
import { categoryLabel } from '~/screening/sdoh-categories';
import { StatusBadge, useFormatDateTime } from './status';

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
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Patient')}</th>
            <th scope="col">{t('Need')}</th>
            <th scope="col">{t('Service')}</th>
            <th scope="col">{counterpartLabel}</th>
            <th scope="col">{t('Status')}</th>
            <th scope="col">{t('Last change')}</th>
          </tr>
        </thead>
        <tbody>
          {referrals.map((referral) => (
            <tr key={referral.id}>
              <td>
                <Link to={`${linkBase}/${referral.id}`}>{referral.patientName ?? t('Name not shared')}</Link>
              </td>
              <td>{referral.needCategory ? t(categoryLabel(referral.needCategory)) : '—'}</td>
              <td>{referral.serviceName}</td>
              <td>{referral.counterpart}</td>
              <td>
                <StatusBadge status={referral.status} />
                {referral.overdue ? <span className="badge badge--overdue">{t('Overdue')}</span> : null}
              </td>
              <td>{formatDateTime(referral.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
