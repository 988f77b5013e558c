// CareLoop's own need data beside the rule tables: the Z-code to suggest for a category when a need
// does not come from a screening rule, and which category a single answered item leads to. Pure.
import type { InstrumentItem, ZCodeSuggestion } from './instrument.js';
import { RULE_TABLES } from './rules.js';

/**
 * One suggestion per category, each from the Gravity referral-source RI list in
 * reference/sdoh-categories.json (a test checks them). The unspecified code where the list has one;
 * none for intimate-partner-violence, whose listed codes (T74/T76) record confirmed or suspected abuse,
 * a clinician's finding rather than a screen.
 */
export const CATEGORY_Z_CODES: Readonly<Record<string, ZCodeSuggestion>> = {
  'veteran-status': { code: 'Z91.85', display: 'Personal history of military service' },
  'educational-attainment': { code: 'Z55.8', display: 'Other problems related to education and literacy' },
  'employment-status': { code: 'Z56.0', display: 'Unemployment, unspecified' },
  'health-insurance-coverage-status': { code: 'Z59.71', display: 'Insufficient health insurance coverage' },
  'material-hardship': { code: 'Z59.87', display: 'Material hardship due to limited financial resources, not elsewhere classified' },
  'social-connection': { code: 'Z60.8', display: 'Other problems related to social environment' },
  stress: { code: 'Z73.3', display: 'Stress, not elsewhere classified' },
  'personal-health-literacy': { code: 'Z55.6', display: 'Problems related to health literacy' },
  'incarceration-status': { code: 'Z65.1', display: 'Imprisonment and other incarceration' },
};

/**
 * A coded Condition.code for a need without a Z-code (hand-added, safety, unspecified): Gravity's RI
 * lists Z71.88 under every category it covers, and ICD-10-CM is one of the code systems US Core's
 * required binding allows.
 */
export const FALLBACK_CONDITION_CODE: ZCodeSuggestion = { code: 'Z71.88', display: 'Encounter for counseling for socioeconomic factors' };

/** The SDOH category a need added from this item gets: its verified SDOHCC category, unless unspecified. */
export function itemNeedCategory(item: InstrumentItem): string | undefined {
  return item.sdohCategories.find((category) => category.verified && category.code !== 'sdoh-category-unspecified')?.code;
}

/** The display of a Z-code CareLoop suggests (from this list or the rule tables), for export. */
export function zCodeDisplay(code: string): string | undefined {
  for (const suggestion of Object.values(CATEGORY_Z_CODES)) if (suggestion.code === code) return suggestion.display;
  for (const table of Object.values(RULE_TABLES)) {
    for (const domain of table.domains) {
      for (const suggestion of Object.values(domain.suggestedZCodes ?? {})) if (suggestion.code === code) return suggestion.display;
    }
  }
  return undefined;
}

/** The Z-code to suggest for a category outside a screening rule: the category's own, else one the rule tables use. */
export function suggestedZCodeFor(category: string): ZCodeSuggestion | undefined {
  const own = CATEGORY_Z_CODES[category];
  if (own) return { code: own.code, display: own.display };
  for (const table of Object.values(RULE_TABLES)) {
    for (const domain of table.domains) {
      const suggestion = domain.suggestedZCodes?.[category];
      if (suggestion) return { code: suggestion.code, display: suggestion.display };
    }
  }
  return undefined;
}
