import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, FormError } from '~/components/forms';
import { useLocaleTag } from '~/components/status';
import { getDb } from '~/db.server';
import { sendStaleReminder, staleListingQueue } from '~/directory/listings.server';

export const meta: MetaFunction = () => [{ title: 'Stale listings · CareLoop' }];

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'admin:platform');
  const url = new URL(request.url);
  const page = Math.max(1, Math.min(10_000, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1));
  const onCareLoopOnly = url.searchParams.get('all') !== '1';
  const queue = await staleListingQueue(getDb(), { onCareLoopOnly, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return data({ ...queue, page, onCareLoopOnly, pageCount: Math.max(1, Math.ceil(queue.total / PAGE_SIZE)) });
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'admin:platform');
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const sent = await sendStaleReminder(getDb(), session.user, String(formData.get('organizationId') ?? ''));
  if (!sent) return data({ message: 'That organisation does not use CareLoop, so there is no one to remind.', sent: false }, { status: 400 });
  return data({ message: null, sent: true });
}

export default function StaleListings() {
  const { rows, total, page, pageCount, onCareLoopOnly } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const localeTag = useLocaleTag();
  return (
    <section>
      <p>
        <Link to="/admin">← {t('Platform')}</Link>
      </p>
      <h1>{t('Stale listings')}</h1>
      <p>{t('Organisations whose listings nobody has confirmed for 180 days: {{count}}.', { count: total.toLocaleString(localeTag) })}</p>
      <p>
        {onCareLoopOnly ? <Link to="?all=1">{t('Show organisations not on CareLoop too')}</Link> : <Link to="?">{t('Show only organisations on CareLoop')}</Link>}
      </p>
      {actionData?.sent ? (
        <p className="success" role="status">
          {t('Reminder sent to the organisation’s admins.')}
        </p>
      ) : null}
      <FormError message={actionData?.message} />
      {rows.length === 0 ? (
        <p>{t('Every listing has been confirmed in the last 180 days.')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('Stale listings')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Organisation')}</th>
                <th scope="col">{t('Stale listings')}</th>
                <th scope="col">{t('Last verified')}</th>
                <th scope="col">{t('Reminder')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.hsdsOrganizationId}>
                  <td>{row.name}</td>
                  <td>{row.staleServices.toLocaleString(localeTag)}</td>
                  <td>{row.oldestVerified ? new Date(row.oldestVerified).toLocaleDateString(localeTag, { dateStyle: 'medium', timeZone: 'UTC' }) : t('Never')}</td>
                  <td>
                    {row.organizationId ? (
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="organizationId" value={row.organizationId} />
                        <button type="submit" aria-label={t('Send a reminder to {{organization}}', { organization: row.name })}>
                          {t('Send a reminder')}
                        </button>
                      </Form>
                    ) : row.contactEmail ? (
                      <a href={`mailto:${row.contactEmail}`}>{row.contactEmail}</a>
                    ) : (
                      t('Not on CareLoop')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pageCount > 1 ? (
        <nav aria-label={t('Pages')} className="pager">
          {page > 1 ? <Link to={`?${onCareLoopOnly ? '' : 'all=1&'}page=${page - 1}`}>← {t('Previous')}</Link> : null}
          <span>{t('Page {{page}} of {{pageCount}}', { page, pageCount })}</span>
          {page < pageCount ? <Link to={`?${onCareLoopOnly ? '' : 'all=1&'}page=${page + 1}`}>{t('Next')} →</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
