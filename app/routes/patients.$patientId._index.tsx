import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { HANDOUT_CHANNEL_LABELS } from '~/directory/handout';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUserWithPermission } from '~/auth/guards.server';
import { can } from '~/auth/roles';
import { StatusBadge, useFormatDateTime } from '~/components/status';
import { getDb } from '~/db.server';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { languageName } from '~/patients/languages';
import { getPatientOverview } from '~/patients/overview.server';
import { CONTACT_PREFERENCES } from '~/patients/patient.schema';
import { getPatient } from '~/patients/patients.server';
import { INSTRUMENTS, isInstrumentId } from '~/screening/instruments/index';
import { needName } from '~/screening/result-text';
import { categoryLabel } from '~/screening/sdoh-categories';
import { Confirmation } from '~/components/confirmation';
import { AssignForm, FollowUpTasks } from '~/components/referral-work';
import { readFlash } from '~/flash.server';
import { survivorOf } from '~/patients/merge.server';
import { handlePatientAction, loadPatientWork } from '~/patients/patient-page.server';
import { TASK_KINDS } from '~/referrals/follow-up';
import type { ReferralActionResult } from '~/referrals/referral-page.server';

export const meta: MetaFunction = () => [{ title: 'Patient · CareLoop' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'read:patient');
  const db = getDb();
  const patientId = requireId(params.patientId);
  const patient = await getPatient(db, user, patientId, requestId(request));
  if (!patient) {
    // A record merged into another: its old links lead to the record that survived.
    const survivor = await survivorOf(db, user, patientId);
    if (survivor) throw redirect(`/patients/${survivor}`);
    notFound();
  }
  const [overview, work, { flash, headers }] = await Promise.all([getPatientOverview(db, user, patient.id), loadPatientWork(db, user, patient), readFlash(request)]);
  return data({ patient, ...overview, ...work, flash, canAct: can(user.role, 'write:screening') }, { headers });
}

export const action = ({ request, params }: ActionFunctionArgs) => handlePatientAction(request, params.patientId);

const NEED_STATUS = {
  proposed: 'Proposed — to review',
  identified: 'Open',
  addressed: 'Addressed',
  dismissed: 'Dismissed',
  'not-wanted': 'No longer wanted',
  'entered-in-error': 'Entered in error',
} as const;

function instrumentTitle(id: string) {
  return isInstrumentId(id) ? INSTRUMENTS[id].title : id;
}

