// Spanish interface text for accounts, keyed by the English text (see app/i18n/es.ts).
export const text: Record<string, string> = {
  // Input that cannot be stored
  'Remove the invisible control character from this text.': 'Quite el carácter de control invisible de este texto.',
  'Something you entered cannot be stored (an invisible control character or a date that does not exist, for example). Check what you typed and try again.':
    'Algo de lo que escribió no se puede guardar (por ejemplo, un carácter de control invisible o una fecha que no existe). Revise lo que escribió e inténtelo de nuevo.',
};
