import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUserWithPermission } from '~/auth/guards.server';
import { getDb } from '~/db.server';
import { requestId } from '~/log.server';
import { languageName } from '~/patients/languages';
import { listPatients } from '~/patients/patients.server';

export const meta: MetaFunction = () => [{ title: 'Patients · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'read:patient');
  const patients = await listPatients(getDb(), user, requestId(request));
  return data({ patients, canRegister: user.role !== 'org_admin' });
}

export default function Patients() {
  const { patients, canRegister } = useLoaderData<typeof loader>();
  return (
    <section>
      <div className="page-heading">
        <h1>Patients</h1>
        {canRegister ? (
          <Link className="button primary" to="/patients/new">
            Register a patient
          </Link>
        ) : null}
      </div>
      {patients.length === 0 ? (
        <p>No patients yet. Register a patient to start a screening.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Patients of your organisation</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Date of birth</th>
                <th scope="col">ZIP</th>
                <th scope="col">Language</th>
                <th scope="col">Open needs</th>
                <th scope="col">Active referrals</th>
              </tr>
            </thead>
            <tbody>
              {patients.map((patient) => (
                <tr key={patient.id}>
                  <td>
                    <Link to={`/patients/${patient.id}`}>
                      {patient.familyName}, {patient.givenName}
                    </Link>
                  </td>
                  <td>{patient.birthDate}</td>
                  <td>{patient.postalCode}</td>
                  <td>{languageName(patient.preferredLanguage)}</td>
                  <td>{patient.openNeeds}</td>
                  <td>{patient.activeReferrals}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
