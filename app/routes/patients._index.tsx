import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, Field } from '~/components/forms';
import { useFormatDateTime } from '~/components/status';
import { patientSearchSchema } from '~/patients/patient.schema';
import { getDb } from '~/db.server';
import { requestId } from '~/log.server';
import { languageName } from '~/patients/languages';
import { listPatients } from '~/patients/patients.server';
import { listPendingReviews } from '~/screening/self-screening.server';
import { INSTRUMENTS } from '~/screening/instruments/index';

export const meta: MetaFunction = () => [{ title: 'Patients · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'read:patient');
  const mine = new URL(request.url).searchParams.get('mine') === '1';
  const [patients, pendingReviews] = await Promise.all([
    listPatients(getDb(), user, '', requestId(request), { assignedToMe: mine }),
    listPendingReviews(getDb(), user, requestId(request)),
  ]);
  return data({ patients, pendingReviews, canRegister: user.role !== 'org_admin', mine });
}

// Searching is a POST so that names, birth dates and phone numbers never appear in a URL.
export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'read:patient');
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const parsed = patientSearchSchema.safeParse({ q: formData.get('q') ?? '' });
  if (!parsed.success) return data({ query: '', error: parsed.error.issues[0].message, patients: null }, { status: 400 });
  const patients = await listPatients(getDb(), session.user, parsed.data.q, requestId(request));
  return data({ query: parsed.data.q, error: null, patients });
}

export default function Patients() {
  const { patients: recent, pendingReviews, canRegister, mine } = useLoaderData<typeof loader>();
  const formatDateTime = useFormatDateTime();
  const search = useActionData<typeof action>();
  const patients = search?.patients ?? recent;
  const { t } = useTranslation();
  return (
    <section>
      <div className="page-heading">
        <h1>{t('Patients')}</h1>
        {canRegister ? (
          <Link className="button primary" to="/patients/new">
            {t('Register a patient')}
          </Link>
        ) : null}
      </div>
      {pendingReviews.length > 0 ? (
        <section className="notice" aria-labelledby="pending-heading">
          <h2 id="pending-heading">{t('Self-screenings to review')}</h2>
          <ul className="list">
            {pendingReviews.map((review) => (
              <li key={review.screeningId}>
                <Link to={`/patients/${review.patientId}/screenings/${review.screeningId}`}>{review.patientName}</Link> —{' '}
                {INSTRUMENTS[review.instrumentId].title}, {formatDateTime(review.submittedAt)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <nav aria-label={t('Whose patients')} className="scope-switch">
        <Link to="/patients" aria-current={mine ? undefined : 'page'}>
          {t('All patients')}
        </Link>
        <Link to="/patients?mine=1" aria-current={mine ? 'page' : undefined}>
          {t('My patients')}
        </Link>
      </nav>
      <Form method="post" className="search-form" role="search" aria-label={t('Patients')}>
        <CsrfInput />
        <Field label={t('Find a patient')} hint={t('Name, MRN, date of birth or phone')} error={search?.error ?? undefined}>
          {(props) => <input {...props} name="q" type="search" defaultValue={search?.query ?? ''} autoComplete="off" />}
        </Field>
        <button type="submit">{t('Search')}</button>
      </Form>
      {search?.query ? (
        <p role="status">
          {patients.length === 1
            ? t('1 patient matches “{{query}}”.', { query: search.query })
            : t('{{count}} patients match “{{query}}”.', { count: patients.length, query: search.query })}
        </p>
      ) : null}
      {patients.length === 0 ? (
        <p>
          {search?.query
            ? t('No patient matches. Check the spelling, or register the patient.')
            : t('No patients yet. Register a patient to start a screening.')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="responsive">
            <caption className="visually-hidden">{t('Patients of your organisation')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('Name')}</th>
                <th scope="col">{t('Date of birth')}</th>
                <th scope="col">{t('ZIP')}</th>
                <th scope="col">{t('Language')}</th>
                <th scope="col">{t('Open needs')}</th>
                <th scope="col">{t('Active referrals')}</th>
              </tr>
            </thead>
            <tbody>
              {patients.map((patient) => (
                <tr key={patient.id}>
                  <td data-label={t('Name')}>
                    <Link to={`/patients/${patient.id}`}>
                      {patient.familyName}, {patient.givenName}
                    </Link>
                  </td>
                  <td data-label={t('Date of birth')}>{patient.birthDate}</td>
                  <td data-label={t('ZIP')}>{patient.postalCode}</td>
                  <td data-label={t('Language')}>{t(languageName(patient.preferredLanguage))}</td>
                  <td data-label={t('Open needs')}>{patient.openNeeds}</td>
                  <td data-label={t('Active referrals')}>{patient.activeReferrals}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
