// The SDOH Category value set of the SDOH Clinical Care IG, in its order (reference/sdoh-categories.json).
export const SDOH_CATEGORY_SYSTEM = 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';

export const SDOH_CATEGORIES = {
  'sdoh-category-unspecified': "SDOH Category Unspecified",
  'food-insecurity': "Food Insecurity",
  'housing-instability': "Housing Instability",
  'homelessness': "Homelessness",
  'inadequate-housing': "Inadequate Housing",
  'transportation-insecurity': "Transportation Insecurity",
  'financial-insecurity': "Financial Insecurity",
  'material-hardship': "Material Hardship",
  'educational-attainment': "Educational Attainment",
  'employment-status': "Employment Status",
  'veteran-status': "Veteran Status",
  'stress': "Stress",
  'social-connection': "Social Connection",
  'intimate-partner-violence': "Intimate Partner Violence",
  'elder-abuse': "Elder Abuse",
  'personal-health-literacy': "Personal Health Literacy",
  'health-insurance-coverage-status': "Health Insurance Coverage Status",
  'medical-cost-burden': "Medical Cost Burden",
  'digital-literacy': "Digital Literacy",
  'digital-access': "Digital Access",
  'utility-insecurity': "Utility Insecurity",
  'incarceration-status': "Incarceration Status",
  'language-access': "Language Access",
  'protective-factor': "Protective Factor",
} as const;

export type SdohCategory = keyof typeof SDOH_CATEGORIES;
export const SDOH_CATEGORY_CODES = Object.keys(SDOH_CATEGORIES) as [SdohCategory, ...SdohCategory[]];

export function isSdohCategory(value: unknown): value is SdohCategory {
  return typeof value === 'string' && Object.hasOwn(SDOH_CATEGORIES, value);
}

export function categoryLabel(code: string): string {
  return (SDOH_CATEGORIES as Record<string, string>)[code] ?? code;
}
