import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUserWithPermission } from '~/auth/guards.server';
import { Field } from '~/components/forms';
import { useLocaleTag } from '~/components/status';
import { getDb } from '~/db.server';
import { AGE_BAND_KEYS } from '~/matching/age';
import { searchDirectory } from '~/matching/directory-search.server';
import { whyParts, whyText } from '~/matching/explain';
import { CAPACITY_LABELS } from '~/directory/capacity';
import { RADIUS_CHOICES_MILES, SEARCHABLE_CAPACITY, readSearchParams, searchLink, type SearchParams } from '~/matching/search-params';
import { listNeedVocabularies } from '~/matching/vocabulary.server';
import { LANGUAGES, languageName } from '~/patients/languages';
import type { RootData } from '~/root';

export const meta: MetaFunction = () => [{ title: 'Find services · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, 'search:directory');
  const db = getDb();
  const needs = (await listNeedVocabularies(db))
    .filter((need) => need.entries.length > 0)
    .map((need) => ({ code: need.needCategory, en: need.labelEn, es: need.labelEs }));
  const parsed = readSearchParams(new URL(request.url).searchParams);
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
    return data({ needs, params: {} as Partial<SearchParams>, search: { state: 'invalid' as const, errors } }, { status: 400 });
  }
  const search = await searchDirectory(db, parsed.data);
  return data({ needs, params: parsed.data as Partial<SearchParams>, search }, { status: search.state === 'invalid' ? 400 : 200 });
}

