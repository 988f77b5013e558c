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
import { requirePatient } from '~/patients/patient-page.server';
import type { DomainScore, RecordedAnswer } from '~/screening/instrument';
import { INCOMPLETE_REASONS, needName } from '~/screening/result-text';
import { getInstrument } from '~/screening/instruments/index';
import { itemNeedCategory, suggestedZCodeFor } from '~/screening/need-categories';
import { OPEN_NEED_STATUSES } from '~/screening/need.schema';
import { handleScreeningPost } from '~/screening/screening-action.server';
import { addNeedFromItem, decideNeed, getScreening, getScreeningForm } from '~/screening/screenings.server';
import { markReviewed } from '~/screening/self-screening.server';
import { SDOH_CATEGORIES, categoryLabel } from '~/screening/sdoh-categories';
import { answerText, itemText } from '~/screening/text';
import { translationById } from '~/screening/translations.server';
import { getPatientOverview } from '~/patients/overview.server';

export const meta: MetaFunction = () => [{ title: 'Screening · CareLoop' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:screening');
  const db = getDb();
  const patient = await requirePatient(db, user, request, params.patientId);
  const screening = await getScreening(db, user, patient.id, requireId(params.screeningId), requestId(request));
  if (!screening) notFound();
  const [translation, overview] = await Promise.all([translationById(db, screening.translationId), getPatientOverview(db, user, patient.id)]);
  // Categories the patient already has open: adding the same need again is refused, so it is not offered.
  const openCategories = overview.needs
    .filter((need) => (OPEN_NEED_STATUSES as readonly string[]).includes(need.status) && !need.categoryText)
    .map((need) => need.category);
  return data({ patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}` }, screening, translation: translation ?? null, openCategories });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:screening');
  const patientId = requireId(params.patientId);
  const screeningId = requireId(params.screeningId);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const intent = formData.get('intent');
  const done = { fieldErrors: {}, formError: null, confirmEmpty: false, answers: undefined };
  const failed = (result: { status: number; message: string }) => {
    if (result.status === 404) notFound();
    return data({ ...done, formError: result.message }, { status: result.status });
  };
  if (intent === 'mark-reviewed') {
    if (!(await markReviewed(getDb(), session.user, patientId, screeningId, requestId(request)))) notFound();
    return data(done);
  }
  if (intent === 'confirm-need' || intent === 'dismiss-need') {
    const needId = requireId(String(formData.get('needId') ?? ''));
    const category = formData.get('category');
    const result = await decideNeed(
      getDb(),
      session.user,
      patientId,
      needId,
      intent === 'confirm-need' ? 'confirm' : 'dismiss',
      requestId(request),
      intent === 'confirm-need' && typeof category === 'string' && category !== '' ? category : undefined,
    );
    return result.ok ? data(done) : failed(result);
  }
  if (intent === 'add-need-from-item') {
    const item = formData.get('item');
    const result = await addNeedFromItem(getDb(), session.user, patientId, screeningId, typeof item === 'string' ? item.slice(0, 20) : '', requestId(request));
    return result.ok ? data(done) : failed(result);
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

const needLabel = (need: { category: string; categoryText?: string | null }) => needName(need, categoryLabel);

export default function ScreeningPage() {
  const { patient, screening, translation, openCategories } = useLoaderData<typeof loader>();
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
          translation={translation}
          answers={actionData?.answers ?? screening.answers}
          version={screening.version}
          serverErrors={actionData?.fieldErrors}
          confirmEmpty={actionData?.confirmEmpty}
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
  const itemOf = (code: string) => instrument.items.find((candidate) => candidate.code === code);
  const itemLabel = (code: string) => {
    const item = itemOf(code);
    return item ? itemText(item, screening.language, translation) : { text: code, language: 'en' as const };
  };
  const answerLabel = (answer: RecordedAnswer) => {
    if (answer.status === 'asked-declined') return t('Declined to answer');
    if (answer.status === 'not-asked') return t('Not asked');
    if (answer.status === 'missing') return t('No answer');
    const item = itemOf(answer.item);
    if (answer.codes?.length && item) {
      return answer.codes
        .map((code) => {
          const option = item.answers.find((candidate) => candidate.code === code);
          return option ? answerText(item, option, screening.language, translation).text : code;
        })
        .join('; ');
    }
    return String(answer.value ?? '');
  };
  const answered = score.domains.flatMap((domain) => domain.answers).filter((answer) => answer.status === 'answered');
  const categoryOptions = Object.entries(SDOH_CATEGORIES).filter(([code]) => code !== 'sdoh-category-unspecified');

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
        {screening.interpreter ? ` · ${t('through an interpreter')}` : ''}
      </p>
      {translation ? (
        <p className="hint">{t('Questions in Spanish from the official translation: {{source}} (version {{version}}).', { source: translation.source, version: translation.version })}</p>
      ) : null}
      {score.safetyAlert ? (
        <div className="safety-alert" role="alert">
          <h2>{t('Safety concern')}</h2>
          <p>{t('The answers suggest the patient may not be safe. Talk with the patient in private before anything else, follow your safety protocol, and keep this need out of anything the patient takes home or receives by text message.')}</p>
        </div>
      ) : null}
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
              <h3>{t(needLabel(need))}</h3>
              {need.zCode ? <p className="hint">{t('Suggested ICD-10-CM: {{code}}', { code: need.zCode })}</p> : null}
              {need.evidenceItems.length ? (
                <p className="hint">
                  {t('From the answers to:')}{' '}
                  {need.evidenceItems.map((code, index) => (
                    <span key={code} lang={itemLabel(code).language}>
                      {index > 0 ? '; ' : ''}
                      {itemLabel(code).text}
                    </span>
                  ))}
                </p>
              ) : null}
              {need.status === 'proposed' ? (
                <div className="button-row">
                  <Form method="post" className="confirm-need">
                    <CsrfInput />
                    <input type="hidden" name="needId" value={need.id} />
                    <label htmlFor={`category-${need.id}`}>{t('Kind of need')}</label>
                    <select id={`category-${need.id}`} name="category" defaultValue={need.category === 'sdoh-category-unspecified' ? '' : need.category}>
                      {need.category === 'sdoh-category-unspecified' ? <option value="">{t(needLabel(need))}</option> : null}
                      {categoryOptions.map(([code, label]) => (
                        <option key={code} value={code}>
                          {t(label)}
                        </option>
                      ))}
                    </select>
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
                  {t(domain.label)}: {t(RESULT_LABELS[before!.result])} → <strong>{t(RESULT_LABELS[domain.result])}</strong>
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
                  {t(domain.label)}
                  <br />
                  <span className="hint">{t(needName({ category: domain.sdohCategory, categoryText: domain.sdohCategoryText }, categoryLabel))}</span>
                </th>
                <td>
                  <span className={`result result--${domain.result}`}>{t(RESULT_LABELS[domain.result])}</span>
                  {domain.score !== undefined ? <div>{t('Score: {{score}}', { score: domain.score })}</div> : null}
                  {domain.result === 'incomplete' && domain.partialScore !== undefined ? (
                    <div className="notice">{t('The answered items add up to {{score}} so far; the score counts only when every item is answered.', { score: domain.partialScore })}</div>
                  ) : null}
                  {domain.result === 'review' ? <div className="hint">{t('No verified scoring rule: review the answers with the patient.')}</div> : null}
                  {domain.incompleteReason ? <div className="hint">{t(INCOMPLETE_REASONS[domain.incompleteReason])}</div> : null}
                  {domain.weeklyMinutes !== undefined ? <div>{t('{{minutes}} minutes of exercise a week', { minutes: domain.weeklyMinutes })}</div> : null}
                  {domain.proposesNeed === false ? <div className="hint">{t('Recorded for language access; no referral is proposed.')}</div> : null}
                  {domain.derived?.display ? <div>{domain.derived.display}</div> : null}
                </td>
                <td>
                  <ul className="answers">
                    {domain.answers.map((answer) => (
                      <li key={answer.item} className={domain.flaggedItems?.includes(answer.item) ? 'answer--flagged' : undefined}>
                        <span lang={itemLabel(answer.item).language}>{itemLabel(answer.item).text}</span>: <strong>{answerLabel(answer)}</strong>
                        {domain.flaggedItems?.includes(answer.item) ? <span className="badge badge--flag">{t('Possible need')}</span> : null}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {score.domains.some((domain) => domain.result === 'review') ? (
        <>
          <h2>{t('Answered items and their SDOH categories')}</h2>
          <p>{t('No published scoring rule covers these answers. Review them with the patient and add a need from an item where there is one.')}</p>
          <ul className="cards item-needs" aria-label={t('Answered items')}>
            {answered.map((answer) => {
              const item = itemOf(answer.item);
              const category = item ? itemNeedCategory(item) : undefined;
              const zCode = category ? suggestedZCodeFor(category) : undefined;
              return (
                <li key={answer.item} className="card">
                  <p>
                    <span lang={itemLabel(answer.item).language}>{itemLabel(answer.item).text}</span>: <strong>{answerLabel(answer)}</strong>
                  </p>
                  <p className="hint">{category ? t(categoryLabel(category)) : t('No specific SDOH category')}</p>
                  {category && !openCategories.includes(category) && !screening.needs.some((need) => need.category === category && need.status !== 'dismissed') ? (
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="item" value={answer.item} />
                      <button type="submit" name="intent" value="add-need-from-item">
                        {zCode
                          ? t('Add need: {{category}} ({{code}})', { category: t(categoryLabel(category)), code: zCode.code })
                          : t('Add need: {{category}}', { category: t(categoryLabel(category)) })}
                      </button>
                    </Form>
                  ) : category ? (
                    <p className="hint">{t('The patient has this need open.')}</p>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}
