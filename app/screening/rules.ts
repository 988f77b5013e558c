// The scoring rule table: per instrument, per domain, which items, which SDOH category, which rule,
// and which ICD-10-CM Z-code to suggest. Everything here is data read from the screener reference in
// reference/ (the `sources` name the reference entries); a rule the reference marks UNVERIFIED is
// `unverified` and scores as 'review'. Changing a rule is a change to this table only (see
// docs/decisions/003-screening-rules.md and 020-screening-content.md). Tests check every entry
// against the reference.
import type { InstrumentId, ZCodeSuggestion } from './instrument.js';

/**
 * One way a domain can flag a possible need. A domain is positive when any of its checks flags; the
 * result names the items behind each flag.
 */
export type ItemCheck =
  /** The item flags when one of these answers is chosen (the CMS tool's underlined answers). */
  | { kind: 'answer'; item: string; answers: readonly string[]; /** The item applies from this age (years). */ minAge?: number }
  /** Item scores summed; counts only when every item is answered; flags at or above the threshold. */
  | { kind: 'sum'; items: readonly string[]; scores: Readonly<Record<string, number>>; atOrAbove: number; totalItem?: string }
  /** Days a week × minutes a day of exercise, against the threshold of the patient's age band. */
  | { kind: 'weekly-minutes'; days: string; minutes: string; values: Readonly<Record<string, number>>; byAge: readonly WeeklyMinutesBand[] };

export interface WeeklyMinutesBand {
  /** The band starts at this age (years) and runs to the next band. */
  fromAge: number;
  /** Flags below this many minutes a week; absent where the tool says the need cannot be determined. */
  below?: number;
}

export type DomainRule =
  /**
   * Positive when a check flags. Negative when none flags and `negativeWhen` holds: every applicable
   * check complete (the safe default); at least one item answered, only where the instrument's own logic
   * says so (HVS FHIRPath); or never, where a source derives a need from an answer but says nothing
   * about the other answers (those go to review).
   */
  | { kind: 'checks'; checks: readonly ItemCheck[]; negativeWhen: 'all-checks-complete' | 'any-item-answered' | 'never' }
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
  /** Category for a positive screen by flagged answer, where one item separates two categories. */
  categoryByAnswer?: Readonly<Record<string, string>>;
  rule: DomainRule;
  /** A positive result is shown but proposes no referral need (AHC 97027-7 language: recorded instead). */
  proposesNeed?: false;
  /** A positive result raises the safety alert and is kept from handouts, SMS and the receiving side. */
  safety?: true;
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

/**
 * Answer codes that say the patient chose not to answer. They are answers (PRAPARE records them), but a
 * check they answer stays incomplete: choosing not to answer is never a negative.
 */
export const DECLINING_ANSWERS: ReadonlySet<string> = new Set(['LA30122-8']);

const anyOf = (flags: Readonly<Record<string, readonly string[]>>, negativeWhen: 'all-checks-complete' | 'any-item-answered' | 'never' = 'all-checks-complete'): DomainRule => ({
  kind: 'checks',
  checks: Object.entries(flags).map(([item, answers]) => ({ kind: 'answer', item, answers })),
  negativeWhen,
});

const FOOD_RISK = ['LA28397-0', 'LA6729-3'] as const; // Often true, Sometimes true
const GRAVITY_RI = 'sdoh-categories.json icd10cm_codes_seen_in_sources.gravity_referral_source_client';
const SUPPLEMENTAL = 'ahc-hrsn-supplemental-scoring.json domain_rules';

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
      rule: anyOf({ '88122-7': FOOD_RISK, '88123-5': FOOD_RISK }, 'any-item-answered'),
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
const PHQ_SCORES = { 'LA6568-5': 0, 'LA6569-3': 1, 'LA6570-1': 2, 'LA6571-9': 3 } as const;
// Once or twice, Monthly, Weekly, Daily or almost daily: any answer but Never.
const SUBSTANCE_USE = ['LA26460-8', 'LA18876-5', 'LA18891-4', 'LA18934-2'] as const;
const YES = ['LA33-6'] as const;

