import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData, type ShouldRevalidateFunction } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { Confirmation, formatDate } from '~/components/confirmation';
import { CsrfInput, Field, FormError, fieldErrorsOf, formValues } from '~/components/forms';
import { useLocaleTag } from '~/components/status';
import { getDb } from '~/db.server';
import { notFound } from '~/http.server';
import { holidaySchema, organizationSettingsSchema, removeHolidaySchema, timeZoneChoices } from '~/organizations/settings.schema';
import { addHoliday, getOrganizationSettings, removeHoliday, saveOrganizationSettings } from '~/organizations/settings.server';

export const meta: MetaFunction = () => [{ title: 'Organisation settings · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'admin:organization');
  return data({ settings: await getOrganizationSettings(getDb(), user), timeZones: timeZoneChoices() });
}

type ActionResult = { intent: string; ok: boolean; fieldErrors: Record<string, string>; formError: string | null; values: Record<string, unknown>; confirmation?: string };

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'admin:organization');
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData);
  const intent = String(values.intent ?? 'settings');
  const schema = intent === 'add-holiday' ? holidaySchema : intent === 'remove-holiday' ? removeHolidaySchema : organizationSettingsSchema;
  const parsed = schema.safeParse(values);
  if (!parsed.success) return data<ActionResult>({ intent, ok: false, fieldErrors: fieldErrorsOf(parsed.error), formError: null, values }, { status: 400 });
  const db = getDb();
  const result =
    intent === 'add-holiday'
      ? await addHoliday(db, session.user, parsed.data as { holidayOn: string; name: string })
      : intent === 'remove-holiday'
        ? await removeHoliday(db, session.user, (parsed.data as { holidayId: string }).holidayId)
        : await saveOrganizationSettings(db, session.user, parsed.data as never);
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data<ActionResult>(
      { intent, ok: false, fieldErrors: result.field ? { [result.field]: result.message } : {}, formError: result.message, values },
      { status: result.status },
    );
  }
  const confirmation = intent === 'add-holiday' ? 'Holiday added.' : intent === 'remove-holiday' ? 'Holiday removed.' : 'Settings saved.';
  return data<ActionResult>({ intent, ok: true, fieldErrors: {}, formError: null, values: {}, confirmation });
}

export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => actionStatus === 409 || defaultShouldRevalidate;

export default function OrganizationSettings() {
  const { settings, timeZones } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const localeTag = useLocaleTag();
  const errorsOf = (intent: string) => (result && !result.ok && result.intent === intent ? result.fieldErrors : {}) as Record<string, string | undefined>;
  const settingsErrors = errorsOf('settings');
  const holidayErrors = errorsOf('add-holiday');
  return (
    <section className="narrow">
      <h1>{t('Organisation settings')}</h1>
      <p>{settings.name}</p>
      {result?.ok && result.confirmation ? <Confirmation message={result.confirmation} /> : null}
      <FormError message={result && !result.ok ? result.formError : null} />
      <Form method="post" key={settings.version}>
        <CsrfInput />
        <input type="hidden" name="intent" value="settings" />
        <input type="hidden" name="version" value={settings.version} />
        <Field label={t('Time zone')} hint={t('Every time in CareLoop is shown in it, for everyone in your organisation.')} error={settingsErrors.timeZone}>
          {(props) => (
            <select {...props} name="timeZone" defaultValue={settings.timeZone}>
              {timeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t('Response window (business days)')}
          hint={t('A referral sent to your organisation is overdue when it has not been accepted or declined within this many business days.')}
          error={settingsErrors.responseWindowBusinessDays}
        >
          {(props) => <input {...props} type="number" inputMode="numeric" min={1} max={60} name="responseWindowBusinessDays" defaultValue={settings.responseWindowBusinessDays} />}
        </Field>
        <Field
          label={t('Follow-up window (business days)')}
          hint={t('After a referral to a service not on CareLoop, the follow-up task is due this many business days later.')}
          error={settingsErrors.followUpBusinessDays}
        >
          {(props) => <input {...props} type="number" inputMode="numeric" min={1} max={60} name="followUpBusinessDays" defaultValue={settings.followUpBusinessDays} />}
        </Field>
        <button type="submit" className="primary">
          {t('Save settings')}
        </button>
      </Form>

      <h2>{t('Holidays')}</h2>
      <p className="hint">{t('Business days skip weekends and these days. US federal holidays apply to every organisation; add your own.')}</p>
      <ul className="list">
        {settings.holidays.map((holiday) => (
          <li key={holiday.id}>
            {formatDate(holiday.date, localeTag)} — {holiday.name}
            {holiday.shared ? (
              <span className="hint"> ({t('federal holiday')})</span>
            ) : (
              <Form method="post" className="inline-form" aria-label={t('Remove {{name}}', { name: holiday.name })}>
                <CsrfInput />
                <input type="hidden" name="intent" value="remove-holiday" />
                <input type="hidden" name="holidayId" value={holiday.id} />
                <button type="submit" className="link-button">
                  {t('Remove')}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <Form method="post" className="field-row" aria-label={t('Add a holiday')}>
        <CsrfInput />
        <input type="hidden" name="intent" value="add-holiday" />
        <Field label={t('Date')} error={holidayErrors.holidayOn}>
          {(props) => <input {...props} type="date" name="holidayOn" />}
        </Field>
        <Field label={t('Name')} error={holidayErrors.name}>
          {(props) => <input {...props} type="text" name="name" />}
        </Field>
        <div>
          <button type="submit">{t('Add holiday')}</button>
        </div>
      </Form>
    </section>
  );
}
