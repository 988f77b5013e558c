// Spanish interface text for directory, keyed by the English text (see app/i18n/es.ts).
export const text: Record<string, string> = {};
