import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * "Referral sent to …": the sentence that says a completed action worked. It takes focus, so a
 * screen reader reads it and a keyboard user continues from it.
 */
export function Confirmation({ message, params }: { message: string; params?: Record<string, string> }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [message, params]);
  return (
    <p className="success confirmation" role="status" tabIndex={-1} ref={ref}>
      {t(message, params)}
    </p>
  );
}

/** An ISO calendar date (YYYY-MM-DD) as people write it in the page's language. */
export function formatDate(date: string, localeTag: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(localeTag, { dateStyle: 'medium', timeZone: 'UTC' });
}
