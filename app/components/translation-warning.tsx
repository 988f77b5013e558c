import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InstrumentId } from '~/screening/instrument';
import { INSTRUMENTS } from '~/screening/instruments/index';

/**
 * Told before a Spanish screening starts: no official Spanish version of this instrument is loaded,
 * so the questions would be in English. Continue, use an interpreter, or switch instrument.
 */
export function NoOfficialTranslation({
  instrumentId,
  translated,
  continueAction,
  interpreterLink,
  switchLink,
}: {
  instrumentId: InstrumentId;
  translated: readonly string[];
  continueAction: ReactNode;
  interpreterLink: string;
  switchLink: string;
}) {
  const { t } = useTranslation();
  const alternatives = Object.values(INSTRUMENTS).filter((instrument) => instrument.id !== instrumentId && translated.includes(instrument.id));
  return (
    <div className="notice translation-warning" role="alert">
      <h2>{t('No official Spanish version of {{title}} is loaded', { title: INSTRUMENTS[instrumentId].title })}</h2>
      <p>
        {t('The questions and answers would be shown in English; only the buttons and instructions are in Spanish. CareLoop never machine-translates a screener.')}
      </p>
      <div className="button-row">
        {continueAction}
        <Link className="button" to={interpreterLink}>
          {t('Use an interpreter')}
        </Link>
        <Link className="button" to={switchLink}>
          {t('Choose another screener')}
        </Link>
      </div>
      {alternatives.length ? (
        <p className="hint">{t('Official Spanish is loaded for: {{titles}}.', { titles: alternatives.map((instrument) => instrument.title).join(', ') })}</p>
      ) : (
        <p className="hint">{t('No screener has an official Spanish version loaded yet. A platform admin can load one the organisation is licensed to use.')}</p>
      )}
    </div>
  );
}
