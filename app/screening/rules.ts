// The scoring rule table: per instrument, per domain, which items, which SDOH category, which rule,
// and which ICD-10-CM Z-code to suggest. Everything here is data read from the screener reference in reference/ (the
// `sources` name the reference entries); a rule the reference marks UNVERIFIED is `unverified` and
// scores as 'review'. Adding a verified rule is a change to this table only (see
// docs/decisions/003-screening-rules.md). Tests check every entry against the reference.
import type { InstrumentId, ZCodeSuggestion } from './instrument.js';

export type DomainRule =
  /**
   * Positive when any item has one of its risk answers. Negative when no risk answer was given and
   * `negativeWhen` holds: every item answered (the safe default), or — only where the instrument's own
   * logic says so (HVS FHIRPath) — at least one item answered. Otherwise incomplete.
   */
  | {
      kind: 'any-of';
      riskAnswers: Readonly<Record<string, readonly string[]>>;
      negativeWhen: 'all-items-answered' | 'any-item-answered';
    }
  /** Sum of item scores; valid only when every item is answered; positive at or above the threshold. */
  | { kind: 'sum'; scores: Readonly<Record<string, number>>; positiveAtOrAbove: number; totalItem?: string }
  /** No verified positive-screen rule: answered items go to a person for review. */
  | { kind: 'unverified' };

export interface DomainDefinition {
  id: string;
  label: string;
  /** LOINC codes of the items behind the domain. */
  items: readonly string[];
  sdohCategory: string;
  sdohCategoryText?: string;
  /** False when the reference gives the category only as an UNVERIFIED candidate. */
  categoryVerified: boolean;
  /** Category for a positive screen by risk answer, where one item separates two categories. */
  categoryByAnswer?: Readonly<Record<string, string>>;
  rule: DomainRule;
  /** The derived answer the instrument itself defines for the domain (HVS 88124-3). */
  derived?: { item: string; positive: string; negative: string };
  /** ICD-10-CM code to suggest for a positive screen, by the need's SDOH category. */
  suggestedZCodes?: Readonly<Record<string, ZCodeSuggestion & { source: string }>>;
  sources: readonly string[];
  notes?: readonly string[];
}

export interface RuleTable {
  instrument: InstrumentId;
  /** Bumped whenever a rule changes, and stored with each result. */
  rulesVersion: string;
  domains: readonly DomainDefinition[];
}

const FOOD_RISK = ['LA28397-0', 'LA6729-3'] as const; // Often true, Sometimes true
const GRAVITY_RI = 'sdoh-categories.json icd10cm_codes_seen_in_sources.gravity_referral_source_client';

const FOOD_Z_CODE = { code: 'Z59.41', display: 'Food insecurity', source: `food-insecurity: ${GRAVITY_RI}` };

export const HUNGER_VITAL_SIGN_RULES: RuleTable = {
  instrument: 'hunger-vital-sign',
  rulesVersion: '1',
  domains: [
    {
      id: 'food',
      label: 'Food insecurity',
      items: ['88122-7', '88123-5'],
      sdohCategory: 'food-insecurity',
      categoryVerified: true,
      rule: { kind: 'any-of', riskAnswers: { '88122-7': FOOD_RISK, '88123-5': FOOD_RISK }, negativeWhen: 'any-item-answered' },
      derived: { item: '88124-3', positive: 'LA19952-3', negative: 'LA19983-8' },
      suggestedZCodes: { 'food-insecurity': FOOD_Z_CODE },
      sources: ['hunger-vital-sign.json scoring.algorithm', 'hunger-vital-sign.json scoring.fhirpath_questionnaire_variables_verbatim'],
      notes: [
        "The IG's FHIRPath counts any answer code, including LA15775-2 \"Don't know/refused\", as answering; an item with no answer code (declined, not asked) does not.",
        'Z59.41 rather than the IG example\'s Z59.4: the IG\'s own terminology check reports Z59.4 outside the Gravity food-insecurity diagnoses value set.',
      ],
    },
  ],
};

