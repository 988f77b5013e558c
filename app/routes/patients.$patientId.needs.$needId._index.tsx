import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUserWithPermission } from '~/auth/guards.server';
import { getDb } from '~/db.server';
import { findServicesForNeed } from '~/directory/need-services.server';
import { getServiceDetails } from '~/directory/service-details.server';
import { zipCentroid } from '~/directory/zip.server';
import { getConfig } from '~/config.server';
import { ServiceCard } from '~/components/service-card';
import { notFound, requireId } from '~/http.server';
import { languageName } from '~/patients/languages';
import { requirePatient } from '~/patients/patient-page.server';
import { getPatientNeed } from '~/screening/screenings.server';
import { categoryLabel } from '~/screening/sdoh-categories';
import { StatusBadge, useLocaleTag } from '~/components/status';
import { REREFERABLE_STATUSES, OPEN_STATUSES } from '~/referrals/lifecycle';
import { referralsForNeed } from '~/referrals/referrals.server';
import { ageBandOf, ageInYears, todayIn } from '~/matching/age';
import { whyParts, whyText } from '~/matching/explain';

export const meta: MetaFunction = () => [{ title: 'Find services · CareLoop' }];

const PAGE_SIZE = 20;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:referral');
  const db = getDb();
  const patient = await requirePatient(db, user, request, params.patientId);
  const need = await getPatientNeed(db, user, patient.id, requireId(params.needId));
  if (!need) notFound();

  const url = new URL(request.url);
  // The patient's language is a preference (those services come first); only the worker narrows to it.
  const language = patient.preferredLanguage !== 'en' ? patient.preferredLanguage : undefined;
  const requireLanguage = url.searchParams.get('requireLanguage') === '1' && language !== undefined;
  const onCareLoopOnly = url.searchParams.get('portal') === '1';
  const page = Math.max(1, Math.min(50, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1));
  const earlier = await referralsForNeed(db, user, patient.id, need.id);
  // Re-referring: the referral being replaced (declined, failed or cancelled) and its service are marked.
  const replacesParam = url.searchParams.get('replaces');
  const replaces = earlier.find((referral) => referral.id === replacesParam && REREFERABLE_STATUSES.includes(referral.status)) ?? null;
  const age = ageInYears(patient.birthDate, todayIn(user.organizationTimeZone)) ?? undefined;
  const result = await findServicesForNeed(db, {
    needCategory: need.category,
    postalCode: patient.postalCode,
    language,
    requireLanguage,
    age,
    onCareLoopOnly,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  // The cards' details for the whole page in one query.
  const centroid = zipCentroid(patient.postalCode);
  const details = await getServiceDetails(
    db,
    result.hits.map((hit) => hit.serviceId),
    { origin: centroid ? { latitude: centroid.lat, longitude: centroid.lon } : undefined, defaultTimeZone: getConfig().DIRECTORY_TIME_ZONE },
  );
  const detailsById = new Map(details.map((entry) => [entry.serviceId, entry]));
  return data({
    patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}`, postalCode: patient.postalCode, language: patient.preferredLanguage },
    need,
    filters: { requireLanguage, onCareLoopOnly },
    earlier,
    replaces,
    searchLink: `/search?${new URLSearchParams({
      need: need.category,
      zip: patient.postalCode,
      ...(age === undefined ? {} : { age: ageBandOf(age) }),
      ...(language ? { language } : {}),
    })}`,
    page,
    pageCount: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
    total: result.total,
    radiusMiles: result.radiusMiles,
    hits: result.hits.flatMap((hit) => {
      const service = detailsById.get(hit.serviceId);
      return service ? [{ ...hit, service }] : [];
    }),
  });
}

export default function NeedServices() {
  const { patient, need, hits, total, filters, page, pageCount, searchLink, radiusMiles, earlier, replaces } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localeTag = useLocaleTag();
  const needLabel = t(categoryLabel(need.category));
  const pageLink = (target: number) => {
    const params = new URLSearchParams();
    if (filters.requireLanguage) params.set('requireLanguage', '1');
    if (filters.onCareLoopOnly) params.set('portal', '1');
    if (replaces) params.set('replaces', replaces.id);
    params.set('page', String(target));
    return `?${params}`;
  };
  return (
    <section>
      <p>
        <Link to={`/patients/${patient.id}`}>← {patient.name}</Link>
      </p>
      <h1>{t('Services for {{need}}', { need: needLabel })}</h1>
      <p>
        {t('Best match first, then nearest, within {{radius}} miles of ZIP {{zip}}. {{total}} matching services.', {
          zip: patient.postalCode,
          radius: radiusMiles ?? '—',
          total: total.toLocaleString(localeTag),
        })}
      </p>
      {replaces ? (
        <p className="notice">
          {t('Referring again: the new referral replaces the earlier one, whose service is marked below.')}{' '}
          <Link to={`/referrals/${replaces.id}`}>{t('The earlier referral')}</Link> <StatusBadge status={replaces.status} />
        </p>
      ) : null}
      <Form method="get" className="filters">
        {replaces ? <input type="hidden" name="replaces" value={replaces.id} /> : null}
        <fieldset>
          <legend>{t('Filter')}</legend>
          {patient.language !== 'en' ? (
            <label className="choice">
              <input type="checkbox" name="requireLanguage" value="1" defaultChecked={filters.requireLanguage} />
              {t('Only services that speak {{language}}', { language: t(languageName(patient.language)) })}
            </label>
          ) : null}
          <label className="choice">
            <input type="checkbox" name="portal" value="1" defaultChecked={filters.onCareLoopOnly} />
            {t('Only organisations that receive referrals in CareLoop')}
          </label>
          <button type="submit">{t('Apply filters')}</button>
        </fieldset>
      </Form>
      <p>
        <Link to={searchLink}>{t('Search the directory for more')}</Link>
      </p>
      {hits.length === 0 ? (
        <p>{t('No services match. Try removing a filter.')}</p>
      ) : (
        <Form method="get" action="handout" className="handout-picker">
          <p className="hint">{t('Tick services to give the patient a handout with their details.')}</p>
          <ol className="cards results" aria-label={t('Matching services')}>
            {hits.map((hit) => {
              const before = earlier.find((referral) => referral.serviceId === hit.serviceId);
              const replaced = replaces?.serviceId === hit.serviceId;
              const open = before && OPEN_STATUSES.includes(before.status);
              const refer = `refer?service=${hit.serviceId}${replaces ? `&replaces=${replaces.id}` : ''}`;
              return (
                <li key={hit.serviceId}>
                  <ServiceCard
                    service={hit.service}
                    href={`/services/${hit.serviceId}?patient=${patient.id}&need=${need.id}`}
                    distanceKm={hit.distanceKm}
                    explanation={whyText(whyParts(hit, patient.language), t, (miles) => miles.toLocaleString(localeTag, { maximumFractionDigits: 1 }))}
                    actions={
                      <>
                        {before ? (
                          <p className={replaced ? 'notice' : 'hint'}>
                            {replaced ? t('The earlier referral went here:') : t('Referred here before:')} <StatusBadge status={before.status} />
                          </p>
                        ) : null}
                        <label className="choice">
                          <input type="checkbox" name="service" value={hit.serviceId} />
                          {t('Add to handout')}
                        </label>
                        {hit.receivingOrganizationId ? (
                          <Link className={`button${open || replaced ? '' : ' primary'}`} to={refer}>
                            {t('Refer to this service')}
                          </Link>
                        ) : (
                          <>
                            <p className="hint">{t('Not on CareLoop: the patient takes the details, and you follow up.')}</p>
                            <Link className="button" to={refer}>
                              {t('Refer (not on CareLoop)')}
                            </Link>
                          </>
                        )}
                      </>
                    }
                  />
                </li>
              );
            })}
          </ol>
          <button type="submit">{t('Make a handout of the ticked services')}</button>
        </Form>
      )}
      {pageCount > 1 ? (
        <nav aria-label={t('Pages')} className="pager">
          {page > 1 ? <Link to={pageLink(page - 1)}>← {t('Previous')}</Link> : null}
          <span>{t('Page {{page}} of {{pageCount}}', { page, pageCount })}</span>
          {page < pageCount ? <Link to={pageLink(page + 1)}>{t('Next')} →</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
