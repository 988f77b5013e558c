import type { AnswerOption, InstrumentItem, ItemGroup, Language } from './instrument.js';
import type { TranslationContent } from './translations.js';

export interface LocalizedText {
  text: string;
  /** The language of `text`: differs from the one asked for when no official translation is loaded. */
  language: Language;
  /** True when `text` is an official translation rather than the instrument's original English. */
  isTranslation: boolean;
}

/** A loaded official translation and the language it is in. */
export type ShownTranslation = TranslationContent & { language: Language };

const inLanguage = (translation: ShownTranslation | null | undefined, language: Language) =>
  language !== 'en' && translation && translation.language === language ? translation : undefined;

/**
 * An item's text in the asked-for language when an official translation is loaded, else the original
 * English (show a notice when `language` differs from the one asked for). Never machine-translated.
 */
export function itemText(item: InstrumentItem, language: Language, translation?: ShownTranslation | null): LocalizedText {
  const translated = inLanguage(translation, language)?.items[item.code]?.text;
  if (translated) return { text: translated, language, isTranslation: true };
  return { text: item.text, language: 'en', isTranslation: false };
}

/** An answer as the official form prints it (or its LOINC display), or its official translation. */
export function answerText(item: InstrumentItem, option: AnswerOption, language: Language, translation?: ShownTranslation | null): LocalizedText {
  const translated = inLanguage(translation, language)?.items[item.code]?.answers[option.code];
  if (translated) return { text: translated, language, isTranslation: true };
  return { text: option.text ?? option.display, language: 'en', isTranslation: false };
}

export function groupText(group: ItemGroup, language: Language, translation?: ShownTranslation | null): LocalizedText {
  const translated = inLanguage(translation, language)?.groups[group.code];
  if (translated) return { text: translated, language, isTranslation: true };
  return { text: group.text, language: 'en', isTranslation: false };
}
