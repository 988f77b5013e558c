import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, FormError, formValues } from '~/components/forms';
import { useFormatDateTime } from '~/components/status';
import { getConfig } from '~/config.server';
import { getPlatformDb } from '~/db.server';
import { discardFailedJob, listFailedJobs, queueHealth, retryFailedJob } from '~/jobs/queue.server';
import { CHANNEL_LABELS, DELIVERY_STATUS_LABELS } from '~/notifications/labels';
import { listDeliveries, retryDelivery } from '~/notifications/outbox.server';

export const meta: MetaFunction = () => [{ title: 'Outbox · CareLoop' }];


const actionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('retry-delivery'), id: z.uuid('Not found') }),
  z.object({ intent: z.literal('retry-job'), id: z.string().regex(/^\d{1,18}$/, 'Not found') }),
  z.object({ intent: z.literal('discard-job'), id: z.string().regex(/^\d{1,18}$/, 'Not found') }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'admin:platform');
  const db = getPlatformDb();
  const config = getConfig();
  const [deliveries, health, failedJobs] = await Promise.all([listDeliveries(db), queueHealth(db), listFailedJobs(db)]);
  return data({
    deliveries,
    health,
    failedJobs,
    localEmail: !config.SMTP_URL,
    localSms: !config.sms,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'admin:platform');
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const parsed = actionSchema.safeParse(formValues(formData));
  if (!parsed.success) return data({ message: null, error: 'That action is not possible.' }, { status: 400 });
  const db = getPlatformDb();
  const { intent, id } = parsed.data;
  const done =
    intent === 'retry-delivery' ? await retryDelivery(db, id) : intent === 'retry-job' ? await retryFailedJob(db, id) : await discardFailedJob(db, id);
  if (!done) return data({ message: null, error: 'It has changed in the meantime; the page shows the latest.' }, { status: 409 });
  const message = intent === 'discard-job' ? 'The job was removed.' : 'It is back in the queue and will be tried again shortly.';
  return data({ message, error: null });
}

function IntentButton({ intent, id, label }: { intent: string; id: string; label: string }) {
  return (
    <Form method="post">
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <button type="submit">{label}</button>
    </Form>
  );
}

export default function Outbox() {
  const { deliveries, health, failedJobs, localEmail, localSms } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <section>
      <h1>{t('Outbox')}</h1>
      {localEmail || localSms ? (
        <p className="notice">
          {localEmail && localSms
            ? t('No mail server or text-message provider is configured: messages are kept in the local outbox folder and shown here instead of being sent.')
            : localEmail
              ? t('No mail server is configured (SMTP_URL): e-mails are kept in the local outbox folder and shown here instead of being sent.')
              : t('No text-message provider is configured: text messages are kept in the local outbox folder and shown here instead of being sent.')}
        </p>
      ) : null}
      {actionData?.message ? (
        <p className="success" role="status">
          {t(actionData.message)}
        </p>
      ) : null}
      <FormError message={actionData?.error} />
      <ul className="stats" aria-label={t('Job queue')}>
        <li>
          <strong>{health.pending}</strong> {t('jobs waiting')}
        </li>
        <li>
          <strong>{health.oldestPendingSeconds}</strong> {t('seconds the oldest has waited')}
        </li>
        <li>
          <strong>{health.failed}</strong> {t('jobs failed for good')}
        </li>
      </ul>

      <h2>{t('Messages')}</h2>
      {deliveries.length === 0 ? (
        <p>{t('No messages yet.')}</p>
      ) : (
        <ul className="notification-list">
          {deliveries.map((delivery) => (
            <li key={delivery.id}>
              <p>
                <span className={`badge badge--${delivery.status === 'sent' ? 'accepted' : delivery.status === 'failed' ? 'failed' : 'on-hold'}`}>
                  {t(DELIVERY_STATUS_LABELS[delivery.status])}
                </span>
                <strong>{t(CHANNEL_LABELS[delivery.channel])}</strong> · {delivery.recipient}
                {delivery.organization ? ` · ${delivery.organization}` : ''}
              </p>
              <p className="hint">
                {delivery.kind} · <time dateTime={delivery.createdAt}>{formatDateTime(delivery.createdAt)}</time>
                {delivery.attempts > 1 ? ` · ${t('{{count}} attempts', { count: delivery.attempts })}` : ''}
              </p>
              {delivery.error ? <p className="error">{delivery.error}</p> : null}
              <div className="button-row">
                {delivery.viewable ? <Link to={`/admin/outbox/${delivery.id}`}>{t('Read the message')}</Link> : null}
                {delivery.status === 'failed' ? <IntentButton intent="retry-delivery" id={delivery.id} label={t('Send again')} /> : null}
              </div>
            </li>
          ))}
        </ul>
      )}

      <h2>{t('Jobs that failed for good')}</h2>
      {failedJobs.length === 0 ? (
        <p>{t('None. Failed jobs are retried with growing pauses; one that keeps failing stops here for you to look at.')}</p>
      ) : (
        <ul className="notification-list">
          {failedJobs.map((job) => (
            <li key={job.id}>
              <p>
                <strong>{job.task}</strong> · {t('{{count}} attempts', { count: job.attempts })} ·{' '}
                <time dateTime={job.failedAt}>{formatDateTime(job.failedAt)}</time>
              </p>
              {job.lastError ? <p className="error">{job.lastError}</p> : null}
              <div className="button-row">
                <IntentButton intent="retry-job" id={job.id} label={t('Try again')} />
                <IntentButton intent="discard-job" id={job.id} label={t('Remove')} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
