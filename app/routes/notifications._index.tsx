import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserSession } from '~/auth/session.server';
import { CsrfInput } from '~/components/forms';
import { useFormatDateTime } from '~/components/status';
import { getDb } from '~/db.server';
import { KIND_TEXT } from '~/notifications/events';
import { listNotifications, markAllRead } from '~/notifications/inbox.server';

export const meta: MetaFunction = () => [{ title: 'Notifications · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserSession(request);
  return data({ notifications: await listNotifications(getDb(), user) });
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserSession(request);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  await markAllRead(getDb(), session.user);
  return redirect('/notifications');
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const unread = notifications.filter((notification) => !notification.read).length;
  return (
    <section className="narrow">
      <div className="page-heading">
        <h1>{t('Notifications')}</h1>
        <Link to="/settings/notifications">{t('E-mail settings')}</Link>
      </div>
      {unread > 0 ? (
        <Form method="post">
          <CsrfInput />
          <button type="submit">{t('Mark all as read')}</button>
        </Form>
      ) : null}
      {notifications.length === 0 ? (
        <p>{t('Nothing new. Referrals, answers and reminders that need you will show here.')}</p>
      ) : (
        <ul className="notification-list">
          {notifications.map((notification) => (
            <li key={notification.id} className={notification.read ? undefined : 'unread'}>
              <Link to={`/notifications/${notification.id}`}>
                {notification.read ? null : <span className="badge badge--requested">{t('New')}</span>}
                <strong>{t(KIND_TEXT[notification.kind].title)}</strong>
              </Link>
              <p>{t(KIND_TEXT[notification.kind].body, notification.params)}</p>
              <p className="hint">
                <time dateTime={notification.createdAt}>{formatDateTime(notification.createdAt)}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
