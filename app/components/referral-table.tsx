import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { LIST_SORTS, LIST_TABS, TAB_LABELS, listQuery } from '~/referrals/list-filters';
import type { ReferralListEntry } from '~/referrals/lists.server';
import type { loadReferralList } from '~/referrals/list-page.server';
import { SDOH_CATEGORIES, categoryLabel } from '~/screening/sdoh-categories';
import { CsrfInput, Field } from './forms';
import { DueDefinitions } from './referral';
import { StatusBadge, useFormatDateTime } from './status';

type ListData = Awaited<ReturnType<typeof loadReferralList>>['data'];

/**
 * Referrals as a table on a wide screen and as one card per referral on a phone (the cells carry
 * their column name, which the narrow layout shows).
 */
export function ReferralTable({
  referrals,
  linkBase,
  counterpartLabel,
  caption,
  assigneeLabel,
}: {
  referrals: ReferralListEntry[];
  linkBase: string;
  counterpartLabel: string;
  caption: string;
  assigneeLabel: string;
}) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <div className="table-wrap">
      <table className="responsive">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Patient')}</th>
            <th scope="col">{t('Need')}</th>
            <th scope="col">{t('Service')}</th>
            <th scope="col">{counterpartLabel}</th>
            <th scope="col">{t('Status')}</th>
            <th scope="col">{assigneeLabel}</th>
            <th scope="col">{t('Last change')}</th>
          </tr>
        </thead>
        <tbody>
          {referrals.map((referral) => (
            <tr key={referral.id}>
              <td data-label={t('Patient')}>
                <Link to={`${linkBase}/${referral.id}`}>{referral.patientName ?? t('Name not shared')}</Link>
                {referral.unreadMessages ? (
                  <span className="badge badge--requested">
                    {referral.unreadMessages === 1 ? t('1 new message') : t('{{count}} new messages', { count: referral.unreadMessages })}
                  </span>
                ) : null}
              </td>
              <td data-label={t('Need')}>{referral.needCategory ? t(categoryLabel(referral.needCategory)) : '—'}</td>
              <td data-label={t('Service')}>{referral.serviceName}</td>
              <td data-label={counterpartLabel}>
                {referral.counterpart}
                {!referral.managed ? <span className="badge">{t('Not on CareLoop')}</span> : null}
              </td>
              <td data-label={t('Status')}>
                <StatusBadge status={referral.status} />
                {referral.overdue ? <span className="badge badge--overdue">{t('Overdue')}</span> : null}
                {referral.stuck ? <span className="badge badge--overdue">{t('Stuck')}</span> : null}
                {referral.consentState !== 'active' ? <span className="badge">{t('Consent ended')}</span> : null}
              </td>
              <td data-label={assigneeLabel}>{referral.assignee ?? '—'}</td>
              <td data-label={t('Last change')}>{formatDateTime(referral.lastActivityAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The caseload or the inbox: counters that are links to their tab, filters, the name search, the list and its pages. */
export function ReferralListPage({
  view,
  title,
  intro,
  headingAction,
}: {
  view: 'caseload' | 'inbox';
  title: string;
  intro: React.ReactNode;
  /** A link beside the heading, e.g. to the organisation's listings. */
  headingAction?: React.ReactNode;
}) {
  const loaded = useLoaderData<ListData>();
  const searched = useActionData<ListData>();
  const page = searched ?? loaded;
  const { t } = useTranslation();
  const location = useLocation();
  const { filters, counts } = page;
  const defaultScope = view === 'caseload' ? 'mine' : 'all';
  const linkTo = (change: Parameters<typeof listQuery>[1]) => `${location.pathname}${listQuery(filters, change, defaultScope)}`;
  const caseload = view === 'caseload';
  const counterpartLabel = caseload ? t('Sent to') : t('From');
  const assigneeLabel = caseload ? t('Responsible') : t('Assigned to');
  return (
    <section>
      {headingAction ? (
        <div className="page-heading">
          <h1>{title}</h1>
          {headingAction}
        </div>
      ) : (
        <h1>{title}</h1>
      )}
      {intro}
      <nav aria-label={t('Whose referrals')} className="scope-switch">
        <Link to={linkTo({ scope: 'mine' })} aria-current={filters.scope === 'mine' ? 'page' : undefined}>
          {caseload ? t('My caseload') : t('Assigned to me')}
        </Link>
        <Link to={linkTo({ scope: 'all' })} aria-current={filters.scope === 'all' ? 'page' : undefined}>
          {caseload ? t('Everyone in my organisation') : t('Whole inbox')}
        </Link>
      </nav>
      <nav aria-label={t('Referral lists')}>
        <ul className="tabs">
          {LIST_TABS.map((tab) => (
            <li key={tab}>
              <Link to={linkTo({ tab })} aria-current={filters.tab === tab ? 'page' : undefined} className={filters.tab === tab ? 'active' : undefined}>
                {t(TAB_LABELS[tab])} <strong>{counts[tab]}</strong>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Form method="get" className="filters" aria-label={t('Filter the list')}>
        <input type="hidden" name="tab" value={filters.tab} />
        <input type="hidden" name="scope" value={filters.scope} />
        <fieldset>
          <legend>{t('Filter and sort')}</legend>
          <Field label={t('Need')}>
            {(props) => (
              <select {...props} name="need" defaultValue={filters.need ?? ''}>
                <option value="">{t('Any need')}</option>
                {Object.entries(SDOH_CATEGORIES).map(([code, label]) => (
                  <option key={code} value={code}>
                    {t(label)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={counterpartLabel}>
            {(props) => (
              <select {...props} name="organization" defaultValue={filters.organization ?? ''}>
                <option value="">{t('Any organisation')}</option>
                {caseload ? <option value="unmanaged">{t('Not on CareLoop')}</option> : null}
                {page.counterparts.map((organization) => (
                  <option key={organization.id} value={organization.id}>
                    {organization.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={assigneeLabel}>
            {(props) => (
              <select {...props} name="worker" defaultValue={filters.worker ?? ''}>
                <option value="">{t('Anyone')}</option>
                {page.staff.map((member) => (
                  <option key={member.id} value={member.id}>
                    {member.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('Sent from')}>{(props) => <input {...props} type="date" name="from" defaultValue={filters.from ?? ''} />}</Field>
          <Field label={t('Sent until')}>{(props) => <input {...props} type="date" name="to" defaultValue={filters.to ?? ''} />}</Field>
          <Field label={t('Sort')}>
            {(props) => (
              <select {...props} name="sort" defaultValue={filters.sort}>
                {Object.entries(LIST_SORTS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {t(label)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit">{t('Apply filters')}</button>
          <Link to={location.pathname}>{t('Clear filters')}</Link>
        </fieldset>
      </Form>
      <Form method="post" action={`${location.pathname}${location.search}`} className="search-form" role="search" aria-label={t('Search by patient name')}>
        <CsrfInput />
        {Object.entries(filters).map(([key, value]) =>
          value === undefined || key === 'page' ? null : <input key={key} type="hidden" name={key} value={String(value)} />,
        )}
        <Field label={t('Patient name')} error={page.fieldErrors.q}>
          {(props) => <input {...props} type="search" name="q" defaultValue={page.q} />}
        </Field>
        <button type="submit">{t('Search')}</button>
      </Form>
      {page.q ? (
        <p role="status">
          {t('Referrals of patients named “{{query}}”: {{count}}.', { query: page.q, count: page.total })}{' '}
          <Link to={`${location.pathname}${location.search}`}>{t('Show all')}</Link>
        </p>
      ) : null}
      {page.referrals.length === 0 ? (
        <p>{t('No referrals in this list.')}</p>
      ) : (
        <ReferralTable
          referrals={page.referrals}
          linkBase={caseload ? '/referrals' : '/portal/referrals'}
          counterpartLabel={counterpartLabel}
          assigneeLabel={assigneeLabel}
          caption={t(TAB_LABELS[filters.tab])}
        />
      )}
      {page.pageCount > 1 ? (
        <nav aria-label={t('Pages')} className="pager">
          {page.page > 1 ? <Link to={linkTo({ page: page.page - 1 })}>← {t('Previous')}</Link> : null}
          <span>{t('Page {{page}} of {{pageCount}}', { page: page.page, pageCount: page.pageCount })}</span>
          {page.page < page.pageCount ? <Link to={linkTo({ page: page.page + 1 })}>{t('Next')} →</Link> : null}
        </nav>
      ) : null}
      <DueDefinitions />
    </section>
  );
}
