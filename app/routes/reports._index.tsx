import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { can } from '~/auth/roles';
import { DataTable, Freshness, ReportNav } from '~/components/report';
import { filterQuery, periodRange } from '~/reports/filters';
import { rate } from '~/reports/measures';
import { byReceivingOrganization, funnel, personalNumbers, timings } from '~/reports/queries.server';
import { loadReportContext, tableCsv, type ReportPage } from '~/reports/report-page.server';
import { receivingTable } from '~/reports/tables';

export const meta: MetaFunction = () => [{ title: 'Reports · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await loadReportContext(request, 'dashboard');
  const { db, user, query } = context;
  const month = periodRange('this-month', query.today);
  const thisMonth = { ...query, filters: { ...query.filters, period: 'this-month' as const, ...month, need: null, instrument: null, by: 'none' as const } };
  const [[loop], timing, receiving, own] = await Promise.all([
    funnel(db, thisMonth),
    timings(db, thisMonth),
    byReceivingOrganization(db, thisMonth),
    user.role === 'social_worker' || user.role === 'case_manager' ? personalNumbers(db, user.id, month.from, month.to) : Promise.resolve(null),
  ]);
  const network = query.scope.side === 'platform' ? receivingTable(receiving) : null;
  const csv = network ? await tableCsv(request, context, 'funnel', [network]) : null;
  if (csv) return csv;
  const onTime = receiving.reduce((sum, row) => sum + row.onTime, 0);
  const due = receiving.reduce((sum, row) => sum + row.due, 0);
  return data({
    side: query.scope.side,
    own,
    organization: {
      sent: loop?.sent ?? 0,
      closedLoopRate: loop ? rate(loop.knownOutcome, loop.sent) : null,
      completionRate: loop ? rate(loop.completed, loop.sent) : null,
      responseRate: rate(onTime, due),
      medianDaysToAccept: timing.medianDaysToAccept,
      medianDaysToClose: timing.medianDaysToClose,
    },
    network: network ? { ...network, rows: network.rows.slice(0, 10) } : null,
    filters: thisMonth.filters,
    pages: context.pages,
    refreshedAt: context.refreshedAt,
    canExportRows: can(user.role, 'export:referral-rows') && query.scope.side === 'referring',
    monthQuery: filterQuery(thisMonth.filters),
  });
}

function Figure({ value, label, unit = '' }: { value: number | null; label: string; unit?: string }) {
  return (
    <li>
      <strong>{value === null ? '—' : `${value.toLocaleString('en-US')}${unit}`}</strong> {label}
    </li>
  );
}

export default function ReportsDashboard() {
  const { side, own, organization, network, filters, pages, refreshedAt, canExportRows, monthQuery } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const heading = side === 'platform' ? t('The network this month') : side === 'receiving' ? t('Referrals you received this month') : t('Your organisation this month');
  const links: Record<ReportPage, string> = {
    screening: t('Screening: screenings, the five core domains, positive rates, needs'),
    intervention: t('Intervention: referrals and handouts after positive screens (SNS-E and measure-498 style)'),
    funnel: t('Referral funnel: acceptance, closed loop, time to accept and close, per organisation'),
    outcomes: t('Outcomes: how referrals ended, and why'),
  };
  return (
    <section className="report">
      <h1>{t('Reports')}</h1>
      <ReportNav pages={pages} filters={filters} />
      <Freshness refreshedAt={refreshedAt} />
      {own ? (
        <>
          <h2>{t('Your numbers this month')}</h2>
          <ul className="stats" aria-label={t('Your numbers this month')}>
            <Figure value={own.screenings} label={t('screenings you gave')} />
            <Figure value={own.positiveScreenings} label={t('of them positive for a core need')} />
            <Figure value={own.handoutsGiven} label={t('handouts of services you gave')} />
            <Figure value={own.referralsSent} label={t('referrals you sent')} />
            <Figure value={own.referralsCompleted} label={t('of them completed')} />
            <Figure value={own.referralsOpen} label={t('still open')} />
          </ul>
        </>
      ) : null}
      <h2>{heading}</h2>
      <ul className="stats" aria-label={heading}>
        <Figure value={organization.sent} label={side === 'receiving' ? t('referrals received') : t('referrals sent')} />
        {side !== 'referring' ? <Figure value={organization.responseRate} unit="%" label={t('answered within the response window')} /> : null}
        <Figure value={organization.completionRate} unit="%" label={t('completed')} />
        <Figure value={organization.closedLoopRate} unit="%" label={t('with a known outcome (closed loop)')} />
        <Figure value={side === 'referring' ? organization.medianDaysToClose : organization.medianDaysToAccept} label={side === 'referring' ? t('median days to close') : t('median days to accept')} />
      </ul>
      {network ? <DataTable table={network} filters={filters} /> : null}
      <h2>{t('Reports')}</h2>
      <ul>
        {pages.map((page: ReportPage) => (
          <li key={page}>
            <Link to={`/reports/${page}?${monthQuery}`}>{links[page]}</Link>
          </li>
        ))}
        {canExportRows ? (
          <li>
            <a href={`/reports/referrals.csv?${monthQuery}`} download>
              {t('De-identified referrals, one row each (CSV, for analysts)')}
            </a>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
