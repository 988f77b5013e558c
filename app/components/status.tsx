import { useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { isLocale, type Locale } from '~/i18n/i18n';
import { STATUS_LABELS, type ReferralStatus } from '~/referrals/lifecycle';

// US English and US Spanish: dates and numbers as people in US clinics write them.
const LOCALE_TAGS: Record<Locale, string> = { en: 'en-US', es: 'es-US' };

export function StatusBadge({ status }: { status: ReferralStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${status}`}>{t(STATUS_LABELS[status])}</span>;
}

/** The BCP 47 tag for `toLocaleString` in the language the page is shown in. */
export function useLocaleTag(): string {
  const { i18n } = useTranslation();
  return LOCALE_TAGS[isLocale(i18n.language) ? i18n.language : 'en'];
}

/** A moment as people read it: in the organisation's time zone, with the zone's short name. */
export function formatDateTime(iso: string, localeTag = 'en-US', timeZone = 'UTC'): string {
  // dateStyle/timeStyle cannot be combined with timeZoneName: the fields are spelt out.
  return new Date(iso).toLocaleString(localeTag, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  });
}

/** The time zone times are shown in: the signed-in organisation's, else Pacific (where CareLoop's demo runs). */
export function useTimeZone(): string {
  const root = useRouteLoaderData<{ user: { organizationTimeZone?: string } | null }>('root');
  return root?.user?.organizationTimeZone ?? 'America/Los_Angeles';
}

/** `formatDateTime` in the language the page is shown in and the organisation's time zone. */
export function useFormatDateTime(): (iso: string) => string {
  const localeTag = useLocaleTag();
  const timeZone = useTimeZone();
  return (iso) => formatDateTime(iso, localeTag, timeZone);
}
