import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, Field, FormError, fieldErrorsOf, formValues } from '~/components/forms';
import { getDb } from '~/db.server';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { getPatient } from '~/patients/patients.server';
import { addManualNeed } from '~/screening/screenings.server';
import { manualNeedSchema } from '~/screening/need.schema';
import { SDOH_CATEGORIES } from '~/screening/sdoh-categories';

export const meta: MetaFunction = () => [{ title: 'Add a need · CareLoop' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:screening');
  const patient = await getPatient(getDb(), user, requireId(params.patientId), requestId(request));
  if (!patient) notFound();
  return data({ patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}` } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:screening');
  const patientId = requireId(params.patientId);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData);
  const parsed = manualNeedSchema.safeParse(values);
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), formError: null, values }, { status: 400 });
  const result = await addManualNeed(getDb(), session.user, patientId, parsed.data, requestId(request));
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ fieldErrors: { category: result.message } as Record<string, string>, formError: result.message, values }, { status: result.status });
  }
  return redirect(`/patients/${patientId}`);
}

export default function AddNeed() {
  const { patient } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const typed = (actionData?.values ?? {}) as Record<string, string | undefined>;
  return (
    <section className="narrow">
      <p>
        <Link to={`/patients/${patient.id}`}>← {patient.name}</Link>
      </p>
      <h1>{t('Add a need')}</h1>
      <p>{t('For a need the patient raises outside a screening, e.g. help with Medicaid renewal paperwork.')}</p>
      <FormError message={actionData?.formError ? t(actionData.formError) : null} />
      <Form method="post" noValidate>
        <CsrfInput />
        <Field label={t('Kind of need')} error={actionData?.fieldErrors.category}>
          {(props) => (
            <select {...props} name="category" defaultValue={typed.category ?? ''}>
              <option value="">{t('Choose…')}</option>
              {Object.entries(SDOH_CATEGORIES)
                .filter(([code]) => code !== 'sdoh-category-unspecified')
                .map(([code, label]) => (
                  <option key={code} value={code}>
                    {t(label)}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label={t('Note (optional)')} error={actionData?.fieldErrors.note}>
          {(props) => <textarea {...props} name="note" rows={3} defaultValue={typed.note} />}
        </Field>
        <button type="submit" className="primary">
          {t('Add need')}
        </button>
      </Form>
    </section>
  );
}
