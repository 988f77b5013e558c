import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { filtersQuery, parseAuditFilters, type AuditFilters } from '~/audit/audit-filters';
import { auditFilterChoices, listAuditTrail } from '~/audit/audit-trail.server';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from '~/audit/labels';
import { requireUserWithPermission } from '~/auth/guards.server';
import { Field, FormError } from '~/components/forms';
import { useFormatDateTime } from '~/components/status';

export const meta: MetaFunction = () => [{ title: 'Audit trail · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'read:audit');
  const url = new URL(request.url);
  const parsed = parseAuditFilters(url.searchParams);
  const filters: AuditFilters = parsed.success ? parsed.data : {};
  const fieldErrors = parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
  const before = /^\d{1,19}$/.test(url.searchParams.get('before') ?? '') ? url.searchParams.get('before')! : undefined;
  const [trail, choices] = await Promise.all([listAuditTrail(user, filters, before), auditFilterChoices(user, filters)]);
  return data(
    {
      ...trail,
      ...choices,
      filters,
      fieldErrors,
      allOrganizations: user.role === 'platform_admin',
      organizationName: user.organizationName,
      timeZone: user.organizationTimeZone,
    },
    { status: parsed.success ? 200 : 400 },
  );
}

export default function AuditTrail() {
  const page = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const { filters } = page;
  const last = page.entries.at(-1);
  return (
    <section>
      <h1>{t('Audit trail')}</h1>
      <p>
        {page.allOrganizations
          ? t('Every read and change of patient data, every sign-in and every refused request, in every organisation.')
          : t('Every read and change of patient data, every sign-in and every refused request in {{organization}}.', { organization: page.organizationName })}{' '}
        {t('Times are in {{timeZone}}. Looking at this page is recorded too.', { timeZone: page.timeZone })}
      </p>
      <FormError message={Object.keys(page.fieldErrors).length ? 'Check the filters.' : null} />
      <Form method="get" className="filters" aria-label={t('Filter the audit trail')}>
        {filters.patientId ? <input type="hidden" name="patient" value={filters.patientId} /> : null}
        <div className="field-row">
          {page.allOrganizations ? (
            <Field label={t('Organisation')}>
              {(props) => (
                <select {...props} name="organization" defaultValue={filters.organizationId ?? ''}>
                  <option value="">{t('Every organisation')}</option>
                  {page.organizations.map((organization) => (
                    <option key={organization.id} value={organization.id}>
                      {organization.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          <Field label={t('Person')} error={page.fieldErrors.userId}>
            {(props) => (
              <select {...props} name="user" defaultValue={filters.userId ?? ''}>
                <option value="">{t('Everyone')}</option>
                {page.users.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('Since')} error={page.fieldErrors.from}>
            {(props) => <input {...props} type="date" name="from" defaultValue={filters.from ?? ''} />}
          </Field>
          <Field label={t('Until')} error={page.fieldErrors.to}>
            {(props) => <input {...props} type="date" name="to" defaultValue={filters.to ?? ''} />}
          </Field>
        </div>
        <button type="submit">{t('Apply filters')}</button>
      </Form>
      {filters.patientId ? (
        <p>
          {page.patientName
            ? t('Showing the trail of {{patient}}.', { patient: page.patientName })
            : t('Showing the trail of patient {{id}}.', { id: filters.patientId })}{' '}
          <Link to={`/audit${filtersQuery({ ...filters, patientId: undefined })}`}>{t('Show every patient')}</Link>
        </p>
      ) : null}
      <p>
        <a className="button" href={`/audit/export${filtersQuery(filters)}`}>
          {t('Download as CSV')}
        </a>
      </p>
      {page.entries.length === 0 ? (
        <p>{t('Nothing in the audit trail matches these filters.')}</p>
      ) : (
        <div className="table-wrap">
          <table className="stack-table">
            <caption className="visually-hidden">{t('Audit trail')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('When')}</th>
                <th scope="col">{t('Who')}</th>
                <th scope="col">{t('What')}</th>
                <th scope="col">{t('Patient')}</th>
                <th scope="col">{t('From where')}</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((entry) => (
                <tr key={entry.id}>
                  <td data-label={t('When')}>{formatDateTime(entry.at)}</td>
                  <td data-label={t('Who')}>
                    {entry.userName ?? (entry.actor === 'patient-link' ? t('The patient, through a self-screening link') : t('Nobody signed in'))}
                    {page.allOrganizations && entry.organization ? <span className="hint"> · {entry.organization}</span> : null}
                  </td>
                  <td data-label={t('What')}>
                    {t(AUDIT_ACTION_LABELS[entry.action] ?? entry.action)}: {t(AUDIT_ENTITY_LABELS[entry.entityType] ?? entry.entityType)}
                    {entry.entityType === 'page' && entry.entityId ? <code className="hint"> {entry.entityId}</code> : null}
                  </td>
                  <td data-label={t('Patient')}>
                    {entry.patientId ? (
                      <Link to={`/audit${filtersQuery({ ...filters, patientId: entry.patientId })}`}>{entry.patientName ?? entry.patientId.slice(0, 8)}</Link>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-label={t('From where')}>
                    {entry.clientAddress ?? '—'}
                    {entry.userAgent ? <span className="hint"> · {shortAgent(entry.userAgent)}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.more && last ? (
        <p>
          <Link to={`/audit${filtersQuery(filters, { before: last.id })}`}>{t('Older entries')}</Link>
        </p>
      ) : null}
    </section>
  );
}

/** The browser and system from a user agent, enough to recognise a device. */
function shortAgent(agent: string): string {
  const browser = /(Edg|Firefox|Chrome|Safari)\/[\d.]+/.exec(agent)?.[0] ?? agent.slice(0, 40);
  const system = /\(([^;)]+)/.exec(agent)?.[1];
  return system ? `${browser}, ${system}` : browser;
}
