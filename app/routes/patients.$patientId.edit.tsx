import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { PatientFields } from '~/components/patient-fields';
import { CsrfInput, FormError, fieldErrorsOf, formValues, useZodForm } from '~/components/forms';
import { getDb } from '~/db.server';
import { zipCentroid } from '~/directory/zip.server';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { patientSchema } from '~/patients/patient.schema';
import { getPatient, updatePatient, type Patient } from '~/patients/patients.server';

export const meta: MetaFunction = () => [{ title: 'Edit patient · CareLoop' }];

function formFields(patient: Patient): Record<string, string> {
  const { id: _id, version, ...fields } = patient;
  return { ...Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value ?? ''])), version: String(version) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:patient');
  const patient = await getPatient(getDb(), user, requireId(params.patientId), requestId(request));
  if (!patient) notFound();
  return data({ patientId: patient.id, values: formFields(patient) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:patient');
  const patientId = requireId(params.patientId);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData) as Record<string, string>;
  const parsed = patientSchema.safeParse(values);
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), formError: null, values }, { status: 400 });
  if (!zipCentroid(parsed.data.postalCode)) {
    return data({ fieldErrors: { postalCode: 'We do not know that ZIP code. Check it and try again.' }, formError: null, values }, { status: 400 });
  }
  const db = getDb();
  const result = await updatePatient(db, session.user, patientId, parsed.data, Number(values.version), requestId(request));
  if (result.ok) return redirect(`/patients/${patientId}`);
  if (result.problem === 'not-found') notFound();
  if (result.problem === 'stale') {
    const latest = await getPatient(db, session.user, patientId, requestId(request));
    if (!latest) notFound();
    return data({ fieldErrors: {}, formError: result.message, values: formFields(latest) }, { status: 409 });
  }
  const message = 'message' in result ? result.message : 'This patient could not be saved.';
  return data({ fieldErrors: { mrn: message }, formError: message, values }, { status: 409 });
}

export default function EditPatient() {
  const { patientId, values: saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = (actionData?.values ?? saved) as Record<string, string | undefined>;
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <p>
        <Link to={`/patients/${patientId}`}>← {t('Back to the patient')}</Link>
      </p>
      <h1>{t('Edit patient')}</h1>
      <FormError message={actionData?.formError} />
      {/* A new key remounts the form, so after a conflict it shows the latest saved values. */}
      <EditForm key={values.version} values={values} serverErrors={actionData?.fieldErrors} />
    </section>
  );
}

function EditForm({ values, serverErrors }: { values: Record<string, string | undefined>; serverErrors?: Record<string, string> }) {
  const form = useZodForm(patientSchema, { serverErrors });
  const { t } = useTranslation();
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit}>
      <CsrfInput />
      <input type="hidden" name="version" value={values.version} />
      <PatientFields register={form.register} errorOf={form.errorOf} values={values} />
      <button type="submit" className="primary">
        {t('Save changes')}
      </button>
    </Form>
  );
}
