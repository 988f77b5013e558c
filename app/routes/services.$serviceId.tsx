import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { distanceAway } from '~/components/service-card';
import { can } from '~/auth/roles';
import { requireUserSession } from '~/auth/session.server';
import { getConfig } from '~/config.server';
import { getDb } from '~/db.server';
import { canEditListing } from '~/directory/listings.server';
import { loadNeedContext } from '~/directory/need-context.server';
import { getOneServiceDetails } from '~/directory/service-details.server';
import { CapacityBadge, PhoneText, ageRange, languageLabel, useHoursLine, useOpeningText } from '~/components/service-card';
import { useLocaleTag } from '~/components/status';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { categoryLabel } from '~/screening/sdoh-categories';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.service.name ?? 'Service'} · CareLoop` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserSession(request);
  const db = getDb();
  const serviceId = requireId(params.serviceId);
  const url = new URL(request.url);
  // Opened from a patient's need: distances from the patient's ZIP, and the way back to the results.
  const patientId = url.searchParams.get('patient');
  const needId = url.searchParams.get('need');
  const context =
    patientId && needId && can(user.role, 'write:referral') ? await loadNeedContext(db, user, patientId, needId, requestId(request)) : undefined;
  if (patientId && needId && !context) notFound();
  const service = await getOneServiceDetails(db, serviceId, { origin: context?.origin, defaultTimeZone: getConfig().DIRECTORY_TIME_ZONE });
  if (!service) notFound();
  return data({
    service,
    context: context ? { patientId: context.patient.id, patientName: context.patient.name, needId: context.need.id, needCategory: context.need.category, needOpen: context.need.status === 'identified' } : null,
    canEdit: await canEditListing(db, user, service.organization.id),
  });
}

export default function ServicePage() {
  const { service, context, canEdit } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localeTag = useLocaleTag();
  const opening = useOpeningText(service.opening);
  const hoursLine = useHoursLine();
  const ages = ageRange(t, service.minimumAge, service.maximumAge);
  const verified = service.lastVerified ? new Date(service.lastVerified.length === 10 ? `${service.lastVerified}T12:00:00Z` : service.lastVerified) : null;
  const needPath = context ? `/patients/${context.patientId}/needs/${context.needId}` : null;
  return (
    <section className="service-page">
      {needPath ? (
        <p>
          <Link to={needPath}>← {t('Services for {{need}}', { need: t(categoryLabel(context!.needCategory)) })}</Link>
        </p>
      ) : null}
      <div className="page-heading">
        <h1>{service.name}</h1>
        {canEdit ? (
          <Link className="button" to={`/portal/services/${service.serviceId}`}>
            {t('Edit this listing')}
          </Link>
        ) : null}
      </div>
      <p>
        {service.organization.name}
        {service.programName ? ` · ${service.programName}` : ''}
      </p>
      <p className="badges">
        <CapacityBadge status={service.capacity.status} />
        {service.organization.receivingOrganizationId ? (
          <span className="badge badge--on-careloop">{t('Receives referrals in CareLoop')}</span>
        ) : (
          <span className="badge">{t('Does not receive referrals in CareLoop')}</span>
        )}
        {service.stale ? <span className="badge badge--stale">{t('Not verified for over 180 days')}</span> : null}
      </p>
      {service.capacity.note || service.capacity.until ? (
        <p className="hint">
          {[service.capacity.note, service.capacity.until ? t('Until {{date}}', { date: new Date(`${service.capacity.until}T12:00:00Z`).toLocaleDateString(localeTag, { dateStyle: 'medium', timeZone: 'UTC' }) }) : null]
            .filter(Boolean)
            .join(' · ')}
        </p>
      ) : null}
      {service.alert ? <p className="notice">{service.alert}</p> : null}
      {service.status !== 'active' ? <p className="notice">{t('The directory lists this service as {{status}}.', { status: service.status })}</p> : null}
      {context && service.organization.receivingOrganizationId && context.needOpen ? (
        <p>
          <Link className="button primary" to={`${needPath}/refer?service=${service.serviceId}`}>
            {t('Refer to this service')}
          </Link>
        </p>
      ) : null}
      {service.description ? <p className="prose">{service.description}</p> : null}

      <dl className="facts">
        <dt>{t('Where')}</dt>
        <dd>
          {service.locations.length === 0 ? t('No address in the directory') : null}
          <ul className="plain-list">
            {service.locations.map((location) => (
              <li key={location.serviceAtLocationId}>
                {location.name && location.name !== service.name ? <strong>{location.name}: </strong> : null}
                {location.address ?? t('No street address')}
                {location.distanceKm !== null
                  ? ` · ${distanceAway(t, location.distanceKm, localeTag)}`
                  : ''}
                {location.transportation ? <span className="hint"> · {location.transportation}</span> : null}
                {location.accessibility.map((entry, index) => (
                  <span key={index} className="hint">
                    {' '}
                    · {t('Accessibility')}: {[entry.description, entry.details].filter(Boolean).join(' ')}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('Phone')}</dt>
        <dd>
          {service.phones.length === 0 ? t('No phone number in the directory') : null}
          <ul className="plain-list">
            {service.phones.map((phone, index) => (
              <li key={index}>
                <PhoneText phone={phone} />
              </li>
            ))}
          </ul>
        </dd>
        {service.url || service.organization.website || service.email || service.organization.email ? (
          <>
            <dt>{t('Web and e-mail')}</dt>
            <dd>
              <ul className="plain-list">
                {[...new Set([service.url, service.organization.website].filter((value): value is string => Boolean(value)))].map((link) => (
                  <li key={link}>
                    <a href={link} rel="noopener noreferrer">
                      {link}
                    </a>
                  </li>
                ))}
                {[...new Set([service.email, service.organization.email].filter((value): value is string => Boolean(value)))].map((email) => (
                  <li key={email}>
                    <a href={`mailto:${email}`}>{email}</a>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>{t('Hours')}</dt>
        <dd>
          {opening ? <p className="open-now">{opening}</p> : null}
          <ul className="plain-list">
            {service.hours.map((line, index) => (
              <li key={index}>{hoursLine(line)}</li>
            ))}
            {service.hoursText.map((text, index) => (
              <li key={`text-${index}`} className="prose">
                {text}
              </li>
            ))}
          </ul>
          {!opening && service.hoursText.length === 0 ? t('No hours in the directory') : null}
        </dd>
        {service.languages.length ? (
          <>
            <dt>{t('Languages')}</dt>
            <dd>{service.languages.map((language) => languageLabel(language, localeTag)).join(', ')}</dd>
          </>
        ) : null}
        {service.interpretationServices ? (
          <>
            <dt>{t('Interpretation')}</dt>
            <dd className="prose">{service.interpretationServices}</dd>
          </>
        ) : null}
        {service.eligibility || ages ? (
          <>
            <dt>{t('Eligibility')}</dt>
            <dd className="prose">{[ages, service.eligibility].filter(Boolean).join('\n')}</dd>
          </>
        ) : null}
        {service.fees || service.costOptions.length ? (
          <>
            <dt>{t('Fees')}</dt>
            <dd className="prose">
              {service.fees}
              {service.costOptions.map((option, index) => (
                <span key={index} className="block">
                  {[option.option, option.amount ? `${option.amount} ${option.currency?.toUpperCase() ?? ''}`.trim() : null, option.amountDescription].filter(Boolean).join(' · ')}
                </span>
              ))}
            </dd>
          </>
        ) : null}
        {service.applicationProcess ? (
          <>
            <dt>{t('How to apply')}</dt>
            <dd className="prose">{service.applicationProcess}</dd>
          </>
        ) : null}
        {service.requiredDocuments.length ? (
          <>
            <dt>{t('Documents to bring')}</dt>
            <dd>
              <ul className="plain-list">
                {service.requiredDocuments.map((document, index) => (
                  <li key={index}>{document.document ?? document.uri}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {service.waitTime ? (
          <>
            <dt>{t('Wait time')}</dt>
            <dd>{service.waitTime}</dd>
          </>
        ) : null}
        {service.serviceAreas.length ? (
          <>
            <dt>{t('Service area')}</dt>
            <dd>{service.serviceAreas.join('; ')}</dd>
          </>
        ) : null}
        {service.taxonomyTerms.length ? (
          <>
            <dt>{t('Kind of service')}</dt>
            <dd>{service.taxonomyTerms.join(', ')}</dd>
          </>
        ) : null}
        <dt>{t('Last verified')}</dt>
        <dd>
          {verified ? verified.toLocaleDateString(localeTag, { dateStyle: 'medium', timeZone: 'UTC' }) : t('Never')}
          {service.stale ? <span className="badge badge--stale">{t('Not verified for over 180 days')}</span> : null}
        </dd>
      </dl>
    </section>
  );
}
