import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUserWithPermission } from '~/auth/guards.server';
import { can } from '~/auth/roles';
import { ReferralSummary, StatusActions, Timeline } from '~/components/referral';
import { getDb } from '~/db.server';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { nextStatuses } from '~/referrals/lifecycle';
import { getReferralDetail } from '~/referrals/referrals.server';
import { handleStatusChange } from '~/referrals/status-action.server';

export const meta: MetaFunction = () => [{ title: 'Referral · CareLoop' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'read:caseload');
  const referral = await getReferralDetail(getDb(), user, requireId(params.referralId), requestId(request));
  if (!referral || referral.side !== 'referring') notFound();
  const next = can(user.role, 'write:referral') ? nextStatuses(referral.status, 'referring') : [];
  return data({ referral, next });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:referral');
  return handleStatusChange(request, session, params.referralId, 'referring');
}

export default function ReferralPage() {
  const { referral, next } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section>
      <p>
        {referral.patient.id ? <Link to={`/patients/${referral.patient.id}`}>← {referral.patient.name}</Link> : null}{' '}
        · <Link to="/caseload">{t('Caseload')}</Link>
      </p>
      <ReferralSummary referral={referral} />
      <StatusActions referral={referral} next={next} />
      <Timeline events={referral.timeline} />
    </section>
  );
}
