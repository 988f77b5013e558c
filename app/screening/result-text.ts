// English text of screening results that screens translate where they show it (t()).
import type { IncompleteReason } from './instrument.js';
import { RULE_TABLES } from './rules.js';

export const INCOMPLETE_REASONS: Record<IncompleteReason, string> = {
  'age-unknown': 'Depends on the patient’s age, which is unknown: add the date of birth to score it.',
  'not-at-this-age': 'Does not apply at the patient’s age.',
};

/** Every domain label and category text of the rule tables, keyed by itself (for the catalogue check). */
export const DOMAIN_TEXTS: Record<string, string> = Object.fromEntries(
  Object.values(RULE_TABLES).flatMap((table) => table.domains.flatMap((domain) => [domain.label, ...(domain.sdohCategoryText ? [domain.sdohCategoryText] : [])]).map((text) => [text, text])),
);

/** A need's name: its category, or the domain's own words where the category is unspecified. */
export function needName(need: { category: string; categoryText?: string | null }, categoryLabel: (code: string) => string): string {
  return need.categoryText ?? categoryLabel(need.category);
}
