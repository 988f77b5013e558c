import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { HorizontalBarChart, MonthlyStackedChart } from '~/components/charts';
import { DataTable, Definitions, Freshness, ReportFilterForm, ReportNav } from '~/components/report';
import { EQUITY_DEFINITION, SCREENING_DEFINITIONS } from '~/reports/definitions';
import { CORE_DOMAIN_LABELS, CORE_DOMAINS, rate, type CoreDomain } from '~/reports/measures';
import { reportFigures } from '~/reports/figures.server';
import { loadReportContext, tableCsv } from '~/reports/report-page.server';
import { allFiveTable, needsByMonthTable, positiveRateTable, screeningsByMonthTable, type Cell, type ReportTable } from '~/reports/tables';

export const meta: MetaFunction = () => [{ title: 'Screening · Reports · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await loadReportContext(request, 'screening');
  const { db, query } = context;
  const { figures, computedAt } = await reportFigures(db, 'screening', query);
  const { byMonth, domains, overall, needs } = figures;
  const by = query.filters.by;
  const tables: ReportTable[] = [screeningsByMonthTable(byMonth), allFiveTable(by, domains), positiveRateTable(by, domains), needsByMonthTable(needs)];
  const csv = await tableCsv(request, context, 'screening', tables);
  if (csv) return csv;
  const positiveRates = CORE_DOMAINS.map((domain) => ({
    domain,
    rate: overall[0] ? (rate(overall[0].domains[domain].positive, overall[0].domains[domain].screened) ?? 0) : 0,
  }));
  return data({ tables, positiveRates, filters: query.filters, errors: context.errors, organizations: context.organizations, pages: context.pages, refreshedAt: context.refreshedAt, computedAt });
}

/** A pivot table's rows (month first, total last) as chart data. */
function monthly(table: { columns: string[]; rows: Cell[][] }) {
  const keys = table.columns.slice(1, -1);
  return {
    keys,
    data: table.rows.map((row) => ({ label: String(row[0]), values: Object.fromEntries(keys.map((key, index) => [key, Number(row[index + 1]) || 0])) })),
  };
}

export default function ScreeningReport() {
  const { tables, positiveRates, filters, errors, organizations, pages, refreshedAt, computedAt } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [byMonth, allFive, positive, needs] = tables;
  const screenings = monthly(byMonth);
  const needSeries = monthly(needs);
  return (
    <section className="report">
      <h1>{t('Screening')}</h1>
      <ReportNav pages={pages} filters={filters} />
      <ReportFilterForm filters={filters} errors={errors} organizations={organizations} showInstrument />
      <Freshness refreshedAt={refreshedAt} computedAt={computedAt} />
      <DataTable table={byMonth} filters={filters}>
        {byMonth.rows.length > 0 ? (
          <MonthlyStackedChart
            title={t('Screenings by screener and month')}
            description={t('Submitted screenings per month, stacked by screener.')}
            keys={screenings.keys}
            data={screenings.data}
          />
        ) : null}
      </DataTable>
      <DataTable table={allFive} filters={filters} />
      <DataTable table={positive} filters={filters}>
        <HorizontalBarChart
          title={t('Screen-positive rate per core domain, adults screened in the domain (%)')}
          description={t('The share of adults screened in each core domain who screened positive in it.')}
          unit="%"
          max={100}
          data={positiveRates.map((row: { domain: CoreDomain; rate: number }) => ({ label: t(CORE_DOMAIN_LABELS[row.domain]), value: row.rate }))}
        />
      </DataTable>
      <DataTable table={needs} filters={filters}>
        {needs.rows.length > 0 ? (
          <MonthlyStackedChart
            title={t('Needs identified by SDOH category and month')}
            description={t('Confirmed needs per month, stacked by SDOH category.')}
            keys={needSeries.keys.map((key) => t(key))}
            data={needSeries.data.map((row) => ({ label: row.label, values: Object.fromEntries(Object.entries(row.values).map(([key, value]) => [t(key), value])) }))}
          />
        ) : null}
      </DataTable>
      <Definitions items={[...SCREENING_DEFINITIONS, EQUITY_DEFINITION]} />
    </section>
  );
}
