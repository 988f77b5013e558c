import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { Confirmation, formatDate } from '~/components/confirmation';
import { CsrfInput, FormError, fieldErrorsOf, formValues } from '~/components/forms';
import { useLocaleTag } from '~/components/status';
import { getDb } from '~/db.server';
import { requestId } from '~/log.server';
import { TASK_KINDS, WORKLIST_WINDOWS, type WorklistWindow } from '~/referrals/follow-up';
import { completeTaskSchema } from '~/referrals/referral.schema';
import { completeTask, listWorklist } from '~/referrals/tasks.server';

export const meta: MetaFunction = () => [{ title: 'Worklist · CareLoop' }];

function filtersOf(request: Request) {
  const params = new URL(request.url).searchParams;
  const window = params.get('due') ?? 'all';
  return {
    scope: params.get('scope') === 'all' ? ('all' as const) : ('mine' as const),
    window: (Object.hasOwn(WORKLIST_WINDOWS, window) ? window : 'all') as WorklistWindow,
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'read:caseload');
  const filters = filtersOf(request);
  const worklist = await listWorklist(getDb(), user, filters, requestId(request));
  return data({ ...worklist, filters });
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:referral');
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData);
  const parsed = completeTaskSchema.safeParse(values);
  if (!parsed.success) return data({ ok: false, formError: Object.values(fieldErrorsOf(parsed.error))[0] ?? null }, { status: 400 });
  const result = await completeTask(getDb(), session.user, parsed.data, requestId(request));
  if (!result.ok) return data({ ok: false, formError: result.message }, { status: result.status });
  return data({ ok: true, formError: null });
}

export default function Worklist() {
  const { tasks, counts, filters } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const localeTag = useLocaleTag();
  const link = (change: Partial<typeof filters>) => {
    const next = { ...filters, ...change };
    const params = new URLSearchParams();
    if (next.scope === 'all') params.set('scope', 'all');
    if (next.window !== 'all') params.set('due', next.window);
    return `/worklist${params.size ? `?${params}` : ''}`;
  };
  return (
    <section>
      <h1>{t('Follow-up worklist')}</h1>
      {result?.ok ? <Confirmation message="Task completed." /> : <FormError message={result?.formError} />}
      <nav aria-label={t('Whose tasks')} className="scope-switch">
        <Link to={link({ scope: 'mine' })} aria-current={filters.scope === 'mine' ? 'page' : undefined}>
          {t('My tasks')}
        </Link>
        <Link to={link({ scope: 'all' })} aria-current={filters.scope === 'all' ? 'page' : undefined}>
          {t('Everyone in my organisation')}
        </Link>
      </nav>
      <nav aria-label={t('Task lists')}>
        <ul className="tabs">
          {(Object.keys(WORKLIST_WINDOWS) as WorklistWindow[]).map((window) => (
            <li key={window}>
              <Link to={link({ window })} aria-current={filters.window === window ? 'page' : undefined} className={filters.window === window ? 'active' : undefined}>
                {t(WORKLIST_WINDOWS[window])} <strong>{counts[window]}</strong>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {tasks.length === 0 ? (
        <p>{t('Nothing due in this list.')}</p>
      ) : (
        <div className="table-wrap">
          <table className="responsive">
            <caption className="visually-hidden">{t(WORKLIST_WINDOWS[filters.window])}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Due')}</th>
                <th scope="col">{t('Task')}</th>
                <th scope="col">{t('Patient')}</th>
                <th scope="col">{t('Referral')}</th>
                <th scope="col">{t('Responsible')}</th>
                <th scope="col">{t('Done?')}</th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <tr key={task.id} className={task.overdue ? 'overdue' : undefined}>
                  <td data-label={t('Due')}>
                    {formatDate(task.dueOn, localeTag)}
                    {task.overdue ? <span className="badge badge--overdue">{t('Overdue')}</span> : null}
                  </td>
                  <td data-label={t('Task')}>
                    {t(TASK_KINDS[task.kind])}
                    {task.note ? <span className="hint"> — {task.note}</span> : null}
                  </td>
                  <td data-label={t('Patient')}>
                    <Link to={`/patients/${task.patient.id}`}>{task.patient.name}</Link>
                  </td>
                  <td data-label={t('Referral')}>{task.referral ? <Link to={`/referrals/${task.referral.id}`}>{task.referral.serviceName}</Link> : '—'}</td>
                  <td data-label={t('Responsible')}>{task.assignee?.name ?? '—'}</td>
                  <td data-label={t('Done?')}>
                    <Form method="post" className="inline-form" aria-label={t('Complete: {{task}}', { task: t(TASK_KINDS[task.kind]) })}>
                      <CsrfInput />
                      <input type="hidden" name="taskId" value={task.id} />
                      <input type="hidden" name="version" value={task.version} />
                      <button type="submit">{t('Mark done')}</button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
