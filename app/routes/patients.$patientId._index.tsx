import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUserWithPermission } from '~/auth/guards.server';
import { can } from '~/auth/roles';
import { StatusBadge, formatDateTime } from '~/components/status';
import { getDb } from '~/db.server';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { languageName } from '~/patients/languages';
import { getPatientOverview } from '~/patients/overview.server';
import { getPatient } from '~/patients/patients.server';
import { categoryLabel } from '~/screening/sdoh-categories';

export const meta: MetaFunction = () => [{ title: 'Patient · CareLoop' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'read:patient');
  const db = getDb();
  const patient = await getPatient(db, user, requireId(params.patientId), requestId(request));
  if (!patient) notFound();
  const overview = await getPatientOverview(db, user, patient.id);
  return data({ patient, ...overview, canAct: can(user.role, 'write:screening') });
}

const RESULT_LABELS = { positive: 'Positive — at risk', negative: 'Negative — no risk', incomplete: 'Incomplete' } as const;

export default function PatientPage() {
  const { patient, screenings, needs, referrals, canAct } = useLoaderData<typeof loader>();
  return (
    <section>
      <p>
        <Link to="/patients">← Patients</Link>
      </p>
      <div className="page-heading">
        <h1>
          {patient.givenName} {patient.familyName}
        </h1>
        {canAct ? (
          <Link className="button primary" to={`/patients/${patient.id}/screenings/new`}>
            Run Hunger Vital Sign
          </Link>
        ) : null}
      </div>
      <dl className="facts">
        <dt>Date of birth</dt>
        <dd>{patient.birthDate}</dd>
        <dt>ZIP code</dt>
        <dd>{patient.postalCode}</dd>
        <dt>Preferred language</dt>
        <dd>{languageName(patient.preferredLanguage)}</dd>
      </dl>

      <h2>Needs</h2>
      {needs.length === 0 ? (
        <p>No needs identified yet.</p>
      ) : (
        <ul className="cards">
          {needs.map((need) => (
            <li key={need.id} className="card">
              <h3>{categoryLabel(need.category)}</h3>
              <p>
                {need.status === 'identified' ? 'Open' : need.status === 'addressed' ? 'Addressed' : 'Dismissed'} · since{' '}
                {formatDateTime(need.at)}
              </p>
              {need.status === 'identified' && canAct ? (
                <Link className="button" to={`/patients/${patient.id}/needs/${need.id}`}>
                  Find services
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <h2>Referrals</h2>
      {referrals.length === 0 ? (
        <p>No referrals yet.</p>
      ) : (
        <ul className="list">
          {referrals.map((referral) => (
            <li key={referral.id}>
              <Link to={`/referrals/${referral.id}`}>{referral.serviceName}</Link> — {referral.receivingOrganization}{' '}
              <StatusBadge status={referral.status} />
            </li>
          ))}
        </ul>
      )}

      <h2>Screenings</h2>
      {screenings.length === 0 ? (
        <p>No screenings yet.</p>
      ) : (
        <ul className="list">
          {screenings.map((screening) => (
            <li key={screening.id}>
              <strong>Hunger Vital Sign</strong>, {formatDateTime(screening.at)} by {screening.by}:{' '}
              {screening.result.domains.map((domain) => (
                <span key={domain.domain} className={`result result--${domain.result}`}>
                  {RESULT_LABELS[domain.result]}
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
