import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, FieldsetError, FormError, fieldErrorsOf, formValues } from '~/components/forms';
import { getDb } from '~/db.server';
import { flashHeaders } from '~/flash.server';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { mergeSchema } from '~/patients/merge.schema';
import { mergePatients } from '~/patients/merge.server';
import { findLikelyDuplicates } from '~/patients/patients.server';
import { requirePatient } from '~/patients/patient-page.server';

export const meta: MetaFunction = () => [{ title: 'Merge patient records · CareLoop' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:patient');
  const db = getDb();
  const patient = await requirePatient(db, user, request, params.patientId);
  const candidates = await findLikelyDuplicates(db, user.organizationId, patient, patient.id);
  return data({ patient, candidates });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:patient');
  const patientId = requireId(params.patientId);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData);
  // Each candidate's version travels beside it; the chosen one's is the version the worker saw.
  const parsed = mergeSchema.safeParse({ ...values, otherVersion: values[`version.${String(values.otherId)}`] });
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), formError: null, values }, { status: 400 });
  const keepThis = parsed.data.keep === 'this';
  const result = await mergePatients(
    getDb(),
    session.user,
    {
      survivorId: keepThis ? patientId : parsed.data.otherId,
      mergedId: keepThis ? parsed.data.otherId : patientId,
      survivorVersion: keepThis ? parsed.data.thisVersion : parsed.data.otherVersion,
      mergedVersion: keepThis ? parsed.data.otherVersion : parsed.data.thisVersion,
    },
    requestId(request),
  );
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ fieldErrors: {}, formError: result.message, values }, { status: result.status });
  }
  return redirect(`/patients/${result.survivorId}`, { headers: await flashHeaders({ message: 'The two records are now one.' }) });
}

export default function MergePatients() {
  const { patient, candidates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = (actionData?.fieldErrors ?? {}) as Record<string, string | undefined>;
  const typed = (actionData?.values ?? {}) as Record<string, string | undefined>;
  const describe = (person: { name: string; birthDate: string; mrn: string | null; phone: string | null }) =>
    [person.name, t('born {{date}}', { date: person.birthDate }), person.mrn ? `MRN ${person.mrn}` : null, person.phone].filter(Boolean).join(' · ');
  const name = `${patient.givenName} ${patient.familyName}`;
  return (
    <section className="narrow">
      <p>
        <Link to={`/patients/${patient.id}`}>← {name}</Link>
      </p>
      <h1>{t('Merge patient records')}</h1>
      <p>
        {t(
          'When the same person was registered twice, the two records become one: the one that stays keeps its details and takes over the other’s screenings, needs, referrals, tasks and audit trail.',
        )}
      </p>
      {candidates.length === 0 ? (
        <p className="notice">{t('No likely duplicate of this patient: nobody else born the same day with a similar name or the same phone.')}</p>
      ) : (
        <>
          <FormError message={actionData?.formError} />
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="thisVersion" value={patient.version} />
            <fieldset className={errors.otherId ? 'field--error' : undefined}>
              <legend>{t('The other record of {{name}}', { name })}</legend>
              <FieldsetError id="other-error" error={errors.otherId} />
              {candidates.map((candidate) => (
                <label key={candidate.id} className="choice">
                  <input type="radio" name="otherId" value={candidate.id} defaultChecked={typed.otherId === candidate.id || candidates.length === 1} />
                  {describe(candidate)}
                </label>
              ))}
            </fieldset>
            {candidates.map((candidate) => (
              <input key={candidate.id} type="hidden" name={`version.${candidate.id}`} value={candidate.version} />
            ))}
            <fieldset className={errors.keep ? 'field--error' : undefined}>
              <legend>{t('Which record stays')}</legend>
              <FieldsetError id="keep-error" error={errors.keep} />
              <label className="choice">
                <input type="radio" name="keep" value="this" defaultChecked={typed.keep !== 'other'} />
                {t('This one: {{person}}', { person: describe({ name, birthDate: patient.birthDate, mrn: patient.mrn, phone: patient.phone }) })}
              </label>
              <label className="choice">
                <input type="radio" name="keep" value="other" defaultChecked={typed.keep === 'other'} />
                {t('The other one')}
              </label>
            </fieldset>
            <div className={`field${errors.confirm ? ' field--error' : ''}`}>
              <FieldsetError id="confirm-error" error={errors.confirm} />
              <label className="choice">
                <input type="checkbox" name="confirm" value="on" />
                {t('Both records are the same person')}
              </label>
            </div>
            <button type="submit" className="primary">
              {t('Merge the records')}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
