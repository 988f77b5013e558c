import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, FormError } from '~/components/forms';
import { ScreeningForm } from '~/components/screening-form';
import { useFormatDateTime } from '~/components/status';
import { getDb } from '~/db.server';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { getPatient } from '~/patients/patients.server';
import type { DomainScore, RecordedAnswer } from '~/screening/instrument';
import { getInstrument } from '~/screening/instruments/index';
import { handleScreeningPost } from '~/screening/screening-action.server';
import { decideNeed, getScreening, getScreeningForm } from '~/screening/screenings.server';
import { markReviewed } from '~/screening/self-screening.server';
import { categoryLabel } from '~/screening/sdoh-categories';
import { itemText } from '~/screening/text';

export const meta: MetaFunction = () => [{ title: 'Screening · CareLoop' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:screening');
  const db = getDb();
  const patient = await getPatient(db, user, requireId(params.patientId), requestId(request));
  if (!patient) notFound();
  const screening = await getScreening(db, user, patient.id, requireId(params.screeningId), requestId(request));
  if (!screening) notFound();
  return data({ patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}` }, screening });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:screening');
  const patientId = requireId(params.patientId);
  const screeningId = requireId(params.screeningId);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const intent = formData.get('intent');
  if (intent === 'mark-reviewed') {
    if (!(await markReviewed(getDb(), session.user, patientId, screeningId, requestId(request)))) notFound();
    return data({ fieldErrors: {}, formError: null, answers: undefined });
  }
  if (intent === 'confirm-need' || intent === 'dismiss-need') {
    const needId = requireId(String(formData.get('needId') ?? ''));
    const result = await decideNeed(getDb(), session.user, patientId, needId, intent === 'confirm-need' ? 'confirm' : 'dismiss', requestId(request));
    if (!result.ok) {
      if (result.status === 404) notFound();
      return data({ fieldErrors: {}, formError: result.message, answers: undefined }, { status: result.status });
    }
    return data({ fieldErrors: {}, formError: null, answers: undefined });
  }
  const screening = await getScreeningForm(getDb(), session.user, patientId, screeningId);
  if (!screening) notFound();
  return handleScreeningPost(request, session, formData, { patientId, screeningId, ...screening });
}

const RESULT_LABELS = {
  positive: 'Positive',
  negative: 'Negative',
  incomplete: 'Incomplete',
  review: 'Needs review',
} as const;

export default function ScreeningPage() {
  const { patient, screening } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const instrument = getInstrument(screening.instrumentId);

  if (screening.status === 'draft' || !screening.score) {
    return (
      <section className="narrow">
        <p>
          <Link to={`/patients/${patient.id}`}>← {patient.name}</Link>
        </p>
        <h1>{instrument.title}</h1>
        <p className="notice">{t('Draft — not scored yet. Finish the questions and submit to score it.')}</p>
        <FormError message={actionData?.formError ? t(actionData.formError) : null} />
        <ScreeningForm
          key={screening.version}
          instrumentId={screening.instrumentId}
          language={screening.language}
          answers={actionData?.answers ?? screening.answers}
          version={screening.version}
          serverErrors={actionData?.fieldErrors}
          allowDraft
          submitLabel="Submit and score"
        />
      </section>
    );
  }

  const score = screening.score;
  const previous = screening.previous;
  const changes = previous
    ? score.domains
        .map((domain) => ({ domain, before: previous.score.domains.find((old) => old.domain === domain.domain) }))
        .filter(({ domain, before }) => before && (before.result !== domain.result || before.score !== domain.score))
    : [];
  const itemLabel = (code: string) => {
    const item = instrument.items.find((candidate) => candidate.code === code);
    return item ? itemText(item, screening.language).text : code;
  };
  const answerLabel = (answer: RecordedAnswer) => {
    if (answer.status === 'asked-declined') return t('Declined to answer');
    if (answer.status === 'not-asked') return t('Not asked');
    if (answer.status === 'missing') return t('No answer');
    const item = instrument.items.find((candidate) => candidate.code === answer.item);
    if (answer.codes?.length) return answer.codes.map((code) => item?.answers.find((option) => option.code === code)?.display ?? code).join('; ');
    return String(answer.value ?? '');
  };

  return (
    <section>
      <p>
        <Link to={`/patients/${patient.id}`}>← {patient.name}</Link>
      </p>
      <div className="page-heading">
        <h1>
          {instrument.title}: {t('results')}
        </h1>
        <a className="button" href={`/patients/${patient.id}/screenings/${screening.id}/fhir`} download>
          {t('Export as FHIR')}
        </a>
      </div>
      <p>
        {screening.mode === 'self' ? t('Completed by the patient') : t('Administered by {{name}}', { name: screening.administeredBy ?? '' })} ·{' '}
        {screening.submittedAt ? formatDateTime(screening.submittedAt) : ''}
      </p>
      <FormError message={actionData?.formError ? t(actionData.formError) : null} />
      {screening.mode === 'self' && !screening.reviewedAt ? (
        <div className="notice">
          <p>{t('The patient completed this screener on their own. Review the answers, confirm or dismiss each proposed need, or mark it reviewed.')}</p>
          <Form method="post">
            <CsrfInput />
            <button type="submit" name="intent" value="mark-reviewed">
              {t('Mark as reviewed')}
            </button>
          </Form>
        </div>
      ) : null}

      <h2>{t('Proposed needs')}</h2>
      {screening.needs.length === 0 ? (
        <p>{t('This screening proposed no new needs.')}</p>
      ) : (
        <ul className="cards">
          {screening.needs.map((need) => (
            <li key={need.id} className="card">
              <h3>{t(categoryLabel(need.category))}</h3>
              {need.zCode ? <p className="hint">{t('Suggested ICD-10-CM: {{code}}', { code: need.zCode })}</p> : null}
              {need.status === 'proposed' ? (
                <div className="button-row">
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="needId" value={need.id} />
                    <button type="submit" name="intent" value="confirm-need" className="primary">
                      {t('Confirm need')}
                    </button>
                  </Form>
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="needId" value={need.id} />
                    <button type="submit" name="intent" value="dismiss-need">
                      {t('Dismiss')}
                    </button>
                  </Form>
                </div>
              ) : need.status === 'identified' ? (
                <p>
                  {t('Confirmed.')}{' '}
                  <Link to={`/patients/${patient.id}/needs/${need.id}`}>{t('Find services')}</Link>
                </p>
              ) : (
                <p>{need.status === 'dismissed' ? t('Dismissed.') : t('Addressed.')}</p>
              )}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={`/patients/${patient.id}/needs/new`}>{t('Add a need by hand')}</Link>
      </p>

      {previous ? (
        <>
          <h2>{t('What changed since {{date}}', { date: formatDateTime(previous.submittedAt) })}</h2>
          {changes.length === 0 ? (
            <p>{t('No domain result changed.')}</p>
          ) : (
            <ul className="list">
              {changes.map(({ domain, before }) => (
                <li key={domain.domain}>
                  {domain.label}: {t(RESULT_LABELS[before!.result])} → <strong>{t(RESULT_LABELS[domain.result])}</strong>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}

      <h2>{t('Domains')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('Domain')}</th>
              <th scope="col">{t('Result')}</th>
              <th scope="col">{t('Answers')}</th>
            </tr>
          </thead>
          <tbody>
            {score.domains.map((domain: DomainScore) => (
              <tr key={domain.domain}>
                <th scope="row">
                  {domain.label}
                  <br />
                  <span className="hint">{t(categoryLabel(domain.sdohCategory))}</span>
                </th>
                <td>
                  <span className={`result result--${domain.result}`}>{t(RESULT_LABELS[domain.result])}</span>
                  {domain.score !== undefined ? <div>{t('Score: {{score}}', { score: domain.score })}</div> : null}
                  {domain.result === 'incomplete' && domain.partialScore !== undefined ? (
                    <div className="notice">{t('The answered items add up to {{score}} so far; the score counts only when every item is answered.', { score: domain.partialScore })}</div>
                  ) : null}
                  {domain.result === 'review' ? <div className="hint">{t('No verified scoring rule: review the answers with the patient.')}</div> : null}
                  {domain.derived?.display ? <div>{domain.derived.display}</div> : null}
                </td>
                <td>
                  <ul className="answers">
                    {domain.answers.map((answer) => (
                      <li key={answer.item}>
                        <span lang="en">{itemLabel(answer.item)}</span>: <strong>{answerLabel(answer)}</strong>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
