// Spanish interface text for accounts, keyed by the English text (see app/i18n/es.ts).
export const text: Record<string, string> = {};
