import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireUserWithPermission } from '~/auth/guards.server';
import { getDb } from '~/db.server';

export const meta: MetaFunction = () => [{ title: 'Platform · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'admin:platform');
  const db = getDb();
  const [organizations, directory] = await Promise.all([
    db
      .selectFrom('organizations')
      .leftJoin('users', 'users.organization_id', 'organizations.id')
      .select((eb) => ['organizations.id', 'organizations.name', 'organizations.kind', eb.fn.count<number>('users.id').as('users')])
      .groupBy('organizations.id')
      .orderBy('organizations.kind')
      .orderBy('organizations.name')
      .execute(),
    db
      .selectFrom('hsds_services')
      .select((eb) => [eb.fn.countAll<number>().as('services')])
      .executeTakeFirstOrThrow(),
  ]);
  return data({ organizations: organizations.map((row) => ({ ...row, users: Number(row.users) })), services: Number(directory.services) });
}

const KIND_LABELS = { referring: 'Referring', receiving: 'Community organisation', platform: 'Platform' } as const;

export default function Admin() {
  const { organizations, services } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>Platform</h1>
      <p>The resource directory holds {services.toLocaleString('en-US')} services.</p>
      <h2>Organisations</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Users</th>
            </tr>
          </thead>
          <tbody>
            {organizations.map((organization) => (
              <tr key={organization.id}>
                <td>{organization.name}</td>
                <td>{KIND_LABELS[organization.kind as keyof typeof KIND_LABELS]}</td>
                <td>{organization.users}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
