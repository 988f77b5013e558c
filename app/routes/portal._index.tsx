import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
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
  return (
    <section>
      <h1>Referral inbox</h1>
      <p>
        Referrals sent to {organization}. {waiting === 1 ? '1 referral is' : `${waiting} referrals are`} waiting for an answer.
      </p>
      {referrals.length === 0 ? (
        <p>No referrals yet.</p>
      ) : (
        <ReferralTable referrals={referrals} linkBase="/portal/referrals" counterpartLabel="From" caption="Referrals to your organisation" />
      )}
    </section>
  );
}
