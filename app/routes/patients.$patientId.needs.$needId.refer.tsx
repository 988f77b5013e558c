import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { Field, CsrfInput, FieldsetError, FormError, fieldErrorsOf, formValues, useZodForm } from '~/components/forms';
import { StatusBadge, useFormatDateTime } from '~/components/status';
import { getDb } from '~/db.server';
import { getServiceForReferral } from '~/directory/services.server';
import { flashHeaders } from '~/flash.server';
import { notFound, requireId } from '~/http.server';
import { isUuid } from '~/ids';
import { requestId } from '~/log.server';
import { requirePatient } from '~/patients/patient-page.server';
import { CONTACT_ITEMS, type SharedItem } from '~/referrals/consent';
import { CONSENT_GIVERS, CONSENT_METHODS, SHARED_ITEMS, referralFormSchema, unmanagedReferralSchema } from '~/referrals/referral.schema';
import { createReferral, findOpenDuplicate, needOrigin, type ReferralFailure } from '~/referrals/referrals.server';
import { getPatientNeed } from '~/screening/screenings.server';
import { categoryLabel } from '~/screening/sdoh-categories';
import { isSafetySensitive } from '~/screening/safety';
import { CapacityBadge } from '~/components/service-card';
import { capacityNeedsConfirmation } from '~/directory/capacity';

export const meta: MetaFunction = () => [{ title: 'Send a referral · CareLoop' }];

