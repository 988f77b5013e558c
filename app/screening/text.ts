import type { AnswerOption, InstrumentItem, Language } from './instrument.js';

export interface LocalizedText {
  text: string;
  /** The language of `text`: differs from the one asked for when no official translation exists. */
  language: Language;
  /** True when `text` is an official translation rather than the instrument's original English. */
  isTranslation: boolean;
  /** Where the text comes from (a source id of the screener reference, app/screening/reference). */
  source: string;
}

/**
 * An item's text in the asked-for language when an official translation exists, else the original
 * English (show a notice when `language` differs from the one asked for). Never machine-translated.
 */
export function itemText(item: InstrumentItem, language: Language): LocalizedText {
  const translation = language === 'en' ? undefined : item.translations[language];
  if (translation) return { text: translation.text, language, isTranslation: true, source: translation.source };
  return { text: item.text, language: 'en', isTranslation: false, source: item.textSource };
}

/** Answer displays are LOINC's English displays; no official translation is on record. */
export function answerText(option: AnswerOption, _language: Language): Omit<LocalizedText, 'source'> {
  return { text: option.display, language: 'en', isTranslation: false };
}
