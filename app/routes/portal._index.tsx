import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUserWithPermission } from '~/auth/guards.server';
import { ReferralTable } from '~/components/referral-table';
import { getDb } from '~/db.server';
import { requestId } from '~/log.server';
import { listReferrals } from '~/referrals/referrals.server';

export const meta: MetaFunction = () => [{ title: 'Referral inbox · CareLoop portal' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'work:inbox');
  const referrals = await listReferrals(getDb(), user, 'inbox', requestId(request));
  return data({ referrals, organization: user.organizationName });
}

export default function Inbox() {
  const { referrals, organization } = useLoaderData<typeof loader>();
  const waiting = referrals.filter((referral) => referral.status === 'requested').length;
  const { t } = useTranslation();
  return (
    <section>
      <div className="page-heading">
        <h1>{t('Referral inbox')}</h1>
        <Link to="/portal/services">{t('Your listings')}</Link>
      </div>
      <p>
        {t('Referrals sent to {{organization}}.', { organization })}{' '}
        {waiting === 1
          ? t('1 referral is waiting for an answer.')
          : t('{{count}} referrals are waiting for an answer.', { count: waiting })}
      </p>
      {referrals.length === 0 ? (
        <p>{t('No referrals yet.')}</p>
      ) : (
        <ReferralTable
          referrals={referrals}
          linkBase="/portal/referrals"
          counterpartLabel={t('From')}
          caption={t('Referrals to your organisation')}
        />
      )}
    </section>
  );
}
