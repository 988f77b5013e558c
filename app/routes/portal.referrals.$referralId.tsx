import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, type ShouldRevalidateFunction } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ReferralPage } from '~/components/referral-page';
import { handleReferralAction, loadReferralPage } from '~/referrals/referral-page.server';

export const meta: MetaFunction = () => [{ title: 'Referral · CareLoop portal' }];

export const loader = ({ request, params }: LoaderFunctionArgs) => loadReferralPage(request, params.referralId, 'receiving');
export const action = ({ request, params }: ActionFunctionArgs) => handleReferralAction(request, params.referralId, 'receiving');

// A refused change (409) shows the referral as it is now.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => actionStatus === 409 || defaultShouldRevalidate;

export default function PortalReferral() {
  const { t } = useTranslation();
  return <ReferralPage back={<Link to="/portal">← {t('Referral inbox')}</Link>} />;
}
