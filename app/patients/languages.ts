/** Preferred languages offered on the patient form (ISO 639-1), most common in US clinics first. */
export const LANGUAGES = {
  en: 'English',
  es: 'Spanish',
  zh: 'Chinese',
  vi: 'Vietnamese',
  tl: 'Tagalog',
  ru: 'Russian',
  ko: 'Korean',
  ar: 'Arabic',
  fr: 'French',
  ht: 'Haitian Creole',
  pt: 'Portuguese',
  hi: 'Hindi',
  ja: 'Japanese',
  fa: 'Persian',
  so: 'Somali',
  am: 'Amharic',
  uk: 'Ukrainian',
  pl: 'Polish',
} as const;
export type LanguageCode = keyof typeof LANGUAGES;
export const LANGUAGE_CODES = Object.keys(LANGUAGES) as [LanguageCode, ...LanguageCode[]];

export function languageName(code: string): string {
  return (LANGUAGES as Record<string, string>)[code] ?? code;
}
