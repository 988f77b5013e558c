import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUserWithPermission } from '~/auth/guards.server';
import { ReferralTable } from '~/components/referral-table';
import { getDb } from '~/db.server';
import { requestId } from '~/log.server';
import { CLOSED_STATUSES } from '~/referrals/lifecycle';
import { listReferrals } from '~/referrals/referrals.server';

export const meta: MetaFunction = () => [{ title: 'Caseload · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'read:caseload');
  const referrals = await listReferrals(getDb(), user, 'caseload', requestId(request));
  return data({ referrals });
}

export default function Caseload() {
  const { referrals } = useLoaderData<typeof loader>();
  const open = referrals.filter((referral) => !CLOSED_STATUSES.includes(referral.status));
  const closed = referrals.filter((referral) => CLOSED_STATUSES.includes(referral.status));
  const overdue = open.filter((referral) => referral.overdue).length;
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('Caseload')}</h1>
      <ul className="stats" aria-label={t('Summary')}>
        <li>
          <strong>{open.length}</strong> {t('open')}
        </li>
        <li>
          <strong>{overdue}</strong> {t('overdue')}
        </li>
        <li>
          <strong>{closed.length}</strong> {t('closed')}
        </li>
      </ul>
      <h2>{t('Open referrals')}</h2>
      {open.length === 0 ? (
        <p>{t('No open referrals.')}</p>
      ) : (
        <ReferralTable referrals={open} linkBase="/referrals" counterpartLabel={t('Sent to')} caption={t('Open referrals')} />
      )}
      <h2>{t('Closed referrals')}</h2>
      {closed.length === 0 ? (
        <p>{t('No closed referrals yet.')}</p>
      ) : (
        <ReferralTable referrals={closed} linkBase="/referrals" counterpartLabel={t('Sent to')} caption={t('Closed referrals')} />
      )}
    </section>
  );
}
