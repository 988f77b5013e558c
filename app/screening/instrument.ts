export interface AnswerOption {
  code: string;
  display: string;
}

export interface InstrumentItem {
  linkId: string;
  code: string;
  text: string;
  answers: readonly AnswerOption[];
}

export interface InstrumentDefinition {
  id: string;
  version: string;
  title: string;
  panel: { system: string; code: string };
  items: readonly InstrumentItem[];
  derived: { linkId: string; code: string; text: string; atRisk: AnswerOption; noRisk: AnswerOption };
  riskAnswers: readonly string[];
  sdohCategory: string;
}

/** Answer codes keyed by item LOINC code; a missing key means the item was not answered. */
export type Answers = Record<string, string | undefined>;

export type DomainResult = 'positive' | 'negative' | 'incomplete';

export interface ScreeningResult {
  instrument: string;
  domains: Array<{
    domain: string;
    sdohCategory: string;
    result: DomainResult;
    derived: { code: string; answer: AnswerOption | null };
  }>;
  needs: string[];
}
