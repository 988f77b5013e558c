import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { createOrganization } from '~/accounts/accounts.server';
import { TIME_ZONES, organizationSchema } from '~/accounts/organization.schema';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, Field, FormError, fieldErrorsOf, formValues } from '~/components/forms';
import { getConfig } from '~/config.server';
import { getPlatformDb } from '~/db.server';
import { resolveLocale } from '~/i18n/locale.server';
import { unlinkedDirectoryOrganizations } from '~/organizations/organizations.server';

export const meta: MetaFunction = () => [{ title: 'New organisation · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'admin:platform');
  return data({
    directory: await unlinkedDirectoryOrganizations(getPlatformDb()),
    timeZones: TIME_ZONES,
    // New organisations sign in with two steps unless the platform admin decides otherwise.
    mfaByDefault: getConfig().NODE_ENV === 'production',
  });
}

type ActionResult = { fieldErrors: Record<string, string>; formError: string | null; values: Record<string, unknown>; created: string | null };

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'admin:platform');
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData);
  const parsed = organizationSchema.safeParse(values);
  if (!parsed.success) return data<ActionResult>({ fieldErrors: fieldErrorsOf(parsed.error), formError: null, values, created: null }, { status: 400 });
  const { locale } = await resolveLocale(request);
  // Across organisations (a new one, and its first admin's invitation): the platform role.
  const result = await createOrganization(getPlatformDb(), session.user, parsed.data, locale);
  if (!result.ok) {
    return data<ActionResult>({ fieldErrors: result.field ? { [result.field]: result.message } : {}, formError: result.message, values, created: null }, { status: result.status });
  }
  return data<ActionResult>({ fieldErrors: {}, formError: null, values: {}, created: parsed.data.name });
}

export default function NewOrganization() {
  const { directory, timeZones, mfaByDefault } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const typed = (actionData?.values ?? {}) as Record<string, string | undefined>;
  const errors = actionData?.fieldErrors ?? {};
  if (actionData?.created) {
    return (
      <section className="narrow">
        <h1>{t('Organisation created')}</h1>
        <p role="status">{t('{{organization}} is on CareLoop. Its first admin has an invitation by e-mail (the link works once, for 72 hours).', { organization: actionData.created })}</p>
        <p>
          <Link to="/admin">{t('Platform')}</Link> · <Link to="/admin/organizations/new">{t('Create another organisation')}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <p>
        <Link to="/admin">← {t('Platform')}</Link>
      </p>
      <h1>{t('New organisation')}</h1>
      <FormError message={actionData?.formError ?? (Object.keys(errors).length ? 'Check the form.' : null)} />
      <Form method="post" noValidate>
        <CsrfInput />
        <Field label={t('Name')} error={errors.name}>
          {(props) => <input {...props} name="name" defaultValue={typed.name} />}
        </Field>
        <fieldset aria-describedby={errors.kind ? 'kind-error' : undefined}>
          <legend>{t('What it does in CareLoop')}</legend>
          {errors.kind ? (
            <p className="error" id="kind-error">
              {t(errors.kind)}
            </p>
          ) : null}
          <label className="choice">
            <input type="radio" name="kind" value="referring" defaultChecked={(typed.kind ?? 'referring') === 'referring'} />
            {t('Refers patients (a clinic or health system)')}
          </label>
          <label className="choice">
            <input type="radio" name="kind" value="receiving" defaultChecked={typed.kind === 'receiving'} />
            {t('Receives referrals (a community organisation)')}
          </label>
        </fieldset>
        <Field label={t('Its listing in the resource directory')} hint={t('For an organisation that receives referrals: the services referred to it reach its inbox.')} error={errors.hsdsOrganizationId}>
          {(props) => (
            <select {...props} name="hsdsOrganizationId" defaultValue={typed.hsdsOrganizationId ?? ''}>
              <option value="">{t('None')}</option>
              {directory.map((listing) => (
                <option key={listing.id} value={listing.id}>
                  {listing.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('Response window (business days)')} hint={t('A referral not answered within this many business days is overdue.')} error={errors.responseWindowBusinessDays}>
          {(props) => <input {...props} name="responseWindowBusinessDays" inputMode="numeric" defaultValue={typed.responseWindowBusinessDays ?? '3'} />}
        </Field>
        <Field label={t('Time zone')} error={errors.timeZone}>
          {(props) => (
            <select {...props} name="timeZone" defaultValue={typed.timeZone ?? 'America/Los_Angeles'}>
              {timeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label className="choice">
          <input type="checkbox" name="mfaRequired" defaultChecked={typed.mfaRequired === undefined ? mfaByDefault : typed.mfaRequired === 'on'} />
          {t('Everyone signs in with two steps (password and a code from an app)')}
        </label>
        <h2>{t('Its first admin')}</h2>
        <Field label={t('Their name')} error={errors.adminName}>
          {(props) => <input {...props} name="adminName" defaultValue={typed.adminName} />}
        </Field>
        <Field label={t('Their e-mail address')} error={errors.adminEmail}>
          {(props) => <input {...props} type="email" name="adminEmail" defaultValue={typed.adminEmail} />}
        </Field>
        <button type="submit" className="primary">
          {t('Create the organisation and invite its admin')}
        </button>
      </Form>
    </section>
  );
}
