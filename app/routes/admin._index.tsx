import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUserWithPermission } from '~/auth/guards.server';
import { useLocaleTag } from '~/components/status';
import { getDb } from '~/db.server';
import { countDirectoryServices, listOrganizations } from '~/organizations/organizations.server';

export const meta: MetaFunction = () => [{ title: 'Platform · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'admin:platform');
  const db = getDb();
  const [organizations, services] = await Promise.all([listOrganizations(db), countDirectoryServices(db)]);
  return data({ organizations, services });
}

export default function Admin() {
  const { organizations, services } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localeTag = useLocaleTag();
  const kindLabels: Record<string, string> = {
    referring: t('Referring'),
    receiving: t('Community organisation'),
    platform: t('Platform'),
  };
  return (
    <section>
      <h1>{t('Platform')}</h1>
      <p>{t('The resource directory holds {{services}} services.', { services: services.toLocaleString(localeTag) })}</p>
      <p className="button-row">
        <Link to="/admin/translations">{t('Screener translations')}</Link>
        <Link to="/admin/directory">{t('Directory imports')}</Link>
        <Link to="/admin/listings">{t('Stale listings')}</Link>
      </p>
      <h2>{t('Organisations')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('Name')}</th>
              <th scope="col">{t('Kind')}</th>
              <th scope="col">{t('Users')}</th>
            </tr>
          </thead>
          <tbody>
            {organizations.map((organization) => (
              <tr key={organization.id}>
                <td>{organization.name}</td>
                <td>{kindLabels[organization.kind] ?? organization.kind}</td>
                <td>{organization.users}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
