import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ReferralListPage } from '~/components/referral-table';
import { loadReferralList, searchReferralList } from '~/referrals/list-page.server';

export const meta: MetaFunction = () => [{ title: 'Caseload · CareLoop' }];

export const loader = ({ request }: LoaderFunctionArgs) => loadReferralList(request, 'caseload');
export const action = ({ request }: ActionFunctionArgs) => searchReferralList(request, 'caseload');

export default function Caseload() {
  const { t } = useTranslation();
  return (
    <ReferralListPage
      view="caseload"
      title={t('Caseload')}
      intro={
        <p>
          {t('Every referral your organisation sent, including those to services not on CareLoop.')} <Link to="/worklist">{t('Follow-up worklist')}</Link>
        </p>
      }
    />
  );
}
