import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CAPACITY_LABELS, type CapacityStatus } from '~/directory/capacity';
import { formatMinutes, openingText, weekdayName, type HoursLine, type OpeningStatus } from '~/directory/hours';
import { useLocaleTag } from './status';

/** What a card shows of a service: ServiceDetails as a loader sends it (see app/directory/service-details.server.ts). */
export interface ServiceCardData {
  serviceId: string;
  name: string;
  description: string | null;
  organization: { name: string; website: string | null; receivingOrganizationId: string | null };
  locations: Array<{ address: string | null; distanceKm: number | null }>;
  phones: Array<{ number: string; extension: string | null; type: string | null; description: string | null }>;
  opening: OpeningStatus;
  languages: Array<{ code: string | null; name: string | null }>;
  url: string | null;
  eligibility: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  fees: string | null;
  capacity: { status: CapacityStatus; note: string | null; until: string | null };
  lastVerified: string | null;
  stale: boolean;
}

/** A language by its name in the page's language ("Cantonese", "cantonés"), never a raw code. */
export function languageLabel(language: { code: string | null; name: string | null }, localeTag: string): string {
  if (language.code) {
    try {
      const name = new Intl.DisplayNames([localeTag], { type: 'language', fallback: 'none' }).of(language.code);
      if (name) return name.charAt(0).toLocaleUpperCase(localeTag) + name.slice(1);
    } catch {
      // Not a code Intl knows: the directory's own name below.
    }
  }
  return language.name ?? language.code ?? '';
}

export function useOpeningText(opening: OpeningStatus): string | null {
  const { t } = useTranslation();
  const localeTag = useLocaleTag();
  const text = openingText(opening, localeTag);
  return text ? t(text.key, text.values) : null;
}

/** "Mon, Tue 9 am – 5 pm"; "2nd Tue of the month 10 am – 12 pm". */
export function useHoursLine(): (line: HoursLine) => string {
  const { t } = useTranslation();
  const localeTag = useLocaleTag();
  return (line) => {
    const days = line.days.map((day) => {
      const name = weekdayName(day.weekday, localeTag);
      if (day.nth === null) return name;
      return day.nth === -1 ? t('last {{day}}', { day: name }) : t('{{nth}}. {{day}}', { nth: day.nth, day: name });
    });
    const dayText = days.length ? days.join(', ') : line.monthDays.map(String).join(', ');
    const when = line.monthly ? t('{{days}} of the month', { days: dayText }) : line.interval > 1 ? t('{{days}}, every {{count}} weeks', { days: dayText, count: line.interval }) : dayText;
    const time = line.opens !== null && line.closes !== null ? ` ${formatMinutes(line.opens, localeTag)} – ${formatMinutes(line.closes, localeTag)}` : '';
    return `${when}${time}`;
  };
}

export function CapacityBadge({ status }: { status: CapacityStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--capacity-${status}`}>{t(CAPACITY_LABELS[status])}</span>;
}

export function PhoneText({ phone }: { phone: ServiceCardData['phones'][number] }) {
  const { t } = useTranslation();
  const digits = phone.number.replace(/[^\d+]/g, '');
  return (
    <>
      {digits.length >= 3 ? <a href={`tel:${digits}`}>{phone.number}</a> : phone.number}
      {phone.extension ? ` ${t('ext. {{extension}}', { extension: phone.extension })}` : ''}
      {phone.type && phone.type !== 'voice' ? ` (${phone.type})` : ''}
      {phone.description ? ` · ${phone.description}` : ''}
    </>
  );
}

export function ageRange(t: (key: string, values?: Record<string, unknown>) => string, minimum: number | null, maximum: number | null): string | null {
  if (minimum !== null && maximum !== null) return t('Ages {{minimum}} to {{maximum}}', { minimum, maximum });
  if (minimum !== null) return t('Ages {{minimum}} and over', { minimum });
  if (maximum !== null) return t('Ages up to {{maximum}}', { maximum });
  return null;
}

interface ServiceCardProps {
  service: ServiceCardData;
  /** Where the service page link goes (defaults to /services/:id). */
  href?: string;
  /** A line under the title, e.g. why this service matched and in which language. */
  explanation?: ReactNode;
  /** Buttons under the card (refer, add to a handout …). */
  actions?: ReactNode;
  /** Distance shown for the card (the search's own, when it has one). */
  distanceKm?: number | null;
}

/** The card for one service: enough to act on (call, go, refer) without opening its page. */
const KM_PER_MILE = 1.609344;

/** "1.2 mi away": distances in miles, as US patients and workers read them. */
export function distanceAway(t: (key: string, options?: Record<string, unknown>) => string, km: number, localeTag: string): string {
  const miles = km / KM_PER_MILE;
  return t('{{distance}} mi away', { distance: miles.toLocaleString(localeTag, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) });
}

export function ServiceCard({ service, href, explanation, actions, distanceKm }: ServiceCardProps) {
  const { t } = useTranslation();
  const localeTag = useLocaleTag();
  const opening = useOpeningText(service.opening);
  const location = service.locations[0];
  const distance = distanceKm ?? location?.distanceKm ?? null;
  const ages = ageRange(t, service.minimumAge, service.maximumAge);
  return (
    <article className="card service-card">
      <h2 className="card-title">
        <Link to={href ?? `/services/${service.serviceId}`}>{service.name}</Link>
      </h2>
      <p>{service.organization.name}</p>
      {explanation ? <div className="hint">{explanation}</div> : null}
      <p className="badges">
        <CapacityBadge status={service.capacity.status} />
        {service.stale ? <span className="badge badge--stale">{t('Not verified for over 180 days')}</span> : null}
        {service.organization.receivingOrganizationId ? <span className="badge badge--on-careloop">{t('Receives referrals in CareLoop')}</span> : null}
      </p>
      {location?.address ? (
        <p>
          {location.address}
          {distance !== null
            ? ` · ${distanceAway(t, distance, localeTag)}`
            : ''}
        </p>
      ) : null}
      {service.phones.slice(0, 2).map((phone, index) => (
        <p key={index}>
          <PhoneText phone={phone} />
        </p>
      ))}
      {opening ? <p className={service.opening.state === 'open' ? 'open-now' : undefined}>{opening}</p> : null}
      {service.languages.length ? <p>{t('Languages: {{languages}}', { languages: service.languages.map((language) => languageLabel(language, localeTag)).join(', ') })}</p> : null}
      {service.eligibility || ages ? <p className="clamp">{[ages, service.eligibility].filter(Boolean).join(' · ')}</p> : null}
      {service.fees ? <p className="clamp">{t('Fees: {{fees}}', { fees: service.fees })}</p> : null}
      {service.url ?? service.organization.website ? (
        <p className="clamp">
          <a href={(service.url ?? service.organization.website)!} rel="noopener noreferrer">
            {(service.url ?? service.organization.website)!.replace(/^https?:\/\//, '').replace(/\/$/, '')}
          </a>
        </p>
      ) : null}
      {!service.organization.receivingOrganizationId ? <p className="hint">{t('Not on CareLoop: give the patient the contact details.')}</p> : null}
      {actions ? <div className="button-row">{actions}</div> : null}
    </article>
  );
}
