import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, type ShouldRevalidateFunction } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ReferralPage } from '~/components/referral-page';
import { handleReferralAction, loadReferralPage } from '~/referrals/referral-page.server';

export const meta: MetaFunction = () => [{ title: 'Referral · CareLoop' }];

export const loader = ({ request, params }: LoaderFunctionArgs) => loadReferralPage(request, params.referralId, 'referring');
export const action = ({ request, params }: ActionFunctionArgs) => handleReferralAction(request, params.referralId, 'referring');

// A refused change (409) shows the referral as it is now.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => actionStatus === 409 || defaultShouldRevalidate;

export default function ReferringReferral() {
  const { referral } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <ReferralPage
      back={
        <>
          {referral.patient.id ? <Link to={`/patients/${referral.patient.id}`}>← {referral.patient.name}</Link> : null} ·{' '}
          <Link to="/caseload">{t('Caseload')}</Link>
        </>
      }
    />
  );
}
