import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData } from '@remix-run/react';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, Field, fieldErrorsOf, formValues, useZodForm } from '~/components/forms';
import { getDb } from '~/db.server';
import { zipCentroid } from '~/directory/zip.server';
import { requestId } from '~/log.server';
import { LANGUAGES } from '~/patients/languages';
import { patientSchema } from '~/patients/patient.schema';
import { createPatient } from '~/patients/patients.server';

export const meta: MetaFunction = () => [{ title: 'Register a patient · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'write:patient');
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:patient');
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData);
  const parsed = patientSchema.safeParse(values);
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), values }, { status: 400 });
  if (!zipCentroid(parsed.data.postalCode)) {
    return data({ fieldErrors: { postalCode: 'We do not know that ZIP code. Check it and try again.' }, values }, { status: 400 });
  }
  const patient = await createPatient(getDb(), session.user, parsed.data, requestId(request));
  return redirect(`/patients/${patient.id}`);
}

export default function NewPatient() {
  const actionData = useActionData<typeof action>();
  const typed = (actionData?.values ?? {}) as Record<string, string | undefined>;
  const form = useZodForm(patientSchema, { serverErrors: actionData?.fieldErrors });
  return (
    <section className="narrow">
      <p>
        <Link to="/patients">← Patients</Link>
      </p>
      <h1>Register a patient</h1>
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <CsrfInput />
        <div className="field-row">
          <Field label="First name" error={form.errorOf('givenName')}>
            {(props) => <input {...props} {...form.register('givenName')} autoComplete="off" defaultValue={typed.givenName} />}
          </Field>
          <Field label="Last name" error={form.errorOf('familyName')}>
            {(props) => <input {...props} {...form.register('familyName')} autoComplete="off" defaultValue={typed.familyName} />}
          </Field>
        </div>
        <Field label="Date of birth" hint="YYYY-MM-DD" error={form.errorOf('birthDate')}>
          {(props) => <input {...props} {...form.register('birthDate')} type="date" defaultValue={typed.birthDate} />}
        </Field>
        <Field label="ZIP code" hint="Used to find services near the patient." error={form.errorOf('postalCode')}>
          {(props) => (
            <input {...props} {...form.register('postalCode')} inputMode="numeric" autoComplete="off" defaultValue={typed.postalCode} />
          )}
        </Field>
        <Field label="Preferred language" error={form.errorOf('preferredLanguage')}>
          {(props) => (
            <select {...props} {...form.register('preferredLanguage')} defaultValue={typed.preferredLanguage ?? 'en'}>
              {Object.entries(LANGUAGES).map(([code, name]) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="primary">
          Register patient
        </button>
      </Form>
    </section>
  );
}
