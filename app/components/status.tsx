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

export function formatDateTime(iso: string, localeTag = 'en-US'): string {
  return new Date(iso).toLocaleString(localeTag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

/** A date and time in an organisation's time zone, e.g. "Dec 1, 2026, 9:14 AM PST". */
export function formatDateTimeIn(iso: string, timeZone: string, localeTag = 'en-US'): string {
  return new Date(iso).toLocaleString(localeTag, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    timeZone,
    timeZoneName: 'short',
  });
}

/** `formatDateTime` in the language the page is shown in. */
export function useFormatDateTime(): (iso: string) => string {
  const localeTag = useLocaleTag();
  return (iso) => formatDateTime(iso, localeTag);
}
