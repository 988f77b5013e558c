import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, Field, FieldsetError, FormError, fieldErrorsOf, formValues, useZodForm } from '~/components/forms';
import { getDb } from '~/db.server';
import { getServiceForReferral } from '~/directory/services.server';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { getPatient } from '~/patients/patients.server';
import { getPatientNeed } from '~/screening/screenings.server';
import { CONSENT_METHODS, SHARED_ITEMS, referralFormSchema } from '~/referrals/referral.schema';
import { createReferral } from '~/referrals/referrals.server';
import { categoryLabel } from '~/screening/sdoh-categories';
import { CapacityBadge } from '~/components/service-card';
import { capacityNeedsConfirmation } from '~/directory/capacity';

export const meta: MetaFunction = () => [{ title: 'Send a referral · CareLoop' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:referral');
  const db = getDb();
  const patient = await getPatient(db, user, requireId(params.patientId), requestId(request));
  if (!patient) notFound();
  const need = await getPatientNeed(db, user, patient.id, requireId(params.needId));
  if (!need) notFound();
  const service = await getServiceForReferral(db, new URL(request.url).searchParams.get('service') ?? '');
  if (!service) notFound();
  const inNinetyDays = new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  return data({
    patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}` },
    need: { id: need.id, category: need.category, open: need.status === 'identified' },
    service,
    defaultExpiry: inNinetyDays,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:referral');
  const patientId = requireId(params.patientId);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData, ['sharedItems']);
  const parsed = referralFormSchema.safeParse({ ...values, needId: params.needId });
  if (!parsed.success) {
    return data({ fieldErrors: fieldErrorsOf(parsed.error), formError: null, values }, { status: 400 });
  }
  // createReferral finds the patient's need within the user's organisation, or answers 404.
  const result = await createReferral(getDb(), session.user, { ...parsed.data, patientId }, requestId(request));
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data(
      { fieldErrors: result.field ? { [result.field]: result.message } : {}, formError: result.message, values },
      { status: result.status },
    );
  }
  return redirect(`/referrals/${result.referralId}`);
}

export default function SendReferral() {
  const { patient, need, service, defaultExpiry } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const typed = (actionData?.values ?? {}) as Record<string, string | string[] | undefined>;
  const sharedTyped = Array.isArray(typed.sharedItems) ? typed.sharedItems : undefined;
  const form = useZodForm(referralFormSchema, {
    serverErrors: actionData?.fieldErrors,
    defaultValues: { needId: need.id, serviceId: service.serviceId },
  });
  const sharedError = form.errorOf('sharedItems');
  const methodError = form.errorOf('consentMethod');
  const { t } = useTranslation();
  const needLabel = t(categoryLabel(need.category));
  return (
    <section className="narrow">
      <p>
        <Link to={`/patients/${patient.id}/needs/${need.id}`}>← {t('Services for {{need}}', { need: needLabel })}</Link>
      </p>
      <h1>{t('Send a referral')}</h1>
      <div className="card">
        <h2>{service.serviceName}</h2>
        <p>{service.organizationName}</p>
        {service.address ? <p>{service.address}</p> : null}
        <p>{t('For {{patient}} · {{need}}', { patient: patient.name, need: needLabel })}</p>
        <p>
          <CapacityBadge status={service.capacityStatus} />
          {service.capacityNote ? <span className="hint"> {service.capacityNote}</span> : null}
        </p>
      </div>
      {!service.receivingOrganizationId ? (
        <p className="notice">
          {t("{{organization}} does not receive referrals through CareLoop yet. Give the patient the service's contact details instead.", {
            organization: service.organizationName,
          })}
        </p>
      ) : !need.open ? (
        <p className="notice">{t('This need is no longer open.')}</p>
      ) : (
        <>
          <FormError message={actionData?.formError} />
          <Form method="post" noValidate onSubmit={form.onSubmit}>
            <CsrfInput />
            <input type="hidden" {...form.register('serviceId')} value={service.serviceId} />
            <input type="hidden" {...form.register('needId')} value={need.id} />
            <fieldset className={sharedError ? 'field--error' : undefined} aria-describedby={sharedError ? 'shared-error' : undefined}>
              <legend>{t('What the patient agreed to share with {{organization}}', { organization: service.organizationName })}</legend>
              <FieldsetError id="shared-error" error={sharedError} />
              {Object.entries(SHARED_ITEMS).map(([value, label]) => (
                <label key={value} className="choice">
                  <input
                    type="checkbox"
                    value={value}
                    {...form.register('sharedItems')}
                    defaultChecked={sharedTyped ? sharedTyped.includes(value) : true}
                  />
                  {t(label)}
                </label>
              ))}
            </fieldset>
            <fieldset className={methodError ? 'field--error' : undefined} aria-describedby={methodError ? 'method-error' : undefined}>
              <legend>{t('How consent was given')}</legend>
              <FieldsetError id="method-error" error={methodError} />
              {Object.entries(CONSENT_METHODS).map(([value, label]) => (
                <label key={value} className="choice">
                  <input type="radio" value={value} {...form.register('consentMethod')} defaultChecked={typed.consentMethod === value} />
                  {t(label)}
                </label>
              ))}
            </fieldset>
            <Field label={t('Consent ends on')} hint={t('YYYY-MM-DD; at most one year from today.')} error={form.errorOf('consentExpiresOn')}>
              {(props) => (
                <input
                  {...props}
                  type="date"
                  {...form.register('consentExpiresOn')}
                  defaultValue={(typed.consentExpiresOn as string | undefined) ?? defaultExpiry}
                />
              )}
            </Field>
            <Field label={t('Note for the organisation (optional)')} hint={t('No more than they need to help.')} error={form.errorOf('note')}>
              {(props) => <textarea {...props} rows={3} {...form.register('note')} defaultValue={typed.note as string | undefined} />}
            </Field>
            {capacityNeedsConfirmation(service.capacityStatus) ? (
              <div className={`field capacity-warning notice${form.errorOf('capacityConfirmed') ? ' field--error' : ''}`} role="note">
                <p>
                  <strong>
                    {service.capacityStatus === 'waitlist'
                      ? t('{{organization}} has a waitlist for this service.', { organization: service.organizationName })
                      : t('{{organization}} has no capacity for this service now.', { organization: service.organizationName })}
                  </strong>{' '}
                  {t('The patient may wait, or be turned away. Consider another service, or tell the patient what to expect.')}
                </p>
                <FieldsetError id="capacity-error" error={form.errorOf('capacityConfirmed')} />
                <label className="choice">
                  <input
                    type="checkbox"
                    value="on"
                    {...form.register('capacityConfirmed')}
                    aria-describedby={form.errorOf('capacityConfirmed') ? 'capacity-error' : undefined}
                  />
                  {t('Send the referral anyway')}
                </label>
              </div>
            ) : null}
            <div className={`field${form.errorOf('consentGiven') ? ' field--error' : ''}`}>
              <FieldsetError id="consent-error" error={form.errorOf('consentGiven')} />
              <label className="choice">
                <input
                  type="checkbox"
                  value="on"
                  {...form.register('consentGiven')}
                  aria-describedby={form.errorOf('consentGiven') ? 'consent-error' : undefined}
                />
                {t('The patient consents to this referral and to sharing the items above')}
              </label>
            </div>
            <button type="submit" className="primary">
              {t('Send referral')}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
