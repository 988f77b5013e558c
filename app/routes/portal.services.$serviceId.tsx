import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, Field, FieldsetError, FormError, fieldErrorsOf, formValues, useZodForm } from '~/components/forms';
import { languageLabel } from '~/components/service-card';
import { useFormatDateTime, useLocaleTag } from '~/components/status';
import { getDb } from '~/db.server';
import { CAPACITY_LABELS, CAPACITY_STATUSES } from '~/directory/capacity';
import { MAX_PHONES, US_TIME_ZONES, WEEKDAY_CODES, capacitySchema, confirmSchema, listingSchema, type ListingInput } from '~/directory/listing.schema';
import { confirmListing, getEditableListing, setCapacity, updateListing, type ListingResult } from '~/directory/listings.server';
import { weekdayName } from '~/directory/hours';
import { notFound, requireId } from '~/http.server';
import { LANGUAGE_CODES } from '~/patients/languages';

export const meta: MetaFunction = () => [{ title: 'Edit a listing · CareLoop portal' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'work:inbox');
  const listing = await getEditableListing(getDb(), user, requireId(params.serviceId));
  if (!listing) notFound();
  return data({ listing, saved: new URL(request.url).searchParams.get('saved') });
}

type ActionData = {
  form: 'capacity' | 'confirm' | 'edit';
  fieldErrors: Record<string, string>;
  formError: string | null;
  values: Record<string, unknown>;
  saved?: boolean;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'work:inbox');
  const serviceId = requireId(params.serviceId);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const intent = formData.get('intent');
  const values = formValues(formData, ['languages']);
  delete values.intent;
  const db = getDb();
  const answer = (form: ActionData['form'], result: ListingResult) => {
    if (!result.ok && result.status === 404) notFound();
    if (!result.ok) return data<ActionData>({ form, fieldErrors: {}, formError: result.message, values: result.current.values }, { status: 409 });
    return data<ActionData>({ form, fieldErrors: {}, formError: null, values: {}, saved: true });
  };
  if (intent === 'capacity') {
    const parsed = capacitySchema.safeParse(values);
    if (!parsed.success) return data<ActionData>({ form: 'capacity', fieldErrors: fieldErrorsOf(parsed.error), formError: null, values }, { status: 400 });
    return answer('capacity', await setCapacity(db, session.user, serviceId, parsed.data));
  }
  if (intent === 'confirm') {
    const parsed = confirmSchema.safeParse(values);
    if (!parsed.success) return data<ActionData>({ form: 'confirm', fieldErrors: {}, formError: 'Reload the page and try again.', values }, { status: 400 });
    return answer('confirm', await confirmListing(db, session.user, serviceId, parsed.data.version));
  }
  if (intent === 'edit') {
    const parsed = listingSchema.safeParse(values);
    if (!parsed.success) return data<ActionData>({ form: 'edit', fieldErrors: fieldErrorsOf(parsed.error), formError: null, values }, { status: 400 });
    return answer('edit', await updateListing(db, session.user, serviceId, parsed.data as ListingInput));
  }
  return data<ActionData>({ form: 'edit', fieldErrors: {}, formError: 'Reload the page and try again.', values: {} }, { status: 400 });
}

