import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserSession } from '~/auth/session.server';
import { CsrfInput, FormError, formValues } from '~/components/forms';
import { getDb } from '~/db.server';
import { LOCALE_NAMES } from '~/i18n/i18n';
import { EMAIL_MODES, KIND_TEXT } from '~/notifications/events';
import { getNotificationSettings, kindsFor, saveNotificationSettings } from '~/notifications/inbox.server';
import { notificationSettingsSchema, settingsFromForm } from '~/notifications/settings.schema';

export const meta: MetaFunction = () => [{ title: 'E-mail settings · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserSession(request);
  return data({ settings: await getNotificationSettings(getDb(), user), kinds: kindsFor(user) });
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserSession(request);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const parsed = notificationSettingsSchema.safeParse(settingsFromForm(formValues(formData)));
  if (!parsed.success) return data({ saved: false, error: parsed.error.issues[0]?.message ?? 'Check the form.' }, { status: 400 });
  // Only kinds this person can receive are stored.
  const allowed = new Set(kindsFor(session.user));
  const email = Object.fromEntries(Object.entries(parsed.data.email).filter(([kind]) => allowed.has(kind as never)));
  await saveNotificationSettings(getDb(), session.user, { locale: parsed.data.locale, email });
  return data({ saved: true, error: null });
}

export default function NotificationSettings() {
  const { settings, kinds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const confirmation = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (actionData?.saved) confirmation.current?.focus();
  }, [actionData]);
  return (
    <section className="narrow">
      <p>
        <Link to="/notifications">← {t('Notifications')}</Link>
      </p>
      <h1>{t('E-mail settings')}</h1>
      <p>{t('Everything also appears in your notifications in CareLoop. E-mails never contain patient details; they link to CareLoop, where you sign in to see them.')}</p>
      {actionData?.saved ? (
        <p className="success" role="status" tabIndex={-1} ref={confirmation}>
          {t('Your e-mail settings are saved.')}
        </p>
      ) : null}
      <FormError message={actionData?.error} />
      <Form method="post">
        <CsrfInput />
        <fieldset>
          <legend>{t('Language of your e-mails')}</legend>
          {Object.entries(LOCALE_NAMES).map(([locale, name]) => (
            <label key={locale} className="choice">
              <input type="radio" name="locale" value={locale} defaultChecked={settings.locale === locale} /> <span lang={locale}>{name}</span>
            </label>
          ))}
        </fieldset>
        {kinds.map((kind) => (
          <fieldset key={kind}>
            <legend>{t(KIND_TEXT[kind].label)}</legend>
            {Object.entries(EMAIL_MODES).map(([mode, label]) => (
              <label key={mode} className="choice">
                <input type="radio" name={`email.${kind}`} value={mode} defaultChecked={settings.email[kind] === mode} /> {t(label)}
              </label>
            ))}
          </fieldset>
        ))}
        <button type="submit" className="primary">
          {t('Save settings')}
        </button>
      </Form>
    </section>
  );
}