export default function PatientPage() {
  const { patient, needs, timeline, safetyAlert, canAct, staff, tasks, assignee, today, followUpBusinessDays, holidays, flash } = useLoaderData<typeof loader>();
  const result = useActionData<ReferralActionResult>();
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const openNeeds = needs.filter((need) => need.status === 'proposed' || need.status === 'identified');
  return (
    <section>
      <p>
        <Link to="/patients">← {t('Patients')}</Link>
      </p>
      {result?.ok && result.confirmation ? (
        <Confirmation message={result.confirmation.message} params={result.confirmation.params} />
      ) : flash ? (
        <Confirmation message={flash.message} params={flash.params} />
      ) : null}
      <div className="page-heading">
        <h1>
          {patient.givenName} {patient.familyName}
        </h1>
        {canAct ? (
          <div className="button-row">
            <Link className="button" to={`/patients/${patient.id}/edit`}>
              {t('Edit details')}
            </Link>
            <Link className="button" to={`/patients/${patient.id}/self-screening`}>
              {t('Send a self-screening link')}
            </Link>
            <Link className="button" to={`/patients/${patient.id}/merge`}>
              {t('Merge with another record')}
            </Link>
            <Link className="button primary" to={`/patients/${patient.id}/screenings/new`}>
              {t('Start a screening')}
            </Link>
          </div>
        ) : null}
      </div>
      {safetyAlert ? (
        <div className="safety-alert" role="alert">
          <h2>{t('Safety concern')}</h2>
          <p>{t('A screening suggests the patient may not be safe. Talk with the patient in private, and keep safety needs out of handouts and text messages.')}</p>
        </div>
      ) : null}
      {patient.contactPreference === 'do-not-contact' ? (
        <p className="notice">
          <strong>{t('Do not contact.')}</strong> {t('The patient asked not to be contacted.')}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t('Date of birth')}</dt>
        <dd>{patient.birthDate}</dd>
        <dt>{t('ZIP code')}</dt>
        <dd>{patient.postalCode}</dd>
        <dt>{t('Preferred language')}</dt>
        <dd>{t(languageName(patient.preferredLanguage))}</dd>
        {patient.mrn ? (
          <>
            <dt>{t('MRN')}</dt>
            <dd>{patient.mrn}</dd>
          </>
        ) : null}
        <dt>{t('Contact')}</dt>
        <dd>
          {t(CONTACT_PREFERENCES[patient.contactPreference])}
          {patient.phone ? ` · ${patient.phone}` : ''}
          {patient.email ? ` · ${patient.email}` : ''}
        </dd>
        {patient.addressLine ? (
          <>
            <dt>{t('Address')}</dt>
            <dd>
              {patient.addressLine}
              {patient.city ? `, ${patient.city}` : ''}
              {patient.state ? `, ${patient.state}` : ''} {patient.postalCode}
            </dd>
          </>
        ) : null}
      </dl>

      {canAct ? (
        <div className="panel">
          <AssignForm staff={staff} current={assignee} label={t('Responsible worker or case manager')} />
        </div>
      ) : assignee ? (
        <p>{t('Responsible: {{name}}', { name: assignee.name })}</p>
      ) : null}

      <div className="page-heading">
        <h2>{t('Needs')}</h2>
        {canAct ? <Link to={`/patients/${patient.id}/needs/new`}>{t('Add a need by hand')}</Link> : null}
      </div>
      {openNeeds.length === 0 ? (
        <p>{t('No open needs.')}</p>
      ) : (
        <ul className="cards">
          {openNeeds.map((need) => (
            <li key={need.id} className="card">
              <h3>{t(needName(need, categoryLabel))}</h3>
              <p>
                {t(NEED_STATUS[need.status])} · {formatDateTime(need.at)}
                {need.zCode ? ` · ${need.zCode}` : ''}
              </p>
              {need.status === 'identified' && canAct ? (
                <div className="button-row">
                  <Link className="button" to={`/patients/${patient.id}/needs/${need.id}`}>
                    {t('Find services')}
                  </Link>
                  <Link to={`/patients/${patient.id}/needs/${need.id}/close`}>{t('End this need')}</Link>
                </div>
              ) : need.status === 'proposed' && need.screeningId ? (
                <Link className="button" to={`/patients/${patient.id}/screenings/${need.screeningId}`}>
                  {t('Review')}
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <FollowUpTasks tasks={tasks} staff={staff} today={today} followUpBusinessDays={followUpBusinessDays} holidays={holidays} canWrite={canAct} />

      <h2>{t('Timeline')}</h2>
      {timeline.length === 0 ? (
        <p>{t('Nothing yet. Start a screening to find the patient’s needs.')}</p>
      ) : (
        <ol className="timeline" aria-label={t('Timeline')}>
          {timeline.map((entry) => (
            <li key={`${entry.kind}-${entry.id}`}>
              <p>
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              </p>
              {entry.kind === 'screening' ? (
                <p>
                  <Link to={`/patients/${patient.id}/screenings/${entry.id}`}>{instrumentTitle(entry.instrument)}</Link>{' '}
                  {entry.status === 'draft'
                    ? t('— draft, not submitted')
                    : t('— positive domains: {{positive}}', { positive: entry.positive })}
                  {entry.mode === 'self' ? ` · ${t('completed by the patient')}` : entry.by ? ` · ${entry.by}` : ''}
                  {entry.voided ? (
                    <span className="badge">{t('Entered in error')}</span>
                  ) : entry.status === 'submitted' && canAct ? (
                    <>
                      {' · '}
                      <Link to={`/patients/${patient.id}/screenings/${entry.id}/void`}>{t('Entered by mistake?')}</Link>
                    </>
                  ) : null}
                </p>
              ) : entry.kind === 'task' ? (
                <p>
                  {t('Follow-up done: {{task}}', { task: t(TASK_KINDS[entry.task as keyof typeof TASK_KINDS] ?? entry.task) })}
                  {entry.by ? ` · ${entry.by}` : ''}
                  {entry.note ? ` — ${entry.note}` : ''}
                </p>
              ) : entry.kind === 'need' ? (
                <p>
                  {t('Need')}: {t(needName(entry, categoryLabel))} — {t(NEED_STATUS[entry.status])}
                  {entry.source === 'manual' ? ` · ${t('added by hand')}` : ''}
                </p>
              ) : entry.kind === 'information-given' ? (
                <p>
                  {t(HANDOUT_CHANNEL_LABELS[entry.channel])}: {entry.services.join(', ')}
                  {entry.by ? ` · ${entry.by}` : ''}
                </p>
              ) : (
                <p>
                  {t('Referral')}: <Link to={`/referrals/${entry.id}`}>{entry.serviceName}</Link> — {entry.receivingOrganization}{' '}
                  <StatusBadge status={entry.status} />
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