const HITS_SCORES = { 'LA6270-8': 1, 'LA10066-1': 2, 'LA10082-8': 3, 'LA16644-9': 4, 'LA6482-9': 5 } as const;
const UNVERIFIED_AHC = 'ahc-hrsn.json domain_scoring: rule null, status UNVERIFIED';

export const AHC_HRSN_RULES: RuleTable = {
  instrument: 'ahc-hrsn',
  rulesVersion: '1',
  domains: [
    {
      id: 'living-situation',
      label: 'Living situation',
      items: ['71802-3'],
      sdohCategory: 'housing-instability',
      categoryVerified: true,
      categoryByAnswer: { 'LA31994-9': 'housing-instability', 'LA31995-6': 'homelessness' },
      rule: { kind: 'any-of', riskAnswers: { '71802-3': ['LA31994-9', 'LA31995-6'] }, negativeWhen: 'all-items-answered' },
      suggestedZCodes: {
        'housing-instability': { code: 'Z59.819', display: 'Housing instability, housed unspecified', source: `housing-instability: ${GRAVITY_RI}` },
        homelessness: { code: 'Z59.00', display: 'Homelessness unspecified', source: `homelessness: ${GRAVITY_RI}` },
      },
      sources: ['ahc-hrsn.json domain_scoring.living_situation', 'ahc-hrsn.json items[71802-3].positive_rule.category_refinement'],
      notes: [
        'Worried about losing it (LA31994-9) → housing-instability; no steady place (LA31995-6) → homelessness, per the Gravity definitions the reference cites. The SDOH CC IG text states the reverse, which the reference flags as an IG error (UNVERIFIED).',
        "The reference's living_situation domain covers 71802-3 and 96778-6 (\"and/or\"); CareLoop reports them as two domains because they lead to different SDOH categories.",
      ],
    },
    {
      id: 'housing-quality',
      label: 'Housing quality',
      items: ['96778-6'],
      sdohCategory: 'inadequate-housing',
      categoryVerified: true,
      rule: {
        kind: 'any-of',
        riskAnswers: { '96778-6': ['LA31996-4', 'LA28580-1', 'LA31997-2', 'LA31998-0', 'LA31999-8', 'LA32000-4', 'LA32001-2'] },
        negativeWhen: 'all-items-answered',
      },
      suggestedZCodes: { 'inadequate-housing': { code: 'Z59.10', display: 'Inadequate housing, unspecified', source: `inadequate-housing: ${GRAVITY_RI}` } },
      sources: ['ahc-hrsn.json domain_scoring.living_situation', 'ahc-hrsn.json items[96778-6].positive_rule'],
    },
    {
      id: 'food',
      label: 'Food insecurity',
      items: ['88122-7', '88123-5'],
      sdohCategory: 'food-insecurity',
      categoryVerified: true,
      rule: { kind: 'any-of', riskAnswers: { '88122-7': FOOD_RISK, '88123-5': FOOD_RISK }, negativeWhen: 'all-items-answered' },
      suggestedZCodes: { 'food-insecurity': FOOD_Z_CODE },
      sources: ['ahc-hrsn.json domain_scoring.food'],
      notes: ['The AHC rule names no derived item and no behaviour for a missing item, so both items must be answered for a negative.'],
    },
    {
      id: 'transportation',
      label: 'Transportation',
      items: ['93030-5'],
      sdohCategory: 'transportation-insecurity',
      categoryVerified: true,
      rule: { kind: 'any-of', riskAnswers: { '93030-5': ['LA33-6'] }, negativeWhen: 'all-items-answered' },
      suggestedZCodes: { 'transportation-insecurity': { code: 'Z59.82', display: 'Transportation insecurity', source: `transportation-insecurity: ${GRAVITY_RI}` } },
      sources: ['ahc-hrsn.json domain_scoring.transportation'],
    },
    {
      id: 'utilities',
      label: 'Utilities',
      items: ['96779-4'],
      sdohCategory: 'utility-insecurity',
      categoryVerified: true,
      rule: { kind: 'any-of', riskAnswers: { '96779-4': ['LA33-6', 'LA32002-0'] }, negativeWhen: 'all-items-answered' },
      suggestedZCodes: { 'utility-insecurity': { code: 'Z59.12', display: 'Inadequate housing utilities', source: `utility-insecurity: ${GRAVITY_RI}` } },
      sources: ['ahc-hrsn.json domain_scoring.utilities'],
    },
    {
      id: 'interpersonal-safety',
      label: 'Interpersonal safety',
      items: ['95618-5', '95617-7', '95616-9', '95615-1'],
      sdohCategory: 'sdoh-category-unspecified',
      sdohCategoryText: 'Interpersonal Safety',
      categoryVerified: true,
      rule: { kind: 'sum', scores: HITS_SCORES, positiveAtOrAbove: 11, totalItem: '95614-4' },
      sources: ['ahc-hrsn.json domain_scoring.interpersonal_safety'],
      notes: ['All four items must be answered for a score (SHIN-NY IG); with any missing or declined the domain is incomplete.'],
    },
    {
      id: 'financial-strain',
      label: 'Financial strain',
      items: ['76513-1'],
      sdohCategory: 'financial-insecurity',
      categoryVerified: false,
      rule: { kind: 'unverified' },
      sources: [UNVERIFIED_AHC],
    },
    {
      id: 'employment',
      label: 'Employment',
      items: ['96780-2'],
      sdohCategory: 'employment-status',
      categoryVerified: true,
      rule: { kind: 'any-of', riskAnswers: { '96780-2': ['LA31981-6', 'LA31982-4'] }, negativeWhen: 'all-items-answered' },
      sources: ['ahc-hrsn.json domain_scoring.employment'],
      notes: ['No Z-code suggested: the listed employment code (Z56.0 Unemployment) does not fit "help keeping work".'],
    },
    {
      id: 'family-community-support',
      label: 'Family and community support',
      items: ['96781-0', '93159-2'],
      sdohCategory: 'social-connection',
      categoryVerified: false,
      rule: { kind: 'unverified' },
      sources: [UNVERIFIED_AHC],
    },
    {
      id: 'language',
      label: 'Language',
      items: ['97027-7'],
      sdohCategory: 'language-access',
      categoryVerified: false,
      rule: { kind: 'unverified' },
      sources: ['ahc-hrsn.json items[97027-7]: no positive rule, domain grouping UNVERIFIED'],
    },
    {
      id: 'education',
      label: 'Education',
      items: ['96782-8'],
      sdohCategory: 'sdoh-category-unspecified',
      sdohCategoryText: 'Education/Training',
      categoryVerified: true,
      rule: { kind: 'any-of', riskAnswers: { '96782-8': ['LA33-6'] }, negativeWhen: 'all-items-answered' },
      sources: ['ahc-hrsn.json domain_scoring.education'],
    },
    {
      id: 'physical-activity',
      label: 'Physical activity',
      items: ['89555-7', '68516-4'],
      sdohCategory: 'sdoh-category-unspecified',
      sdohCategoryText: 'Physical Activity',
      categoryVerified: false,
      rule: { kind: 'unverified' },
      sources: [UNVERIFIED_AHC],
    },
    {
      id: 'substance-use',
      label: 'Substance use',
      items: ['68517-2', '96842-0', '95530-2', '68524-8'],
      sdohCategory: 'sdoh-category-unspecified',
      sdohCategoryText: 'Substance Use',
      categoryVerified: false,
      rule: { kind: 'unverified' },
      sources: [UNVERIFIED_AHC],
    },
    {
      id: 'mental-health',
      label: 'Mental health',
      items: ['44250-9', '44255-8', '93038-8'],
      sdohCategory: 'sdoh-category-unspecified',
      sdohCategoryText: 'Mental Health',
      categoryVerified: false,
      rule: { kind: 'unverified' },
      sources: [UNVERIFIED_AHC],
      notes: ['The PHQ-2 item scores are in the definition, but the AHC total and threshold are UNVERIFIED.'],
    },
    {
      id: 'disabilities',
      label: 'Disabilities',
      items: ['69858-9', '69861-3'],
      sdohCategory: 'sdoh-category-unspecified',
      sdohCategoryText: 'Disability Status',
      categoryVerified: true,
      rule: { kind: 'unverified' },
      sources: [UNVERIFIED_AHC],
    },
  ],
};

