// The parts every report page shares: the filter form (a plain GET form, so it works without
// JavaScript and the URL is the report's address), the navigation, freshness, tables with their CSV.
import { Form, NavLink, useLocation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { filterQuery, NEED_FILTERS, PERIOD_LABELS, PERIODS, type FilterErrors, type ReportFilters } from '~/reports/filters';
import { BREAKDOWN_LABELS, BREAKDOWNS, CORE_DOMAIN_LABELS, CORE_DOMAINS } from '~/reports/measures';
import type { ReportPage } from '~/reports/report-page.server';
import type { Cell, ReportTable } from '~/reports/tables';
import { categoryLabel } from '~/screening/sdoh-categories';
import { useFormatDateTime } from './status';

export function ReportNav({ pages, filters }: { pages: readonly ReportPage[]; filters: ReportFilters }) {
  const { t } = useTranslation();
  const query = filterQuery(filters);
  const labels: Record<ReportPage, string> = { screening: t('Screening'), intervention: t('Intervention'), funnel: t('Referral funnel'), outcomes: t('Outcomes') };
  return (
    <nav aria-label={t('Reports')} className="report-nav">
      <ul>
        <li>
          <NavLink to="/reports" end>
            {t('Dashboard')}
          </NavLink>
        </li>
        {pages.map((page) => (
          <li key={page}>
            <NavLink to={`/reports/${page}?${query}`}>{labels[page]}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Freshness({ refreshedAt, computedAt = null }: { refreshedAt: string | null; computedAt?: string | null }) {
  const { t } = useTranslation();
  const format = useFormatDateTime();
  if (computedAt) {
    // Platform-wide figures: kept from the job queue's last computation over every organisation.
    return (
      <p className="freshness">
        {t('Platform-wide figures computed at {{time}} over every organisation; they are computed again every 15 minutes.', { time: format(computedAt) })}
      </p>
    );
  }
  return (
    <p className="freshness">
      {refreshedAt
        ? t('Figures as of {{time}}; they are brought up to date every minute.', { time: format(refreshedAt) })
        : t('The figures have not been prepared yet; they will be within a minute.')}
    </p>
  );
}

interface FilterFormProps {
  filters: ReportFilters;
  errors: FilterErrors;
  organizations?: Array<{ id: string; name: string }>;
  showInstrument?: boolean;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  const { t } = useTranslation();
  return message ? (
    <p className="field-error" id={id}>
      {t(message)}
    </p>
  ) : null;
}

export function ReportFilterForm({ filters, errors, organizations = [], showInstrument = false }: FilterFormProps) {
  const { t } = useTranslation();
  const described = (field: keyof FilterErrors) => (errors[field] ? { 'aria-describedby': `filter-${field}-error`, 'aria-invalid': true } : {});
  return (
    // Keyed by the filters so that the fields show the period just chosen (they are uncontrolled).
    <Form key={filterQuery(filters)} method="get" className="report-filters" aria-label={t('Filters')}>
      <div className="field">
        <label htmlFor="filter-period">{t('Period')}</label>
        <select id="filter-period" name="period" defaultValue={filters.period} {...described('period')}>
          {PERIODS.map((period) => (
            <option key={period} value={period}>
              {t(PERIOD_LABELS[period])}
            </option>
          ))}
        </select>
        <FieldError id="filter-period-error" message={errors.period} />
      </div>
      <div className="field">
        <label htmlFor="filter-from">{t('From')}</label>
        <input id="filter-from" name="from" type="date" defaultValue={filters.from} {...described('from')} />
        <FieldError id="filter-from-error" message={errors.from} />
      </div>
      <div className="field">
        <label htmlFor="filter-to">{t('To')}</label>
        <input id="filter-to" name="to" type="date" defaultValue={filters.to} {...described('to')} />
        <FieldError id="filter-to-error" message={errors.to} />
      </div>
      <div className="field">
        <label htmlFor="filter-need">{t('Need')}</label>
        <select id="filter-need" name="need" defaultValue={filters.need ?? ''} {...described('need')}>
          <option value="">{t('Every need')}</option>
          <optgroup label={t('Core domains')}>
            {CORE_DOMAINS.map((domain) => (
              <option key={domain} value={domain}>
                {t(CORE_DOMAIN_LABELS[domain])}
              </option>
            ))}
          </optgroup>
          <optgroup label={t('SDOH categories')}>
            {NEED_FILTERS.filter((need) => !(CORE_DOMAINS as readonly string[]).includes(need)).map((category) => (
              <option key={category} value={category}>
                {t(categoryLabel(category))}
              </option>
            ))}
          </optgroup>
        </select>
        <FieldError id="filter-need-error" message={errors.need} />
      </div>
      {showInstrument ? (
        <div className="field">
          <label htmlFor="filter-instrument">{t('Screener')}</label>
          <select id="filter-instrument" name="instrument" defaultValue={filters.instrument ?? ''} {...described('instrument')}>
            <option value="">{t('Every screener')}</option>
            <option value="ahc-hrsn">AHC HRSN</option>
            <option value="hunger-vital-sign">Hunger Vital Sign</option>
            <option value="prapare">PRAPARE</option>
          </select>
          <FieldError id="filter-instrument-error" message={errors.instrument} />
        </div>
      ) : null}
      {organizations.length > 0 ? (
        <div className="field">
          <label htmlFor="filter-organization">{t('Organisation')}</label>
          <select id="filter-organization" name="organization" defaultValue={filters.organizationId ?? ''} {...described('organization')}>
            <option value="">{t('Every organisation (aggregate)')}</option>
            {organizations.map((organization) => (
              <option key={organization.id} value={organization.id}>
                {organization.name}
              </option>
            ))}
          </select>
          <FieldError id="filter-organization-error" message={errors.organization} />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="filter-by">{t('Break down by')}</label>
        <select id="filter-by" name="by" defaultValue={filters.by} {...described('by')}>
          {BREAKDOWNS.map((by) => (
            <option key={by} value={by}>
              {t(BREAKDOWN_LABELS[by])}
            </option>
          ))}
        </select>
        <FieldError id="filter-by-error" message={errors.by} />
      </div>
      <button type="submit">{t('Show')}</button>
    </Form>
  );
}

function CellText({ cell }: { cell: Cell }) {
  const { t } = useTranslation();
  if (cell === null) return <>—</>;
  if (typeof cell === 'object') return <>{t(cell.label)}</>;
  if (typeof cell === 'number') return <>{cell.toLocaleString('en-US')}</>;
  return <>{cell}</>;
}

/** A report table with its caption and the link to the same table as CSV. */
export function DataTable({ table, filters, children }: { table: ReportTable; filters: ReportFilters; children?: ReactNode }) {
  const { t } = useTranslation();
  // The export route answers /reports/<page>?format=csv; linking to it directly keeps the
  // download a plain file request whatever the router does with links to its own pages.
  const page = useLocation().pathname.replace(/^\/reports\/?/, '').replace(/\/$/, '') || 'dashboard';
  const csv = `/reports/export/${page}?${filterQuery(filters, { format: 'csv', table: table.id })}`;
  return (
    <section className="report-table" aria-labelledby={`table-${table.id}`}>
      <h2 id={`table-${table.id}`}>{t(table.title)}</h2>
      {children}
      {table.rows.length === 0 ? (
        <p>{t('No data for these filters.')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t(table.title)}>
          <table>
            <caption className="visually-hidden">{t(table.title)}</caption>
            <thead>
              <tr>
                {table.columns.map((column, index) => (
                  <th key={`${column}-${index}`} scope="col">
                    {t(column)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, rowIndex) => (
                <tr key={rowIndex}>
                  {row.map((cell, index) =>
                    index === 0 ? (
                      <th key={index} scope="row">
                        <CellText cell={cell} />
                      </th>
                    ) : (
                      <td key={index} className={typeof cell === 'number' ? 'number' : undefined}>
                        <CellText cell={cell} />
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href={csv} download>
          {t('Download this table as CSV')}
        </a>
      </p>
    </section>
  );
}

/** How each measure is counted, written out on the page. */
export function Definitions({ items }: { items: Array<{ term: string; definition: string }> }) {
  const { t } = useTranslation();
  return (
    <section className="definitions" aria-labelledby="definitions-heading">
      <h2 id="definitions-heading">{t('How these figures are counted')}</h2>
      <dl>
        {items.map((item) => (
          <div key={item.term}>
            <dt>{t(item.term)}</dt>
            <dd>{t(item.definition)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
