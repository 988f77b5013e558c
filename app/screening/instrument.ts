// Screening instruments as versioned data, and the shapes of answers and results.
// Definitions are generated from the screener reference (app/screening/reference) by scripts/screeners-generate.ts.

export const LOINC = 'http://loinc.org';

export type InstrumentId = 'hunger-vital-sign' | 'ahc-hrsn' | 'prapare';
export type Language = 'en' | 'es';

export interface AnswerOption {
  /** LOINC answer code (LA…); the system is always LOINC. */
  code: string;
  display: string;
  /** Cannot be combined with another option of the same multi-select item ("None of the above"). */
  exclusive?: true;
  /** Item score where the reference gives one (HITS Never=1 … Frequently=5, PHQ 0–3). */
  score?: number;
  /** The item's own "won't answer" option ("I choose not to answer this question"). */
  declines?: true;
  /** The text the official form prints, where it differs from the LOINC display (which FHIR keeps). */
  text?: string;
}

/** How an item is answered: choice = LOINC answer code(s); integer/decimal = a number; string = free text. */
export type ItemKind = 'choice' | 'integer' | 'decimal' | 'string';

/**
 * FHIR Questionnaire.item.enableWhen, restricted to what CareLoop renders: an item is shown when the
 * condition(s) hold. No item in the shared reference has skip logic today; the shape is here so that
 * a verified one is data, not code.
 */
export interface EnableWhen {
  /** LOINC code of the controlling item. */
  question: string;
  operator: 'exists' | '=' | '!=';
  /** An answer code for '=' / '!='; true/false for 'exists'. */
  answer: string | boolean;
}

export interface SdohCategoryRef {
  code: string;
  /** CodeableConcept.text, for sdoh-category-unspecified (e.g. 'Interpersonal Safety'). */
  text?: string;
  /** False when the reference marks the category as an UNVERIFIED candidate. */
  verified: boolean;
}

export interface InstrumentItem {
  /** linkId as in the reference QuestionnaireResponses ('/88122-7', '/93043-8/56051-6'). */
  linkId: string;
  /** LOINC question code; answers are keyed by it. */
  code: string;
  /** LOINC display used for Observation.code. */
  codeDisplay: string;
  /** English text from the reference; `textSource` names where it came from. */
  text: string;
  textSource: string;
  kind: ItemKind;
  /** Multi-select ("choose all that apply"). */
  repeats: boolean;
  answers: readonly AnswerOption[];
  /** PRAPARE: linkId of the group the item sits in. */
  group?: string;
  /** AHC HRSN: core or supplemental question. */
  section?: 'core' | 'supplemental';
  unit?: { system: string; code: string };
  enableWhen?: readonly EnableWhen[];
  enableBehavior?: 'all' | 'any';
  sdohCategories: readonly SdohCategoryRef[];
}

/** An item computed from others (HVS 88124-3, AHC HITS total 95614-4); never asked. */
export interface DerivedItem {
  linkId: string;
  code: string;
  codeDisplay: string;
  text: string;
  kind: 'choice' | 'integer';
  answers: readonly AnswerOption[];
  sdohCategories: readonly SdohCategoryRef[];
}

export interface ItemGroup {
  linkId: string;
  code: string;
  codeDisplay: string;
  text: string;
}

export interface InstrumentDefinition {
  id: InstrumentId;
  version: string;
  title: string;
  panel: { system: string; code: string; display: string };
  /** Questionnaire canonicals that identify this instrument in a QuestionnaireResponse (first = the one we write). */
  questionnaires: readonly string[];
  /** PRAPARE wraps its groups in one root item with this linkId. */
  rootLinkId?: string;
  groups: readonly ItemGroup[];
  items: readonly InstrumentItem[];
  derivedItems: readonly DerivedItem[];
  copyright?: string;
  /** Reference files and what the definition was checked against. */
  sources: readonly string[];
}

// ---- answers ---------------------------------------------------------------------------------

/** FHIR data-absent-reason codes CareLoop records for an item the patient did not answer. */
export type AbsentReason = 'asked-declined' | 'not-asked';

/**
 * One item's answer: an answer code (single choice), answer codes (multi-select), a number
 * (integer/decimal items), free text (string items), or why there is no answer.
 */
export type ItemAnswer = string | readonly string[] | number | { readonly absent: AbsentReason };

/** Answers keyed by the item's LOINC code. A missing key means nothing was recorded for the item. */
export type ScreeningAnswers = Readonly<Record<string, ItemAnswer | undefined>>;

export interface AnswerProblem {
  /** LOINC item code ('' for the whole screening). */
  item: string;
  message: string;
}

// ---- results ---------------------------------------------------------------------------------

export type DomainOutcome = 'positive' | 'negative' | 'incomplete' | 'review';

export interface RecordedAnswer {
  item: string;
  status: 'answered' | AbsentReason | 'missing';
  codes?: readonly string[];
  value?: number | string;
  /** True for answers the domain's verified rule treats as a risk; absent when the rule is unverified. */
  atRisk?: boolean;
  score?: number;
}

export interface ZCodeSuggestion {
  code: string;
  display: string;
}

/** Why a domain is incomplete although its items may be answered. */
export type IncompleteReason =
  /** An age-dependent rule, and the patient's age is unknown. */
  | 'age-unknown'
  /** The rule does not apply at the patient's age (e.g. physical activity under 6). */
  | 'not-at-this-age';

export interface DomainScore {
  domain: string;
  label: string;
  sdohCategory: string;
  sdohCategoryText?: string;
  result: DomainOutcome;
  /** Incomplete for a reason other than unanswered items. */
  incompleteReason?: IncompleteReason;
  /** The items that flagged a possible need (positive results only). */
  flaggedItems?: readonly string[];
  /** A positive safety domain: the result and the patient page show the safety alert. */
  safety?: boolean;
  /** Positive, but no referral need is proposed (recorded only, e.g. language spoken at home). */
  proposesNeed?: boolean;
  score?: number;
  /** Physical activity: days × minutes of exercise a week. */
  weeklyMinutes?: number;
  /**
   * Sum-rule domain left incomplete: the sum over the items that were answered. Not a score and never
   * a result; shown so that, e.g., a partly answered safety screen already at the threshold is seen.
   */
  partialScore?: number;
  /** Derived answer the instrument defines (HVS 88124-3 'At risk' / 'No risk'). */
  derived?: { item: string; code?: string; display?: string; value?: number };
  answers: readonly RecordedAnswer[];
}

export interface IdentifiedNeed {
  sdohCategory: string;
  sdohCategoryText?: string;
  domain: string;
  /** The items whose answers flagged the need: its evidence. */
  evidenceItems: readonly string[];
  /** From a safety domain: kept out of handouts, SMS and, without item-by-item consent, the receiving side. */
  safety?: boolean;
  /** A suggestion for the clinician, from the Gravity reference lists; never applied automatically. */
  suggestedZCode?: ZCodeSuggestion;
}

export interface ScreeningScore {
  instrument: InstrumentId;
  version: string;
  rulesVersion: string;
  /** The patient's age in years at the screening date, when known (age-dependent rules use it). */
  age?: number;
  domains: DomainScore[];
  needs: IdentifiedNeed[];
  /** A safety domain is positive: show the safety alert. */
  safetyAlert?: boolean;
}
