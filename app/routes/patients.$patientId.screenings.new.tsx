import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { FormError } from '~/components/forms';
import { ScreeningForm } from '~/components/screening-form';
import { NoOfficialTranslation } from '~/components/translation-warning';
import { getDb } from '~/db.server';
import { resolveLocale } from '~/i18n/locale.server';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { getPatient } from '~/patients/patients.server';
import type { Language } from '~/screening/instrument';
import { INSTRUMENTS, isInstrumentId } from '~/screening/instruments/index';
import { handleScreeningPost } from '~/screening/screening-action.server';
import { currentTranslation, translatedInstruments } from '~/screening/translations.server';

export const meta: MetaFunction = () => [{ title: 'Screening · CareLoop' }];

/**
 * The language the questions are read in: the page's, or English when the worker chose to read the
 * English questions through an interpreter after being told no official translation is loaded.
 */
async function sitting(request: Request) {
  const url = new URL(request.url);
  const instrument = url.searchParams.get('instrument');
  const choice = url.searchParams.get('ack');
  const { locale } = await resolveLocale(request);
  const instrumentId = isInstrumentId(instrument) ? instrument : null;
  const interpreter = choice === 'interpreter';
  const language: Language = interpreter ? 'en' : locale;
  const translation = instrumentId && language !== 'en' ? await currentTranslation(getDb(), instrumentId, language) : undefined;
  const mustWarn = Boolean(instrumentId) && language !== 'en' && !translation && choice !== 'continue';
  return { instrumentId, locale, language, interpreter, translation, mustWarn };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:screening');
  const patient = await getPatient(getDb(), user, requireId(params.patientId), requestId(request));
  if (!patient) notFound();
  const { instrumentId, locale, language, interpreter, translation, mustWarn } = await sitting(request);
  const translated = locale === 'en' ? [] : [...(await translatedInstruments(getDb(), locale))];
  return data({
    patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}` },
    instrumentId,
    locale,
    language,
    interpreter,
    mustWarn,
    translated,
    translation: translation ?? null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:screening');
  const patientId = requireId(params.patientId);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const { instrumentId, language, interpreter, translation } = await sitting(request);
  if (!instrumentId) notFound();
  return handleScreeningPost(request, session, formData, { patientId, instrumentId, language, interpreter, translationId: translation?.id ?? null });
}

export default function NewScreening() {
  const { patient, instrumentId, locale, language, interpreter, mustWarn, translated, translation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <p>
        <Link to={`/patients/${patient.id}`}>← {patient.name}</Link>
      </p>
      {instrumentId && mustWarn ? (
        <>
          <h1>{INSTRUMENTS[instrumentId].title}</h1>
          <NoOfficialTranslation
            instrumentId={instrumentId}
            translated={translated}
            continueAction={
              <Link className="button primary" to={`?instrument=${instrumentId}&ack=continue`}>
                {t('Continue with the English questions')}
              </Link>
            }
            interpreterLink={`?instrument=${instrumentId}&ack=interpreter`}
            switchLink="?"
          />
        </>
      ) : instrumentId ? (
        <>
          <h1>{INSTRUMENTS[instrumentId].title}</h1>
          <p>{t('Read each question to the patient and record the answer. Record a question the patient does not want to answer as declined.')}</p>
          {interpreter ? <p className="notice">{t('Read the English questions through an interpreter; the screening is recorded as interpreted.')}</p> : null}
          <FormError message={actionData?.formError ? t(actionData.formError) : null} />
          <ScreeningForm
            key={instrumentId}
            instrumentId={instrumentId}
            language={language}
            translation={translation}
            answers={actionData?.answers}
            serverErrors={actionData?.fieldErrors}
            confirmEmpty={actionData?.confirmEmpty}
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
                {locale !== 'en' ? (
                  <p className="hint">{translated.includes(instrument.id) ? t('Official Spanish version loaded.') : t('No official Spanish version loaded: questions in English.')}</p>
                ) : null}
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
