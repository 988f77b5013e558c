// The SDOH category codes of the Gravity SDOH Clinical Care IG (SDOHCC ValueSet SDOHCategory), in its order.
export const SDOH_CATEGORY_CODES = [
  'sdoh-category-unspecified',
  'food-insecurity',
  'housing-instability',
  'homelessness',
  'inadequate-housing',
  'transportation-insecurity',
  'financial-insecurity',
  'material-hardship',
  'educational-attainment',
  'employment-status',
  'veteran-status',
  'stress',
  'social-connection',
  'intimate-partner-violence',
  'elder-abuse',
  'personal-health-literacy',
  'health-insurance-coverage-status',
  'medical-cost-burden',
  'digital-literacy',
  'digital-access',
  'utility-insecurity',
  'incarceration-status',
  'language-access',
  'protective-factor',
] as const;

export type SdohCategoryCode = (typeof SDOH_CATEGORY_CODES)[number];

export function isSdohCategoryCode(code: string): code is SdohCategoryCode {
  return (SDOH_CATEGORY_CODES as readonly string[]).includes(code);
}
