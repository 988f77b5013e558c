// Every English text the report pages show through a variable (table titles, columns, cell labels,
// definitions, filter choices), gathered so the Spanish catalogue test can hold them all to account.
import { EQUITY_DEFINITION, FUNNEL_DEFINITIONS, INTERVENTION_DEFINITIONS, OUTCOME_DEFINITIONS, SCREENING_DEFINITIONS } from './definitions.js';
import { PERIOD_LABELS } from './filters.js';
import { BREAKDOWN_LABELS, CORE_DOMAIN_LABELS, GROUP_LABELS } from './measures.js';
import { TABLE_TEXT } from './tables.js';

const definitions = [...SCREENING_DEFINITIONS, ...INTERVENTION_DEFINITIONS, ...FUNNEL_DEFINITIONS, ...OUTCOME_DEFINITIONS, EQUITY_DEFINITION];

export const REPORT_LABELS: Record<string, string> = Object.fromEntries(
  [
    ...Object.values(PERIOD_LABELS),
    ...Object.values(BREAKDOWN_LABELS),
    ...Object.values(CORE_DOMAIN_LABELS),
    ...Object.values(GROUP_LABELS),
    ...TABLE_TEXT,
    ...definitions.flatMap((definition) => [definition.term, definition.definition]),
  ].map((text) => [text, text]),
);
