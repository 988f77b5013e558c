import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ReferralListPage } from '~/components/referral-table';
import { loadReferralList, searchReferralList } from '~/referrals/list-page.server';

export const meta: MetaFunction = () => [{ title: 'Referral inbox · CareLoop portal' }];

export const loader = ({ request }: LoaderFunctionArgs) => loadReferralList(request, 'inbox');
export const action = ({ request }: ActionFunctionArgs) => searchReferralList(request, 'inbox');

export default function Inbox() {
  const { organization, counts } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const waiting = counts.new;
  return (
    <ReferralListPage
      view="inbox"
      title={t('Referral inbox')}
      headingAction={<Link to="/portal/services">{t('Your listings')}</Link>}
      intro={
        <p>
          {t('Referrals sent to {{organization}}.', { organization })}{' '}
          {waiting === 1 ? t('1 referral is waiting for an answer.') : t('{{count}} referrals are waiting for an answer.', { count: waiting })}
        </p>
      }
    />
  );
}
