import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, Field, FormError, fieldErrorsOf, formValues } from '~/components/forms';
import { useFormatDateTime } from '~/components/status';
import { getDb } from '~/db.server';
import { flashHeaders } from '~/flash.server';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { requirePatient } from '~/patients/patient-page.server';
import { INSTRUMENTS, isInstrumentId } from '~/screening/instruments/index';
import { screeningVoidSchema } from '~/screening/need-closure.schema';
import { getScreeningForVoid, voidScreening } from '~/screening/need-closure.server';

export const meta: MetaFunction = () => [{ title: 'Screening entered by mistake · CareLoop' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:screening');
  const db = getDb();
  const patient = await requirePatient(db, user, request, params.patientId);
  const screening = await getScreeningForVoid(db, user, patient.id, requireId(params.screeningId));
  if (!screening) notFound();
  return data({
    patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}` },
    screening: {
      ...screening,
      title: isInstrumentId(screening.instrument) ? INSTRUMENTS[screening.instrument].title : screening.instrument,
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:screening');
  const patientId = requireId(params.patientId);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData);
  const parsed = screeningVoidSchema.safeParse(values);
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), formError: null, values }, { status: 400 });
  const result = await voidScreening(getDb(), session.user, patientId, requireId(params.screeningId), parsed.data, requestId(request));
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ fieldErrors: {}, formError: result.message, values }, { status: result.status });
  }
  return redirect(`/patients/${patientId}`, { headers: await flashHeaders({ message: 'The screening is marked as entered in error.' }) });
}

export default function VoidScreening() {
  const { patient, screening } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const errors = (actionData?.fieldErrors ?? {}) as Record<string, string | undefined>;
  return (
    <section className="narrow">
      <p>
        <Link to={`/patients/${patient.id}`}>← {patient.name}</Link>
      </p>
      <h1>{t('Screening entered by mistake')}</h1>
      <p>
        {screening.title}, {formatDateTime(screening.at)}
      </p>
      {screening.voided ? (
        <p className="notice">{t('This screening was already marked as entered by mistake.')}</p>
      ) : (
        <>
          <p>{t('It stays on record, marked as entered in error, and is left out of reports. The needs it proposed that nobody decided on are marked the same way.')}</p>
          <FormError message={actionData?.formError} />
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="version" value={screening.version} />
            <Field label={t('Why it was entered by mistake')} error={errors.reason}>
              {(props) => <textarea {...props} name="reason" rows={3} defaultValue={String(actionData?.values.reason ?? '')} />}
            </Field>
            <button type="submit" className="primary">
              {t('Mark as entered in error')}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