export const AHC_HRSN_RULES: RuleTable = {
  instrument: 'ahc-hrsn',
  rulesVersion: '2',
  domains: [
    {
      id: 'living-situation',
      label: 'Living situation',
      items: ['71802-3'],
      sdohCategory: 'housing-instability',
      categoryVerified: true,
      categoryByAnswer: { 'LA31994-9': 'housing-instability', 'LA31995-6': 'homelessness' },
      rule: anyOf({ '71802-3': ['LA31994-9', 'LA31995-6'] }),
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
      rule: anyOf({ '96778-6': ['LA31996-4', 'LA28580-1', 'LA31997-2', 'LA31998-0', 'LA31999-8', 'LA32000-4', 'LA32001-2'] }),
      suggestedZCodes: { 'inadequate-housing': { code: 'Z59.10', display: 'Inadequate housing, unspecified', source: `inadequate-housing: ${GRAVITY_RI}` } },
      sources: ['ahc-hrsn.json domain_scoring.living_situation', 'ahc-hrsn.json items[96778-6].positive_rule'],
    },
    {
      id: 'food',
      label: 'Food insecurity',
      items: ['88122-7', '88123-5'],
      sdohCategory: 'food-insecurity',
      categoryVerified: true,
      rule: anyOf({ '88122-7': FOOD_RISK, '88123-5': FOOD_RISK }),
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
      rule: anyOf({ '93030-5': YES }),
      suggestedZCodes: { 'transportation-insecurity': { code: 'Z59.82', display: 'Transportation insecurity', source: `transportation-insecurity: ${GRAVITY_RI}` } },
      sources: ['ahc-hrsn.json domain_scoring.transportation'],
    },
    {
      id: 'utilities',
      label: 'Utilities',
      items: ['96779-4'],
      sdohCategory: 'utility-insecurity',
      categoryVerified: true,
      rule: anyOf({ '96779-4': ['LA33-6', 'LA32002-0'] }),
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
      rule: {
        kind: 'checks',
        checks: [{ kind: 'sum', items: ['95618-5', '95617-7', '95616-9', '95615-1'], scores: HITS_SCORES, atOrAbove: 11, totalItem: '95614-4' }],
        negativeWhen: 'all-checks-complete',
      },
      safety: true,
      sources: ['ahc-hrsn.json domain_scoring.interpersonal_safety', 'ahc-hrsn-supplemental-scoring.json safety_rule_quote_cms_2021'],
      notes: [
        'All four items must be answered for a score (SHIN-NY IG); with any missing or declined the domain is incomplete.',
        'The proposed need keeps the category the reference gives (unspecified, "Interpersonal Safety"); the worker confirms it or changes it, e.g. to intimate-partner-violence.',
      ],
    },
    {
      id: 'financial-strain',
      label: 'Financial strain',
      items: ['76513-1'],
      sdohCategory: 'financial-insecurity',
      categoryVerified: false,
      rule: anyOf({ '76513-1': ['LA15832-1', 'LA22683-9'] }),
      suggestedZCodes: { 'financial-insecurity': { code: 'Z59.86', display: 'Financial insecurity', source: `financial-insecurity: ${GRAVITY_RI}` } },
      sources: [`${SUPPLEMENTAL}.financial_strain`],
    },
    {
      id: 'employment',
      label: 'Employment',
      items: ['96780-2'],
      sdohCategory: 'employment-status',
      categoryVerified: true,
      rule: anyOf({ '96780-2': ['LA31981-6', 'LA31982-4'] }),
      sources: ['ahc-hrsn.json domain_scoring.employment', `${SUPPLEMENTAL}.employment`],
      notes: ['No Z-code suggested: the listed employment code (Z56.0 Unemployment) does not fit "help keeping work".'],
    },
    {
      id: 'family-community-support',
      label: 'Family and community support',
      items: ['96781-0', '93159-2'],
      sdohCategory: 'social-connection',
      categoryVerified: false,
      rule: anyOf({ '96781-0': ['LA31978-2', 'LA31979-0'], '93159-2': ['LA10044-8', 'LA9933-8'] }),
      sources: [`${SUPPLEMENTAL}.family_and_community_support`],
      notes: ['CMS flags each item separately; the domain is positive when either flags, and the result names which.'],
    },
    {
      id: 'language',
      label: 'Language',
      items: ['97027-7'],
      sdohCategory: 'language-access',
      categoryVerified: false,
      rule: anyOf({ '97027-7': YES }),
      proposesNeed: false,
      sources: [`${SUPPLEMENTAL}.education (97027-7)`],
      notes: [
        'CMS files 97027-7 under Education and underlines Yes, so it is shown as flagged; speaking another language at home is not a social need by itself, so it proposes no referral and is recorded for language access instead (the NY example data does not flag it either).',
      ],
    },
    {
      id: 'education',
      label: 'Education',
      items: ['96782-8'],
      sdohCategory: 'sdoh-category-unspecified',
      sdohCategoryText: 'Education/Training',
      categoryVerified: true,
      rule: anyOf({ '96782-8': YES }),
      sources: ['ahc-hrsn.json domain_scoring.education', `${SUPPLEMENTAL}.education`],
    },
    {
      id: 'physical-activity',
      label: 'Physical activity',
      items: ['89555-7', '68516-4'],
      sdohCategory: 'sdoh-category-unspecified',
      sdohCategoryText: 'Physical Activity',
      categoryVerified: false,
      rule: {
        kind: 'checks',
        checks: [
          {
            kind: 'weekly-minutes',
            days: '89555-7',
            minutes: '68516-4',
            values: {
              'LA6111-4': 0,
              'LA6112-2': 1,
              'LA6113-0': 2,
              'LA6114-8': 3,
              'LA6115-5': 4,
              'LA10137-0': 5,
              'LA10138-8': 6,
              'LA10139-6': 7,
              'LA13942-0': 10,
              'LA19282-5': 20,
              'LA28855-7': 30,
              'LA28858-1': 40,
              'LA28854-0': 50,
              'LA28853-2': 60,
              'LA28891-2': 90,
              'LA32059-0': 120,
              'LA32060-8': 150,
            },
            byAge: [{ fromAge: 0 }, { fromAge: 6, below: 7 * 60 }, { fromAge: 18, below: 150 }],
          },
        ],
        negativeWhen: 'all-checks-complete',
      },
      sources: [`${SUPPLEMENTAL}.physical_activity`],
      notes: [
        '"0" is LA6111-4 on both items, so one value table serves days and minutes.',
        '"150 or greater" counts as 150 (no source gives a number; it cannot change an adult result once days ≥ 1).',
        'Age 6–17: "less than an average of 60 minutes a day" is read as fewer than 420 minutes over the 7 days of the week.',
        'Under 6 the tool says the need cannot be determined: the domain stays incomplete.',
      ],
    },
    {
      id: 'substance-use',
      label: 'Substance use',
      items: ['68517-2', '96842-0', '95530-2', '68524-8'],
      sdohCategory: 'sdoh-category-unspecified',
      sdohCategoryText: 'Substance Use',
      categoryVerified: false,
      rule: anyOf({ '68517-2': SUBSTANCE_USE, '96842-0': SUBSTANCE_USE, '95530-2': SUBSTANCE_USE, '68524-8': SUBSTANCE_USE }),
      sources: [`${SUPPLEMENTAL}.substance_use`],
    },
    {
      id: 'mental-health',
      label: 'Mental health',
      items: ['44250-9', '44255-8', '93038-8'],
      sdohCategory: 'sdoh-category-unspecified',
      sdohCategoryText: 'Mental Health',
      categoryVerified: false,
      rule: {
        kind: 'checks',
        checks: [
          { kind: 'sum', items: ['44250-9', '44255-8'], scores: PHQ_SCORES, atOrAbove: 3 },
          { kind: 'answer', item: '93038-8', answers: ['LA13863-8', 'LA13909-9', 'LA13902-4', 'LA13914-9'] },
        ],
        negativeWhen: 'all-checks-complete',
      },
      sources: [`${SUPPLEMENTAL}.mental_health`],
      notes: ['The CMS stress item has no "I choose not to answer" option; where a response carries LA30122-8 it flags nothing and leaves the check incomplete.'],
    },
    {
      id: 'disabilities',
      label: 'Disabilities',
      items: ['69858-9', '69861-3'],
      sdohCategory: 'sdoh-category-unspecified',
      sdohCategoryText: 'Disability Status',
      categoryVerified: true,
      rule: {
        kind: 'checks',
        checks: [
          { kind: 'answer', item: '69858-9', answers: YES, minAge: 5 },
          { kind: 'answer', item: '69861-3', answers: YES, minAge: 15 },
        ],
        negativeWhen: 'all-checks-complete',
      },
      sources: [`${SUPPLEMENTAL}.disabilities`],
    },
  ],
};

