import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { FormError } from '~/components/forms';
import { ScreeningForm } from '~/components/screening-form';
import { getDb } from '~/db.server';
import { resolveLocale } from '~/i18n/locale.server';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { getPatient } from '~/patients/patients.server';
import { INSTRUMENTS, isInstrumentId } from '~/screening/instruments/index';
import { handleScreeningPost } from '~/screening/screening-action.server';

export const meta: MetaFunction = () => [{ title: 'Screening · CareLoop' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:screening');
  const patient = await getPatient(getDb(), user, requireId(params.patientId), requestId(request));
  if (!patient) notFound();
  const instrument = new URL(request.url).searchParams.get('instrument');
  const { locale } = await resolveLocale(request);
  return data({
    patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}` },
    instrumentId: isInstrumentId(instrument) ? instrument : null,
    language: locale,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:screening');
  const patientId = requireId(params.patientId);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const instrument = new URL(request.url).searchParams.get('instrument');
  if (!isInstrumentId(instrument)) notFound();
  const { locale } = await resolveLocale(request);
  return handleScreeningPost(request, session, formData, { patientId, instrumentId: instrument, language: locale });
}

export default function NewScreening() {
  const { patient, instrumentId, language } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <p>
        <Link to={`/patients/${patient.id}`}>← {patient.name}</Link>
      </p>
      {instrumentId ? (
        <>
          <h1>{INSTRUMENTS[instrumentId].title}</h1>
          <p>{t('Read each question to the patient and record the answer. Record a question the patient does not want to answer as declined.')}</p>
          <FormError message={actionData?.formError ? t(actionData.formError) : null} />
          <ScreeningForm
            key={instrumentId}
            instrumentId={instrumentId}
            language={language}
            answers={actionData?.answers}
            serverErrors={actionData?.fieldErrors}
            allowDraft
            submitLabel="Submit and score"
          />
        </>
      ) : (
        <>
          <h1>{t('Choose a screener')}</h1>
          <ul className="cards">
            {Object.values(INSTRUMENTS).map((instrument) => (
              <li key={instrument.id} className="card">
                <h2 className="card-title">{instrument.title}</h2>
                <p>{t('{{count}} questions', { count: instrument.items.length })}</p>
                <Link className="button primary" to={`?instrument=${instrument.id}`}>
                  {t('Start {{title}}', { title: instrument.title })}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
