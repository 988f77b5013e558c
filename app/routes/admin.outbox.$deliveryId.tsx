import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUserWithPermission } from '~/auth/guards.server';
import { getConfig } from '~/config.server';
import { getPlatformDb } from '~/db.server';
import { notFound, requireId } from '~/http.server';
import { readLocalMessage } from '~/notifications/outbox.server';

export const meta: MetaFunction = () => [{ title: 'Message · Outbox · CareLoop' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'admin:platform');
  const message = await readLocalMessage(getPlatformDb(), getConfig(), requireId(params.deliveryId));
  if (!message) notFound();
  return data({ message });
}

export default function OutboxMessage() {
  const { message } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <p>
        <Link to="/admin/outbox">← {t('Outbox')}</Link>
      </p>
      <h1>{message.subject ?? t('Text message')}</h1>
      <dl className="facts">
        <dt>{t('To')}</dt>
        <dd>{message.to}</dd>
      </dl>
      <pre className="message-preview">{message.text}</pre>
    </section>
  );
}