export default function EditListing() {
  const { listing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const localeTag = useLocaleTag();
  const formatDateTime = useFormatDateTime();
  const errorsFor = (form: ActionData['form']) => (actionData?.form === form ? actionData.fieldErrors : undefined);
  // After a refused save, the form shows what the user typed; after a conflict, the listing as it is now.
  const typedFor = (form: ActionData['form']) =>
    (actionData?.form === form && !actionData.saved ? actionData.values : listing.values) as Record<string, string | string[] | undefined>;
  const edit = useZodForm(listingSchema, { serverErrors: errorsFor('edit') });
  const capacity = useZodForm(capacitySchema, { serverErrors: errorsFor('capacity') });
  const typed = typedFor('edit');
  const typedCapacity = actionData?.form === 'capacity' && !actionData.saved ? (actionData.values as unknown as Record<string, string>) : null;
  const languages = [...new Set([...LANGUAGE_CODES, ...((listing.values.languages as string[]) ?? [])])];
  const chosenLanguages = (typed.languages as string[] | undefined) ?? [];
  return (
    <section className="narrow">
      <p>
        <Link to="/portal/services">← {t('Your listings')}</Link>
      </p>
      <h1>{listing.name}</h1>
      <p>
        <Link to={`/services/${listing.serviceId}`}>{t('See the listing as workers see it')}</Link>
      </p>
      {actionData?.saved ? (
        <p className="success" role="status">
          {actionData.form === 'confirm' ? t('Confirmed: the listing is marked as still accurate today.') : t('Saved. Workers see the change now.')}
        </p>
      ) : null}
      {actionData?.formError ? <FormError message={actionData.formError} /> : null}

      <h2>{t('Capacity')}</h2>
      <Form method="post" noValidate onSubmit={capacity.onSubmit}>
        <CsrfInput />
        <input type="hidden" name="intent" value="capacity" />
        <input type="hidden" {...capacity.register('version')} value={listing.version} />
        <fieldset className={capacity.errorOf('status') ? 'field--error' : undefined} aria-describedby={capacity.errorOf('status') ? 'status-error' : undefined}>
          <legend>{t('Can you take new referrals for this service?')}</legend>
          <FieldsetError id="status-error" error={capacity.errorOf('status')} />
          {CAPACITY_STATUSES.filter((status) => status !== 'unknown').map((status) => (
            <label key={status} className="choice">
              <input type="radio" value={status} {...capacity.register('status')} defaultChecked={(typedCapacity?.status ?? listing.capacity.status) === status} />
              {t(CAPACITY_LABELS[status])}
            </label>
          ))}
        </fieldset>
        <Field label={t('Note (optional)')} hint={t('For example: waitlist about 3 weeks.')} error={capacity.errorOf('note')}>
          {(props) => <input {...props} type="text" {...capacity.register('note')} defaultValue={typedCapacity?.note ?? listing.capacity.note ?? ''} />}
        </Field>
        <Field label={t('Until (optional)')} hint={t('After this day the capacity shows as not stated again.')} error={capacity.errorOf('until')}>
          {(props) => <input {...props} type="date" {...capacity.register('until')} defaultValue={typedCapacity?.until ?? listing.capacity.until ?? ''} />}
        </Field>
        <button type="submit" className="primary">
          {t('Save capacity')}
        </button>
      </Form>

      <h2>{t('Still accurate?')}</h2>
      <Form method="post">
        <CsrfInput />
        <input type="hidden" name="intent" value="confirm" />
        <input type="hidden" name="version" value={listing.version} />
        <p className="hint">{t('Confirm that everything on this listing is still true. Listings not confirmed for 180 days are flagged to workers.')}</p>
        <button type="submit">{t('Still accurate')}</button>
      </Form>

      <h2>{t('Details')}</h2>
      <Form method="post" noValidate onSubmit={edit.onSubmit}>
        <CsrfInput />
        <input type="hidden" name="intent" value="edit" />
        <input type="hidden" {...edit.register('version')} value={listing.version} />
        <Field label={t('Description')} error={edit.errorOf('description')}>
          {(props) => <textarea {...props} rows={5} {...edit.register('description')} defaultValue={typed.description as string} />}
        </Field>
        <Field label={t('Eligibility')} hint={t('Who can use the service.')} error={edit.errorOf('eligibility')}>
          {(props) => <textarea {...props} rows={3} {...edit.register('eligibility')} defaultValue={typed.eligibility as string} />}
        </Field>
        <div className="field-row">
          <Field label={t('Minimum age')} error={edit.errorOf('minimumAge')}>
            {(props) => <input {...props} type="text" inputMode="numeric" {...edit.register('minimumAge')} defaultValue={typed.minimumAge as string} />}
          </Field>
          <Field label={t('Maximum age')} error={edit.errorOf('maximumAge')}>
            {(props) => <input {...props} type="text" inputMode="numeric" {...edit.register('maximumAge')} defaultValue={typed.maximumAge as string} />}
          </Field>
        </div>
        <Field label={t('Fees')} error={edit.errorOf('fees')}>
          {(props) => <textarea {...props} rows={2} {...edit.register('fees')} defaultValue={typed.fees as string} />}
        </Field>
        <Field label={t('How to apply')} error={edit.errorOf('applicationProcess')}>
          {(props) => <textarea {...props} rows={2} {...edit.register('applicationProcess')} defaultValue={typed.applicationProcess as string} />}
        </Field>
        <fieldset>
          <legend>{t('Hours')}</legend>
          <p className="hint">{t('Leave both times empty on a day the service is closed.')}</p>
          <Field label={t('Time zone of your organisation')} hint={t('All your services’ hours are read in it.')} error={edit.errorOf('timeZone')}>
            {(props) => (
              <select {...props} {...edit.register('timeZone')} defaultValue={typed.timeZone as string}>
                <option value="">{t('Not set (the directory’s default)')}</option>
                {[...new Set([...US_TIME_ZONES, ...(typed.timeZone ? [typed.timeZone as string] : [])])].map((zone) => (
                  <option key={zone} value={zone}>
                    {zone.replace(/_/g, ' ')}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {WEEKDAY_CODES.map((code, day) => (
            <div key={code} className="field-row hours-row">
              <Field label={t('{{day}} opens', { day: weekdayName(day, localeTag, 'long') })} error={edit.errorOf(`opens_${day}`)}>
                {(props) => <input {...props} type="time" {...edit.register(`opens_${day}` as never)} defaultValue={typed[`opens_${day}`] as string} />}
              </Field>
              <Field label={t('{{day}} closes', { day: weekdayName(day, localeTag, 'long') })} error={edit.errorOf(`closes_${day}`)}>
                {(props) => <input {...props} type="time" {...edit.register(`closes_${day}` as never)} defaultValue={typed[`closes_${day}`] as string} />}
              </Field>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('Phones')}</legend>
          <p className="hint">{t('Clear a number to remove it.')}</p>
          {Array.from({ length: MAX_PHONES }, (_, index) => (
            <div key={index} className="field-row">
              <Field label={t('Phone {{number}}', { number: index + 1 })} error={edit.errorOf(`phone_${index}_number`)}>
                {(props) => <input {...props} type="tel" {...edit.register(`phone_${index}_number` as never)} defaultValue={typed[`phone_${index}_number`] as string} />}
              </Field>
              <Field label={t('Extension')} error={edit.errorOf(`phone_${index}_extension`)}>
                {(props) => <input {...props} type="text" inputMode="numeric" {...edit.register(`phone_${index}_extension` as never)} defaultValue={typed[`phone_${index}_extension`] as string} />}
              </Field>
              <Field label={t('What the number is for')} error={edit.errorOf(`phone_${index}_description`)}>
                {(props) => <input {...props} type="text" {...edit.register(`phone_${index}_description` as never)} defaultValue={typed[`phone_${index}_description`] as string} />}
              </Field>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('Languages spoken by staff')}</legend>
          <div className="checkbox-row">
            {languages.map((code) => (
              <label key={code}>
                <input type="checkbox" value={code} {...edit.register('languages')} defaultChecked={chosenLanguages.includes(code)} />
                {languageLabel({ code, name: null }, localeTag)}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="primary">
          {t('Save listing')}
        </button>
      </Form>

      <h2>{t('Changes')}</h2>
      {listing.versions.length === 0 ? (
        <p>{t('No changes made in CareLoop yet.')}</p>
      ) : (
        <ol className="timeline" aria-label={t('Changes')}>
          {listing.versions.map((version) => (
            <li key={version.version}>
              <p>
                <strong>{formatDateTime(version.changedAt)}</strong> · {version.changedBy ?? t('Someone no longer on CareLoop')}
              </p>
              {version.changes.map((change, index) => (
                <p key={index} className="hint">
                  {change.field}: {change.before ?? '—'} → {change.after ?? '—'}
                </p>
              ))}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