const PRAPARE_UNVERIFIED = 'prapare.json scoring: MISSING / UNVERIFIED';

/** PRAPARE has no verified scoring: one review domain per item, with the IG StructureMap's category. */
function prapareDomain(id: string, label: string, item: string, sdohCategory: string, notes?: string[]): DomainDefinition {
  return {
    id,
    label,
    items: [item],
    sdohCategory,
    categoryVerified: true,
    rule: { kind: 'unverified' },
    sources: [PRAPARE_UNVERIFIED, `prapare.json items[${item}].sdoh_category (sdohcc-ig-prapare-map)`],
    ...(notes ? { notes } : {}),
  };
}

export const PRAPARE_RULES: RuleTable = {
  instrument: 'prapare',
  rulesVersion: '1',
  domains: [
    prapareDomain('hispanic-or-latino', 'Hispanic or Latino', '56051-6', 'sdoh-category-unspecified'),
    prapareDomain('race', 'Race', '32624-9', 'sdoh-category-unspecified'),
    prapareDomain('farm-work', 'Seasonal or migrant farm work', '93035-4', 'sdoh-category-unspecified'),
    prapareDomain('veteran-status', 'Armed forces', '93034-7', 'veteran-status'),
    prapareDomain('preferred-language', 'Preferred language', '54899-0', 'sdoh-category-unspecified'),
    prapareDomain('household-size', 'Household size', '63512-8', 'sdoh-category-unspecified'),
    prapareDomain('housing-status', 'Housing status', '71802-3', 'homelessness', [
      'The IG example StructureMap raises an unconfirmed homelessness Condition for LA30190-5; the reference calls this example logic, not a PRAPARE rule.',
    ]),
    prapareDomain('housing-worry', 'Worried about losing housing', '93033-9', 'housing-instability'),
    prapareDomain('address', 'Address', '56799-0', 'sdoh-category-unspecified'),
    prapareDomain('education', 'Education', '82589-3', 'educational-attainment'),
    prapareDomain('employment', 'Employment', '67875-5', 'employment-status', [
      'The IG example StructureMap raises an unconfirmed unemployment Condition for LA17956-6; the reference calls this example logic, not a PRAPARE rule.',
    ]),
    prapareDomain('insurance', 'Insurance', '76437-3', 'health-insurance-coverage-status'),
    prapareDomain('income', 'Income', '63586-2', 'sdoh-category-unspecified'),
    prapareDomain('material-security', 'Unable to get necessities', '93031-3', 'material-hardship'),
    prapareDomain('transportation', 'Transportation', '93030-5', 'transportation-insecurity'),
    prapareDomain('social-integration', 'Social connection', '93029-7', 'social-connection'),
    prapareDomain('stress', 'Stress', '93038-8', 'stress'),
    prapareDomain('incarceration', 'Incarceration', '93028-9', 'sdoh-category-unspecified'),
    prapareDomain('refugee-status', 'Refugee status', '93027-1', 'sdoh-category-unspecified'),
    prapareDomain('safety', 'Safety where you live', '93026-3', 'sdoh-category-unspecified'),
    prapareDomain('partner-violence', 'Afraid of partner or ex-partner', '76501-6', 'intimate-partner-violence'),
  ],
};

export const RULE_TABLES: Readonly<Record<InstrumentId, RuleTable>> = {
  'hunger-vital-sign': HUNGER_VITAL_SIGN_RULES,
  'ahc-hrsn': AHC_HRSN_RULES,
  prapare: PRAPARE_RULES,
};