const PRAPARE_UNVERIFIED = 'prapare.json scoring: MISSING / UNVERIFIED';
const PRAPARE_MAP = 'prapare.json observation_and_condition_rules_from_ig_map.conditions';
const SAFETY_POLICY = 'CareLoop safety policy: a possible safety concern is always put in front of the worker';

/** PRAPARE has no verified scoring: one domain per item, with the IG StructureMap's category. */
function prapareDomain(id: string, label: string, item: string, sdohCategory: string, more: Partial<DomainDefinition> = {}): DomainDefinition {
  return {
    id,
    label,
    items: [item],
    sdohCategory,
    categoryVerified: true,
    rule: { kind: 'unverified' },
    ...more,
    sources: [...(more.sources ?? [PRAPARE_UNVERIFIED]), `prapare.json items[${item}].sdoh_category (sdohcc-ig-prapare-map)`],
  };
}

export const PRAPARE_RULES: RuleTable = {
  instrument: 'prapare',
  rulesVersion: '2',
  domains: [
    prapareDomain('hispanic-or-latino', 'Hispanic or Latino', '56051-6', 'sdoh-category-unspecified'),
    prapareDomain('race', 'Race', '32624-9', 'sdoh-category-unspecified'),
    prapareDomain('farm-work', 'Seasonal or migrant farm work', '93035-4', 'sdoh-category-unspecified'),
    prapareDomain('veteran-status', 'Armed forces', '93034-7', 'veteran-status'),
    prapareDomain('preferred-language', 'Preferred language', '54899-0', 'sdoh-category-unspecified'),
    prapareDomain('household-size', 'Household size', '63512-8', 'sdoh-category-unspecified'),
    prapareDomain('housing-status', 'Housing status', '71802-3', 'homelessness', {
      rule: anyOf({ '71802-3': ['LA30190-5'] }, 'never'),
      suggestedZCodes: { homelessness: { code: 'Z59.0', display: 'Homelessness', source: `${PRAPARE_MAP}[0].condition_code` } },
      sources: [`${PRAPARE_MAP}[0]`],
      notes: ['The IG StructureMap derives an unconfirmed homelessness Condition from "I do not have housing"; CareLoop proposes it as an unconfirmed need. No other answer is scored.'],
    }),
    prapareDomain('housing-worry', 'Worried about losing housing', '93033-9', 'housing-instability'),
    prapareDomain('address', 'Address', '56799-0', 'sdoh-category-unspecified'),
    prapareDomain('education', 'Education', '82589-3', 'educational-attainment'),
    prapareDomain('employment', 'Employment', '67875-5', 'employment-status', {
      rule: anyOf({ '67875-5': ['LA17956-6'] }, 'never'),
      suggestedZCodes: { 'employment-status': { code: 'Z56.0', display: 'Unemployment, unspecified', source: `${PRAPARE_MAP}[1].condition_code` } },
      sources: [`${PRAPARE_MAP}[1]`],
      notes: ['The IG StructureMap derives an unconfirmed unemployment Condition from "Unemployed"; CareLoop proposes it as an unconfirmed need. No other answer is scored.'],
    }),
    prapareDomain('insurance', 'Insurance', '76437-3', 'health-insurance-coverage-status'),
    prapareDomain('income', 'Income', '63586-2', 'sdoh-category-unspecified'),
    prapareDomain('material-security', 'Unable to get necessities', '93031-3', 'material-hardship'),
    prapareDomain('transportation', 'Transportation', '93030-5', 'transportation-insecurity'),
    prapareDomain('social-integration', 'Social connection', '93029-7', 'social-connection'),
    prapareDomain('stress', 'Stress', '93038-8', 'stress'),
    prapareDomain('incarceration', 'Incarceration', '93028-9', 'sdoh-category-unspecified'),
    prapareDomain('refugee-status', 'Refugee status', '93027-1', 'sdoh-category-unspecified'),
    prapareDomain('safety', 'Safety where you live', '93026-3', 'sdoh-category-unspecified', {
      sdohCategoryText: 'Safety',
      rule: anyOf({ '93026-3': ['LA32-8', 'LA14072-5'] }, 'never'),
      safety: true,
      sources: [SAFETY_POLICY],
      notes: ['Not feeling safe, or being unsure, raises the safety alert and proposes a safety need for the worker to confirm or change. This is not a PRAPARE score: the other answers are not scored.'],
    }),
    prapareDomain('partner-violence', 'Afraid of partner or ex-partner', '76501-6', 'intimate-partner-violence', {
      rule: anyOf({ '76501-6': YES }, 'never'),
      safety: true,
      sources: [SAFETY_POLICY],
      notes: ['Being afraid of a partner raises the safety alert and proposes an intimate-partner-violence need for the worker to confirm or change. This is not a PRAPARE score: "No" is not scored.'],
    }),
  ],
};

export const RULE_TABLES: Readonly<Record<InstrumentId, RuleTable>> = {
  'hunger-vital-sign': HUNGER_VITAL_SIGN_RULES,
  'ahc-hrsn': AHC_HRSN_RULES,
  prapare: PRAPARE_RULES,
};

/** The items whose answers a check reads. */
export function checkItems(check: ItemCheck): readonly string[] {
  if (check.kind === 'answer') return [check.item];
  if (check.kind === 'sum') return check.items;
  return [check.days, check.minutes];
}