/** Items a patient's record can actually share: no phone item without a phone on record, and so on. */
function availableItems(
  patient: { phone: string | null; email: string | null; addressLine: string | null; contactPreference: string },
  fromScreening: boolean,
  safetySensitive: boolean,
) {
  const missing: Partial<Record<SharedItem, 'not-on-record' | 'do-not-contact' | 'not-applicable'>> = {};
  if (patient.contactPreference === 'do-not-contact') for (const item of CONTACT_ITEMS) missing[item] = 'do-not-contact';
  else {
    if (!patient.phone) missing.phone = 'not-on-record';
    if (!patient.email) missing.email = 'not-on-record';
    if (!patient.addressLine) missing.address = 'not-on-record';
  }
  if (!fromScreening) missing['screening-answers'] = 'not-on-record';
  if (!safetySensitive) missing['safety-need'] = 'not-applicable';
  return missing;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:referral');
  const db = getDb();
  const patient = await requirePatient(db, user, request, params.patientId);
  const need = await getPatientNeed(db, user, patient.id, requireId(params.needId));
  if (!need) notFound();
  const url = new URL(request.url);
  const service = await getServiceForReferral(db, url.searchParams.get('service') ?? '');
  if (!service) notFound();
  const replaces = url.searchParams.get('replaces');
  const inNinetyDays = new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  return data({
    patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}`, doNotContact: patient.contactPreference === 'do-not-contact' },
    unavailable: await needOrigin(db, need.id).then((origin) => availableItems(patient, origin.fromScreening, isSafetySensitive({ category: need.category, domain: origin.domain }))),
    need: { id: need.id, category: need.category, open: need.status === 'identified' },
    service,
    duplicate: await findOpenDuplicate(db, patient.id, need.id, service.serviceId),
    replacesReferralId: isUuid(replaces) ? replaces : null,
    defaultExpiry: inNinetyDays,
  });
}

type ActionData = { fieldErrors: Record<string, string>; formError: string | null; values: Record<string, unknown>; duplicate?: ReferralFailure['duplicate'] };

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:referral');
  const patientId = requireId(params.patientId);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData, ['sharedItems']);
  const db = getDb();
  const service = await getServiceForReferral(db, String(values.serviceId ?? ''));
  const schema = service && !service.receivingOrganizationId ? unmanagedReferralSchema : referralFormSchema;
  const parsed = schema.safeParse({ ...values, needId: params.needId });
  if (!parsed.success) return data<ActionData>({ fieldErrors: fieldErrorsOf(parsed.error), formError: null, values }, { status: 400 });
  const form = parsed.data as typeof parsed.data & { sharedItems?: SharedItem[]; bestTimeToCall?: string };
  // createReferral finds the patient's need within the user's organisation, or answers 404.
  const result = await createReferral(
    db,
    session.user,
    {
      patientId,
      needId: form.needId,
      serviceId: form.serviceId,
      consent: {
        method: form.consentMethod,
        givenBy: form.consentGivenBy,
        representativeName: form.representativeName,
        representativeRelationship: form.representativeRelationship,
        signatureName: form.signatureName,
        sharedItems: form.sharedItems ?? [],
        bestTimeToCall: form.bestTimeToCall ?? '',
        expiresOn: form.consentExpiresOn,
      },
      note: form.note,
      replacesReferralId: form.replacesReferralId,
      confirmDuplicate: form.confirmDuplicate,
      capacityConfirmed: form.capacityConfirmed,
    },
    requestId(request),
  );
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data<ActionData>(
      { fieldErrors: result.field ? { [result.field]: result.message } : {}, formError: result.message, values, duplicate: result.duplicate },
      { status: result.status },
    );
  }
  const flash = result.managed
    ? { message: 'Referral sent to {{organization}}.', params: { organization: result.sentTo } }
    : { message: 'Referral recorded. Give the patient the details of {{organization}}; a follow-up task is on your worklist.', params: { organization: result.sentTo } };
  return redirect(`/referrals/${result.referralId}`, { headers: await flashHeaders(flash) });
}

export default function SendReferral() {
  const { patient, need, service, defaultExpiry, unavailable, duplicate: openDuplicate, replacesReferralId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const typed = (actionData?.values ?? {}) as Record<string, string | string[] | undefined>;
  const sharedTyped = Array.isArray(typed.sharedItems) ? typed.sharedItems : undefined;
  const managed = service.receivingOrganizationId !== null;
  const defaultItems: SharedItem[] = ['identity', 'need', 'language', 'postal-code'];
  const initialItems = ((sharedTyped ?? defaultItems) as SharedItem[]).filter((item) => unavailable[item] === undefined);
  // One set of fields: the unmanaged form is the managed one without the shared items. The checked
  // items are given to the form library too, which otherwise guesses them from the first checkbox.
  const form = useZodForm((managed ? referralFormSchema : unmanagedReferralSchema) as typeof referralFormSchema, {
    serverErrors: actionData?.fieldErrors,
    defaultValues: { needId: need.id, serviceId: service.serviceId, ...(managed ? { sharedItems: initialItems } : {}) },
  });
  const [method, setMethod] = useState(String(typed.consentMethod ?? ''));
  const [givenBy, setGivenBy] = useState(String(typed.consentGivenBy ?? 'patient'));
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const needLabel = t(categoryLabel(need.category));
  const duplicate = actionData?.duplicate ?? openDuplicate;
  const sharedError = form.errorOf('sharedItems');
  const methodError = form.errorOf('consentMethod');
  return (
    <section className="narrow">
      <p>
        <Link to={`/patients/${patient.id}/needs/${need.id}`}>← {t('Services for {{need}}', { need: needLabel })}</Link>
      </p>
      <h1>{managed ? t('Send a referral') : t('Refer to a service not on CareLoop')}</h1>
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
      {!managed ? (
        <p className="notice">
          {t(
            '{{organization}} does not receive referrals through CareLoop. The referral is still recorded: the patient takes the service’s details, and a follow-up task reminds you to ask what happened.',
            { organization: service.organizationName },
          )}
        </p>
      ) : null}
      {!need.open ? (
        <p className="notice">{t('This need is no longer open.')}</p>
      ) : (
        <>
          <FormError message={actionData?.formError && !duplicate ? actionData.formError : null} />
          <Form method="post" noValidate onSubmit={form.onSubmit}>
            <CsrfInput />
            <input type="hidden" {...form.register('serviceId')} value={service.serviceId} />
            <input type="hidden" {...form.register('needId')} value={need.id} />
            {replacesReferralId ? <input type="hidden" name="replacesReferralId" value={replacesReferralId} /> : null}
            {duplicate ? (
              <div className="notice" role="alert">
                <p>
                  <strong>{t('This patient already has an open referral to this service for this need.')}</strong>{' '}
                  <Link to={`/referrals/${duplicate.id}`}>{t('Sent {{date}}', { date: formatDateTime(duplicate.sentAt) })}</Link> <StatusBadge status={duplicate.status} />
                </p>
                <label className="choice">
                  <input type="checkbox" name="confirmDuplicate" value="on" />
                  {t('Send another referral anyway')}
                </label>
              </div>
            ) : null}
            {managed ? (
              <fieldset className={sharedError ? 'field--error' : undefined} aria-describedby={sharedError ? 'shared-error' : undefined}>
                <legend>{t('What the patient agreed to share with {{organization}}', { organization: service.organizationName })}</legend>
                <p className="hint">{t('Tick each item the patient agreed to; the organisation sees these and nothing else.')}</p>
                {patient.doNotContact ? <p className="notice">{t('The patient asked not to be contacted: contact details are not shared, and the organisation is told the patient will contact them.')}</p> : null}
                <FieldsetError id="shared-error" error={sharedError} />
                {Object.entries(SHARED_ITEMS).map(([value, label]) => {
                  const reason = unavailable[value as SharedItem];
                  if (reason === 'not-applicable') return null;
                  return (
                    <label key={value} className="choice">
                      <input
                        type="checkbox"
                        value={value}
                        disabled={reason !== undefined}
                        {...form.register('sharedItems')}
                        defaultChecked={initialItems.includes(value as SharedItem)}
                      />
                      {t(label)}
                      {reason === 'not-on-record' ? <span className="hint"> — {t('not on record')}</span> : null}
                    </label>
                  );
                })}
                <Field label={t('Best time to call (if ticked)')} error={form.errorOf('bestTimeToCall')}>
                  {(props) => <input {...props} type="text" {...form.register('bestTimeToCall')} defaultValue={typed.bestTimeToCall as string | undefined} />}
                </Field>
              </fieldset>
            ) : null}
            <fieldset className={methodError ? 'field--error' : undefined} aria-describedby={methodError ? 'method-error' : undefined}>
              <legend>{t('How consent was given')}</legend>
              <FieldsetError id="method-error" error={methodError} />
              {Object.entries(CONSENT_METHODS).map(([value, label]) => (
                <label key={value} className="choice">
                  <input type="radio" value={value} {...form.register('consentMethod', { onChange: (event) => setMethod(event.target.value) })} defaultChecked={typed.consentMethod === value} />
                  {t(label)}
                </label>
              ))}
              {method === 'signed-on-screen' || form.errorOf('signatureName') ? (
                <Field label={t('Signature: the person giving consent types their full name')} error={form.errorOf('signatureName')}>
                  {(props) => <input {...props} type="text" autoComplete="off" {...form.register('signatureName')} defaultValue={typed.signatureName as string | undefined} />}
                </Field>
              ) : null}
            </fieldset>
            <fieldset>
              <legend>{t('Who gave consent')}</legend>
              {Object.entries(CONSENT_GIVERS).map(([value, label]) => (
                <label key={value} className="choice">
                  <input type="radio" value={value} {...form.register('consentGivenBy', { onChange: (event) => setGivenBy(event.target.value) })} defaultChecked={(typed.consentGivenBy ?? 'patient') === value} />
                  {t(label)}
                </label>
              ))}
              {givenBy === 'representative' || form.errorOf('representativeName') ? (
                <div className="field-row">
                  <Field label={t("Representative's name")} error={form.errorOf('representativeName')}>
                    {(props) => <input {...props} type="text" {...form.register('representativeName')} defaultValue={typed.representativeName as string | undefined} />}
                  </Field>
                  <Field label={t('Relationship to the patient (optional)')} error={form.errorOf('representativeRelationship')}>
                    {(props) => <input {...props} type="text" {...form.register('representativeRelationship')} defaultValue={typed.representativeRelationship as string | undefined} />}
                  </Field>
                </div>
              ) : null}
            </fieldset>
            <Field label={t('Consent ends on')} hint={t('YYYY-MM-DD; at most one year from today.')} error={form.errorOf('consentExpiresOn')}>
              {(props) => <input {...props} type="date" {...form.register('consentExpiresOn')} defaultValue={(typed.consentExpiresOn as string | undefined) ?? defaultExpiry} />}
            </Field>
            <Field
              label={managed ? t('Note for the organisation (optional)') : t('Note (optional)')}
              hint={managed ? t('Shared only if "The worker\'s note" is ticked. No more than they need to help.') : undefined}
              error={form.errorOf('note')}
            >
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
                <input type="checkbox" value="on" {...form.register('consentGiven')} aria-describedby={form.errorOf('consentGiven') ? 'consent-error' : undefined} />
                {managed ? t('The patient consents to this referral and to sharing the items above') : t('The patient agrees to this referral and to being asked later how it went')}
              </label>
            </div>
            <button type="submit" className="primary">
              {managed ? t('Send referral') : t('Record referral')}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
