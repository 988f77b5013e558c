import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { HorizontalBarChart } from '~/components/charts';
import { DataTable, Definitions, Freshness, ReportFilterForm, ReportNav } from '~/components/report';
import { resolveLocale } from '~/i18n/locale.server';
import { OUTCOME_DEFINITIONS } from '~/reports/definitions';
import { reportFigures } from '~/reports/figures.server';
import { loadReportContext, tableCsv } from '~/reports/report-page.server';
import { outcomesTable, type Cell, type ReportTable } from '~/reports/tables';

export const meta: MetaFunction = () => [{ title: 'Outcomes · Reports · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await loadReportContext(request, 'outcomes');
  const { db, query } = context;
  const csvWanted = new URL(request.url).searchParams.get('format') === 'csv';
  const locale = csvWanted ? 'en' : (await resolveLocale(request)).locale;
  const { figures, computedAt } = await reportFigures(db, 'outcomes', query);
  const tables: ReportTable[] = [outcomesTable(figures.outcomes, locale)];
  const csv = await tableCsv(request, context, 'outcomes', tables);
  if (csv) return csv;
  return data({ tables, filters: query.filters, errors: context.errors, organizations: context.organizations, pages: context.pages, refreshedAt: context.refreshedAt, computedAt });
}

export default function OutcomesReport() {
  const { tables, filters, errors, organizations, pages, refreshedAt, computedAt } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [mix] = tables;
  const text = (cell: Cell) => (cell !== null && typeof cell === 'object' ? t(cell.label) : String(cell ?? ''));
  return (
    <section className="report">
      <h1>{t('Outcomes')}</h1>
      <ReportNav pages={pages} filters={filters} />
      <ReportFilterForm filters={filters} errors={errors} organizations={organizations} />
      <Freshness refreshedAt={refreshedAt} computedAt={computedAt} />
      <DataTable table={mix} filters={filters}>
        {mix.rows.length > 0 ? (
          <HorizontalBarChart
            title={t('How closed referrals ended')}
            description={t('Closed referrals by ending and by the outcome or reason recorded.')}
            data={mix.rows.slice(0, 15).map((row: Cell[]) => ({ label: `${text(row[0])}: ${text(row[1])}`.slice(0, 34), value: Number(row[3]) }))}
          />
        ) : null}
      </DataTable>
      <Definitions items={OUTCOME_DEFINITIONS} />
    </section>
  );
}
