import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { PatientFields } from '~/components/patient-fields';
import { CsrfInput, FormError, fieldErrorsOf, formValues, useZodForm } from '~/components/forms';
import { getDb } from '~/db.server';
import { zipCentroid } from '~/directory/zip.server';
import { requestId } from '~/log.server';
import { patientSchema } from '~/patients/patient.schema';
import { createPatient, type DuplicateCandidate } from '~/patients/patients.server';

const DUPLICATE_REASONS = { 'same-name': 'same name', 'similar-name': 'similar name', 'same-phone': 'same phone' } as const;

export const meta: MetaFunction = () => [{ title: 'Register a patient · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'write:patient');
  return null;
}

type ActionResult = {
  fieldErrors: Record<string, string>;
  formError?: string;
  duplicates?: DuplicateCandidate[];
  values: Record<string, unknown>;
};

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:patient');
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData);
  const parsed = patientSchema.safeParse(values);
  if (!parsed.success) return data<ActionResult>({ fieldErrors: fieldErrorsOf(parsed.error), values }, { status: 400 });
  if (!zipCentroid(parsed.data.postalCode)) {
    return data<ActionResult>({ fieldErrors: { postalCode: 'We do not know that ZIP code. Check it and try again.' }, values }, { status: 400 });
  }
  const result = await createPatient(getDb(), session.user, parsed.data, {
    allowDuplicate: formData.get('confirmNew') === 'yes',
    requestId: requestId(request),
  });
  if (result.ok) return redirect(`/patients/${result.patient.id}`);
  if (result.problem === 'duplicate') {
    return data<ActionResult>({ fieldErrors: {}, duplicates: result.duplicates, values }, { status: 409 });
  }
  const message = 'message' in result ? result.message : 'This patient could not be saved.';
  return data<ActionResult>({ fieldErrors: result.problem === 'mrn-taken' ? { mrn: message } : {}, formError: message, values }, { status: 409 });
}

export default function NewPatient() {
  const actionData = useActionData<typeof action>();
  const typed = (actionData?.values ?? {}) as Record<string, string | undefined>;
  const form = useZodForm(patientSchema, { serverErrors: actionData?.fieldErrors });
  const duplicates = actionData?.duplicates;
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <p>
        <Link to="/patients">← {t('Patients')}</Link>
      </p>
      <h1>{t('Register a patient')}</h1>
      <FormError message={actionData?.formError} />
      {duplicates?.length ? (
        <div className="notice" role="alert">
          <p>
            <strong>{t('This patient may already be registered.')}</strong> {t('Born the same day, with the same or a similar name or the same phone:')}
          </p>
          <ul>
            {duplicates.map((duplicate) => (
              <li key={duplicate.id}>
                <Link to={`/patients/${duplicate.id}`}>
                  {duplicate.mrn
                    ? t('{{name}}, born {{birthDate}}, MRN {{mrn}}', { name: duplicate.name, birthDate: duplicate.birthDate, mrn: duplicate.mrn })
                    : t('{{name}}, born {{birthDate}}', { name: duplicate.name, birthDate: duplicate.birthDate })}
                </Link>{' '}
                <span className="hint">({t(DUPLICATE_REASONS[duplicate.why])})</span>
              </li>
            ))}
          </ul>
          <p>{t('Open the existing record, or register a new patient anyway if this is a different person.')}</p>
        </div>
      ) : null}
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <CsrfInput />
        {duplicates?.length ? <input type="hidden" name="confirmNew" value="yes" /> : null}
        <PatientFields register={form.register} errorOf={form.errorOf} values={typed} />
        <button type="submit" className="primary">
          {duplicates?.length ? t('Register as a new patient') : t('Register patient')}
        </button>
      </Form>
    </section>
  );
}
