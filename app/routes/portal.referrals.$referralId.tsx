import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUserWithPermission } from '~/auth/guards.server';
import { ReferralSummary, StatusActions, Timeline } from '~/components/referral';
import { getDb } from '~/db.server';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { nextStatuses } from '~/referrals/lifecycle';
import { getReferralDetail } from '~/referrals/referrals.server';
import { handleStatusChange } from '~/referrals/status-action.server';

export const meta: MetaFunction = () => [{ title: 'Referral · CareLoop portal' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'work:inbox');
  const referral = await getReferralDetail(getDb(), user, requireId(params.referralId), requestId(request));
  if (!referral || referral.side !== 'receiving') notFound();
  return data({ referral, next: nextStatuses(referral.status, 'receiving') });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'work:inbox');
  return handleStatusChange(request, session, params.referralId, 'receiving');
}

export default function PortalReferral() {
  const { referral, next } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section>
      <p>
        <Link to="/portal">← {t('Referral inbox')}</Link>
      </p>
      <ReferralSummary referral={referral} />
      <StatusActions referral={referral} next={next} />
      <Timeline events={referral.timeline} />
    </section>
  );
}
