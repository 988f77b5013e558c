import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { HorizontalBarChart, StackedBarChart } from '~/components/charts';
import { DataTable, Definitions, Freshness, ReportFilterForm, ReportNav } from '~/components/report';
import { EQUITY_DEFINITION, FUNNEL_DEFINITIONS } from '~/reports/definitions';
import { reportFigures } from '~/reports/figures.server';
import { loadReportContext, tableCsv } from '~/reports/report-page.server';
import { closedLoopTable, funnelTable, receivingTable, timingsTable, type Cell, type ReportTable } from '~/reports/tables';

export const meta: MetaFunction = () => [{ title: 'Referral funnel · Reports · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await loadReportContext(request, 'funnel');
  const { db, query } = context;
  const { figures, computedAt } = await reportFigures(db, 'funnel', query);
  const { stages, groups, timing, receiving } = figures;
  const tables: ReportTable[] = [funnelTable(stages), closedLoopTable(query.filters.by, groups), timingsTable(timing), receivingTable(receiving)];
  const csv = await tableCsv(request, context, 'funnel', tables);
  if (csv) return csv;
  return data({ tables, stages: stages[0] ?? null, filters: query.filters, errors: context.errors, organizations: context.organizations, pages: context.pages, refreshedAt: context.refreshedAt, computedAt });
}

export default function ReferralFunnel() {
  const { tables, stages, filters, errors, organizations, pages, refreshedAt, computedAt } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [funnelStages, closedLoop, timing, receiving] = tables;
  return (
    <section className="report">
      <h1>{t('Referral funnel')}</h1>
      <ReportNav pages={pages} filters={filters} />
      <ReportFilterForm filters={filters} errors={errors} organizations={organizations} />
      <Freshness refreshedAt={refreshedAt} computedAt={computedAt} />
      <DataTable table={funnelStages} filters={filters}>
        {stages ? (
          <StackedBarChart
            title={t('Referrals sent, and what became of them')}
            description={t('{{sent}} referrals sent: {{completed}} completed, {{rejected}} declined, {{cancelled}} cancelled, {{failed}} failed, {{open}} still open.', {
              sent: stages.sent,
              completed: stages.completed,
              rejected: stages.rejected,
              cancelled: stages.cancelledBeforeAcceptance + stages.cancelledAfterAcceptance,
              failed: stages.failed,
              open: stages.waiting + stages.inProgress,
            })}
            keys={[t('Completed'), t('Declined'), t('Cancelled'), t('Failed'), t('Still open')]}
            data={[
              {
                label: t('Sent'),
                values: {
                  [t('Completed')]: stages.completed,
                  [t('Declined')]: stages.rejected,
                  [t('Cancelled')]: stages.cancelledBeforeAcceptance + stages.cancelledAfterAcceptance,
                  [t('Failed')]: stages.failed,
                  [t('Still open')]: stages.waiting + stages.inProgress,
                },
              },
              {
                label: t('Accepted'),
                values: { [t('Completed')]: stages.completed, [t('Cancelled')]: stages.cancelledAfterAcceptance, [t('Failed')]: stages.failed, [t('Still open')]: stages.inProgress },
              },
            ]}
          />
        ) : null}
      </DataTable>
      <DataTable table={closedLoop} filters={filters} />
      <DataTable table={timing} filters={filters} />
      <DataTable table={receiving} filters={filters}>
        {receiving.rows.length > 0 ? (
          <HorizontalBarChart
            title={t('Response rate within the window, per receiving organisation (%)')}
            description={t('The share of referrals each organisation answered within its response window.')}
            unit="%"
            max={100}
            data={receiving.rows.slice(0, 12).map((row: Cell[]) => ({
              label: typeof row[0] === 'string' ? row[0] : t(row[0] && typeof row[0] === 'object' ? row[0].label : ''),
              value: typeof row[4] === 'number' ? row[4] : 0,
            }))}
          />
        ) : null}
      </DataTable>
      <Definitions items={[...FUNNEL_DEFINITIONS, EQUITY_DEFINITION]} />
    </section>
  );
}