export default function Search() {
  const { needs, params, search } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<RootData>('root');
  const { t } = useTranslation();
  const localeTag = useLocaleTag();
  const locale = root?.locale ?? 'en';
  const errors: Partial<Record<string, string>> = search.state === 'invalid' ? search.errors : {};
  const done = search.state === 'done' ? search : null;
  const facets = done?.result.facets;
  const count = (value: number | undefined) => (value === undefined ? '' : ` (${value.toLocaleString(localeTag)})`);
  const needLabel = (code: string) => {
    const need = needs.find((entry) => entry.code === code);
    return need ? (locale === 'es' ? need.es : need.en) : code;
  };
  const miles = (value: number) => value.toLocaleString(localeTag, { maximumFractionDigits: 1 });

  return (
    <section className="directory-search">
      <h1>{t('Find services')}</h1>
      <Form method="get" className="search-form">
        <div className="search-main">
          <Field label={t('What does the person need?')} hint={t('In English or Spanish, e.g. "food pantry open saturday" or "ayuda con renta".')} error={errors.q}>
            {(props) => <input {...props} type="search" name="q" defaultValue={params.q ?? ''} maxLength={200} autoComplete="off" />}
          </Field>
          <Field label={t('ZIP code or address')} error={errors.place}>
            {(props) => <input {...props} name="place" defaultValue={params.place ?? ''} maxLength={200} autoComplete="postal-code" />}
          </Field>
          <Field label={t('Need')} error={errors.need}>
            {(props) => (
              <select {...props} name="need" defaultValue={params.need ?? ''}>
                <option value="">{t('Any need')}</option>
                {needs.map((need) => (
                  <option key={need.code} value={need.code}>
                    {locale === 'es' ? need.es : need.en}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <fieldset className="search-filters">
          <legend>{t('Filters')}</legend>
          <Field label={t('Distance')} error={errors.radius}>
            {(props) => (
              <select {...props} name="radius" defaultValue={params.radius ? String(params.radius) : ''}>
                <option value="">{t('Nearest first, widening as needed')}</option>
                {RADIUS_CHOICES_MILES.map((choice) => (
                  <option key={choice} value={choice}>
                    {t('Within {{miles}} miles', { miles: choice })}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('Language')} error={errors.language}>
            {(props) => (
              <select {...props} name="language" defaultValue={params.language ?? ''}>
                <option value="">{t('Any language')}</option>
                {Object.keys(LANGUAGES)
                  .filter((code) => code !== 'en')
                  .map((code) => (
                    <option key={code} value={code}>
                      {t(languageName(code))}
                      {count(facets?.languages?.[code])}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <label className="choice">
            <input type="checkbox" name="requireLanguage" value="1" defaultChecked={params.requireLanguage === '1'} />
            {t('Only services that speak it')}
          </label>
          <Field label={t('Age')} error={errors.age}>
            {(props) => (
              <select {...props} name="age" defaultValue={params.age ?? ''}>
                <option value="">{t('Any age')}</option>
                {AGE_BAND_KEYS.map((band) => (
                  <option key={band} value={band}>
                    {band === '60+' ? t('60 and over') : t('{{band}} years', { band })}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className="capacity-filter">
            <legend>{t('Capacity')}</legend>
            {SEARCHABLE_CAPACITY.map((capacity) => (
              <label key={capacity} className="choice">
                <input type="checkbox" name="capacity" value={capacity} defaultChecked={params.capacity?.includes(capacity)} />
                {t(CAPACITY_LABELS[capacity])}
                {count(facets?.capacityStatus?.[capacity] ?? (facets ? 0 : undefined))}
              </label>
            ))}
          </fieldset>
          <label className="choice">
            <input type="checkbox" name="open" value="1" defaultChecked={params.open === '1'} />
            {t('Open now')}
          </label>
          <label className="choice">
            <input type="checkbox" name="portal" value="1" defaultChecked={params.portal === '1'} />
            {t('Receives referrals in CareLoop')}
            {count(done?.result.organizationCount)}
          </label>
        </fieldset>
        <button type="submit" className="primary">
          {t('Search')}
        </button>
      </Form>

      <nav aria-label={t('Needs')} className="need-chips">
        <ul>
          {needs.map((need) => (
            <li key={need.code}>
              <Link to={searchLink(params, { need: need.code, page: undefined })} aria-current={params.need === need.code ? 'true' : undefined} className="chip">
                {locale === 'es' ? need.es : need.en}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {search.state === 'empty' ? <p>{t('Type what the person needs, or choose a need.')}</p> : null}
      {done ? (
        <>
          <p role="status">
            {done.result.needCategory ? `${needLabel(done.result.needCategory)} · ` : ''}
            {done.place && done.result.radiusMiles !== null
              ? t('{{total}} services within {{radius}} miles of {{place}}.', {
                  total: done.result.total.toLocaleString(localeTag),
                  radius: done.result.radiusMiles,
                  place: done.place.label,
                })
              : t('{{total}} services.', { total: done.result.total.toLocaleString(localeTag) })}
            {done.result.words.length ? ` ${t('Looking for: {{words}}', { words: done.result.words.join(', ') })}` : ''}
          </p>
          {done.result.hits.length === 0 ? (
            <p>{t('No services match. Try removing a filter.')}</p>
          ) : (
            <ol className="cards results" aria-label={t('Matching services')}>
              {done.result.hits.map((hit) => (
                <li key={hit.serviceId} className="card">
                  <h2 className="card-title">{hit.serviceName}</h2>
                  <p>{hit.organizationName}</p>
                  {hit.address ? <p>{hit.address}</p> : null}
                  {hit.languages.length ? (
                    <p>{t('Languages: {{languages}}', { languages: hit.languages.map((code) => t(languageName(code))).join(', ') })}</p>
                  ) : null}
                  <p className="hint why">{whyText(whyParts(hit, params.language), t, miles)}</p>
                  <p className="hint">{hit.receivingOrganizationId ? t('Receives referrals in CareLoop') : t('Not on CareLoop: give the patient the contact details.')}</p>
                </li>
              ))}
            </ol>
          )}
          {done.pageCount > 1 ? (
            <nav aria-label={t('Pages')} className="pager">
              {(params.page ?? 1) > 1 ? <Link to={searchLink(params, { page: (params.page ?? 1) - 1 })}>← {t('Previous')}</Link> : null}
              <span>{t('Page {{page}} of {{pageCount}}', { page: params.page ?? 1, pageCount: Math.min(done.pageCount, 50) })}</span>
              {(params.page ?? 1) < Math.min(done.pageCount, 50) ? <Link to={searchLink(params, { page: (params.page ?? 1) + 1 })}>{t('Next')} →</Link> : null}
            </nav>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
