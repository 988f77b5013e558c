import type { UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '~/patients/languages';
import { CONTACT_PREFERENCES, US_STATES } from '~/patients/patient.schema';
import { Field } from './forms';

type Values = Record<string, string | undefined>;

/** The patient form's fields, shared by registration and editing. */
export function PatientFields({
  register,
  errorOf,
  values,
}: {
  register: UseFormRegister<any>;
  errorOf: (field: string) => string | undefined;
  values: Values;
}) {
  const { t } = useTranslation();
  const text = (field: string, label: string, extra: Record<string, unknown> = {}, hint?: string) => (
    <Field label={label} hint={hint} error={errorOf(field)}>
      {(props) => <input {...props} {...register(field)} autoComplete="off" defaultValue={values[field]} {...extra} />}
    </Field>
  );
  return (
    <>
      <div className="field-row">
        {text('givenName', t('First name'))}
        {text('familyName', t('Last name'))}
      </div>
      <div className="field-row">
        {text('birthDate', t('Date of birth'), { type: 'date' }, t('YYYY-MM-DD'))}
        {text('mrn', t('MRN (optional)'), {}, t('Medical record number'))}
      </div>
      <Field label={t('Preferred language')} error={errorOf('preferredLanguage')}>
        {(props) => (
          <select {...props} {...register('preferredLanguage')} defaultValue={values.preferredLanguage ?? 'en'}>
            {Object.entries(LANGUAGES).map(([code, name]) => (
              <option key={code} value={code}>
                {t(name)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset>
        <legend>{t('Contact')}</legend>
        <Field label={t('How the patient wants to be contacted')} error={errorOf('contactPreference')}>
          {(props) => (
            <select {...props} {...register('contactPreference')} defaultValue={values.contactPreference ?? 'phone'}>
              {Object.entries(CONTACT_PREFERENCES).map(([value, label]) => (
                <option key={value} value={value}>
                  {t(label)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="field-row">
          {text('phone', t('Phone'), { type: 'tel', inputMode: 'tel' }, t('US number, e.g. 415-555-0100'))}
          {text('email', t('E-mail'), { type: 'email' })}
        </div>
        <div className="checkbox-row">
          <label>
            <input type="checkbox" {...register('smsConsent')} defaultChecked={['true', 'on'].includes(String(values.smsConsent))} />{' '}
            {t('Agrees to text messages from us')}
          </label>
          <label>
            <input type="checkbox" {...register('emailConsent')} defaultChecked={['true', 'on'].includes(String(values.emailConsent))} />{' '}
            {t('Agrees to e-mail from us')}
          </label>
        </div>
        {text('addressLine', t('Street address (optional)'))}
        <div className="field-row">
          {text('city', t('City (optional)'))}
          <Field label={t('State (optional)')} error={errorOf('state')}>
            {(props) => (
              <select {...props} {...register('state')} defaultValue={values.state ?? ''}>
                <option value="">—</option>
                {US_STATES.map((state) => (
                  <option key={state} value={state}>
                    {state}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text('postalCode', t('ZIP code'), { inputMode: 'numeric' }, t('Used to find services near the patient.'))}
        </div>
      </fieldset>
    </>
  );
}
