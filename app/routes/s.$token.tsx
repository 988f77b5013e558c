import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { anonymousCsrfToken, requireAnonymousCsrf } from '~/auth/csrf.server';
import { ScreeningForm } from '~/components/screening-form';
import { getDb } from '~/db.server';
import { isLocale } from '~/i18n/i18n';
import { resolveLocale } from '~/i18n/locale.server';
import { requestId } from '~/log.server';
import { getInstrument } from '~/screening/instruments/index';
import { EMPTY_SUBMISSION, needsEmptyConfirmation, problemsByItem, readScreeningForm } from '~/screening/form-answers';
import { findOpenLink, submitThroughLink } from '~/screening/self-screening.server';
import { currentTranslation } from '~/screening/translations.server';

export const meta: MetaFunction = () => [{ title: 'Questions from your care team' }, { name: 'robots', content: 'noindex' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const link = await findOpenLink(getDb(), params.token ?? '');
  const { locale } = await resolveLocale(request);
  if (!link) return data({ state: 'invalid' as const, csrfToken: null, instrumentId: null, language: locale, translation: null }, { status: 404 });
  const csrf = await anonymousCsrfToken(request);
  const headers = new Headers();
  if (csrf.setCookie) headers.append('Set-Cookie', csrf.setCookie);
  const asked = new URL(request.url).searchParams.get('lng');
  const language = isLocale(asked) ? asked : locale;
  const translation = await currentTranslation(getDb(), link.instrumentId, language);
  return data({ state: 'open' as const, csrfToken: csrf.token, instrumentId: link.instrumentId, language, translation: translation ?? null }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData();
  await requireAnonymousCsrf(request, formData);
  const { locale } = await resolveLocale(request);
  const readAnswers = (instrumentId: Parameters<typeof readScreeningForm>[0]) => {
    const posted = readScreeningForm(instrumentId, formData);
    // Nothing answered at all is sent only after a second, explicit "yes".
    if (posted.problems.length === 0 && needsEmptyConfirmation(posted.answers, formData)) return { ...posted, problems: [{ item: '', message: EMPTY_SUBMISSION }] };
    return posted;
  };
  const translationOf = (instrumentId: Parameters<typeof readScreeningForm>[0]) => currentTranslation(getDb(), instrumentId, locale);
  const result = await submitThroughLink(getDb(), params.token ?? '', readAnswers, locale, requestId(request), translationOf);
  if (result.ok) return data({ state: 'done' as const, fieldErrors: {}, confirmEmpty: false, answers: undefined });
  if (result.reason === 'answers') {
    const confirmEmpty = result.problems.some((problem) => problem.message === EMPTY_SUBMISSION);
    const problems = result.problems.filter((problem) => problem.message !== EMPTY_SUBMISSION);
    return data({ state: 'open' as const, fieldErrors: problemsByItem(problems), confirmEmpty, answers: result.answers }, { status: 400 });
  }
  return data({ state: 'invalid' as const, fieldErrors: {}, confirmEmpty: false, answers: undefined }, { status: 404 });
}

export default function PatientSelfScreening() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const state = result?.state ?? page.state;
  if (state === 'done') {
    return (
      <section className="narrow patient-page">
        <h1>{t('Thank you')}</h1>
        <p>{t('Your answers were sent to your care team. You can close this page.')}</p>
      </section>
    );
  }
  if (state === 'invalid' || !page.instrumentId) {
    return (
      <section className="narrow patient-page">
        <h1>{t('This link cannot be used')}</h1>
        <p>{t('Links to answer questions from your care team work once and only for a few days. Ask your care team for a new link.')}</p>
      </section>
    );
  }
  const instrument = getInstrument(page.instrumentId);
  return (
    <section className="narrow patient-page">
      <h1>{t('Questions from your care team')}</h1>
      <p>
        {t('{{title}}: these questions help your care team connect you with help such as food, housing or transportation. Answer what you are comfortable with; you can decline any question.', {
          title: instrument.title,
        })}
      </p>
      <ScreeningForm
        instrumentId={page.instrumentId}
        language={page.language}
        translation={page.translation}
        answers={result?.answers}
        serverErrors={result?.fieldErrors}
        confirmEmpty={result?.confirmEmpty}
        allowDraft={false}
        csrfToken={page.csrfToken ?? undefined}
        submitLabel="Send my answers"
      />
    </section>
  );
}
