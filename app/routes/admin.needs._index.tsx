import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUserWithPermission } from '~/auth/guards.server';
import { getDb } from '~/db.server';
import { listNeedVocabularies } from '~/matching/vocabulary.server';
import type { RootData } from '~/root';

export const meta: MetaFunction = () => [{ title: 'Needs · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'admin:platform');
  const needs = (await listNeedVocabularies(getDb())).map((need) => ({
    code: need.needCategory,
    en: need.labelEn,
    es: need.labelEs,
    entries: need.entries.length,
  }));
  return data({ needs });
}

export default function Needs() {
  const { needs } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<RootData>('root');
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('Needs and what they look for')}</h1>
      <p>{t('Each need finds services by taxonomy codes, term names and phrases in English and Spanish. A saved change scores every service again within minutes.')}</p>
      <p>
        <Link className="button" to="/admin/needs/new">
          {t('Add a need')}
        </Link>
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('Need')}</th>
              <th scope="col">{t('Code')}</th>
              <th scope="col">{t('Entries')}</th>
            </tr>
          </thead>
          <tbody>
            {needs.map((need) => (
              <tr key={need.code}>
                <td>
                  <Link to={`/admin/needs/${need.code}`}>{root?.locale === 'es' ? need.es : need.en}</Link>
                </td>
                <td>{need.code}</td>
                <td>{need.entries}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
