import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { HorizontalBarChart } from '~/components/charts';
import { DataTable, Definitions, Freshness, ReportFilterForm, ReportNav } from '~/components/report';
import { EQUITY_DEFINITION, INTERVENTION_DEFINITIONS } from '~/reports/definitions';
import { CORE_DOMAIN_LABELS, rate, type CoreDomain } from '~/reports/measures';
import { reportFigures } from '~/reports/figures.server';
import { loadReportContext, tableCsv } from '~/reports/report-page.server';
import { providerContactTable, snsETable, type ReportTable } from '~/reports/tables';

export const meta: MetaFunction = () => [{ title: 'Intervention · Reports · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await loadReportContext(request, 'intervention');
  const { db, query } = context;
  const { figures, computedAt } = await reportFigures(db, 'intervention', query);
  const { sns, overall, contact } = figures;
  const tables: ReportTable[] = [snsETable(query.filters.by, sns), providerContactTable(query.filters.by, contact)];
  const csv = await tableCsv(request, context, 'intervention', tables);
  if (csv) return csv;
  const chart = overall
    .filter((row) => row.ageBand === 'all')
    .map((row) => ({ domain: row.domain as CoreDomain, rate: rate(row.numerator, row.denominator) ?? 0 }));
  return data({ tables, chart, filters: query.filters, errors: context.errors, organizations: context.organizations, pages: context.pages, refreshedAt: context.refreshedAt, computedAt });
}

export default function InterventionReport() {
  const { tables, chart, filters, errors, organizations, pages, refreshedAt, computedAt } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [sns, contact] = tables;
  return (
    <section className="report">
      <h1>{t('Intervention')}</h1>
      <ReportNav pages={pages} filters={filters} />
      <ReportFilterForm filters={filters} errors={errors} organizations={organizations} />
      <Freshness refreshedAt={refreshedAt} computedAt={computedAt} />
      <DataTable table={sns} filters={filters}>
        {chart.length > 0 ? (
          <HorizontalBarChart
            title={t('Positive screens with an intervention within 30 days, per domain (%)')}
            description={t('The share of patients with a positive screen who were referred, or given a handout of services, for that need within 30 days.')}
            unit="%"
            max={100}
            data={chart.map((row: { domain: CoreDomain; rate: number }) => ({ label: t(CORE_DOMAIN_LABELS[row.domain] ?? row.domain), value: row.rate }))}
          />
        ) : null}
      </DataTable>
      <DataTable table={contact} filters={filters} />
      <Definitions items={[...INTERVENTION_DEFINITIONS, EQUITY_DEFINITION]} />
    </section>
  );
}
