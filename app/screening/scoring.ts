// Pure screening scoring: instrument definitions + the rule table in, domain results and needs out.
// No I/O. Compiled once per instrument into lookup tables so that scoring stays allocation-light.
import type {
  AbsentReason,
  AnswerProblem,
  DomainOutcome,
  DomainScore,
  IdentifiedNeed,
  InstrumentDefinition,
  InstrumentId,
  InstrumentItem,
  ItemAnswer,
  RecordedAnswer,
  ScreeningAnswers,
  ScreeningScore,
} from './instrument.js';
import { getInstrument, isInstrumentId } from './instruments/index.js';
import { RULE_TABLES, type DomainDefinition, type RuleTable } from './rules.js';
import { CONTROL_CHARACTER_MESSAGE, hasNulCharacter } from '../validation/text.js';

const ABSENT_REASONS: ReadonlySet<string> = new Set<AbsentReason>(['asked-declined', 'not-asked']);

interface CompiledItem {
  item: InstrumentItem;
  options: ReadonlyMap<string, { exclusive: boolean; display: string }>;
}

interface CompiledDomain {
  definition: DomainDefinition;
  items: readonly CompiledItem[];
  risk?: ReadonlyMap<string, ReadonlySet<string>>;
  scores?: ReadonlyMap<string, number>;
  derivedDisplays?: { positive: string; negative: string };
}

interface CompiledInstrument {
  instrument: InstrumentDefinition;
  rules: RuleTable;
  items: ReadonlyMap<string, CompiledItem>;
  derivedCodes: ReadonlySet<string>;
  domains: readonly CompiledDomain[];
  hasSkipLogic: boolean;
}

const compiledCache = new Map<InstrumentId, CompiledInstrument>();

function compile(instrumentId: InstrumentId): CompiledInstrument {
  const cached = compiledCache.get(instrumentId);
  if (cached) return cached;
  const instrument = getInstrument(instrumentId);
  const rules = RULE_TABLES[instrumentId];
  const items = new Map<string, CompiledItem>();
  for (const item of instrument.items) {
    items.set(item.code, {
      item,
      options: new Map(item.answers.map((option) => [option.code, { exclusive: option.exclusive === true, display: option.display }])),
    });
  }
  const domains = rules.domains.map((definition): CompiledDomain => {
    const domainItems = definition.items.map((code) => {
      const compiled = items.get(code);
      if (!compiled) throw new Error(`Rule table ${instrumentId}/${definition.id} names unknown item ${code}`);
      return compiled;
    });
    const compiled: CompiledDomain = { definition, items: domainItems };
    if (definition.rule.kind === 'any-of') {
      compiled.risk = new Map(Object.entries(definition.rule.riskAnswers).map(([code, answers]) => [code, new Set(answers)]));
    } else if (definition.rule.kind === 'sum') {
      compiled.scores = new Map(Object.entries(definition.rule.scores));
    }
    if (definition.derived) {
      const derivedItem = instrument.derivedItems.find((item) => item.code === definition.derived!.item);
      const display = (code: string) => derivedItem?.answers.find((answer) => answer.code === code)?.display ?? code;
      compiled.derivedDisplays = { positive: display(definition.derived.positive), negative: display(definition.derived.negative) };
    }
    return compiled;
  });
  const result: CompiledInstrument = {
    instrument,
    rules,
    items,
    derivedCodes: new Set(instrument.derivedItems.map((item) => item.code)),
    domains,
    hasSkipLogic: instrument.items.some((item) => item.enableWhen && item.enableWhen.length > 0),
  };
  compiledCache.set(instrumentId, result);
  return result;
}

/** An item recorded without an answer, with the reason (FHIR data-absent-reason). */
export function isAbsent(answer: ItemAnswer | undefined): answer is { absent: AbsentReason } {
  return typeof answer === 'object' && answer !== null && !Array.isArray(answer) && 'absent' in answer;
}

/** The answer codes given for an item (empty when none). */
export function answerCodes(answer: ItemAnswer | undefined): readonly string[] {
  if (typeof answer === 'string') return [answer];
  if (Array.isArray(answer)) return answer as readonly string[];
  return [];
}

function hasAnswer(item: InstrumentItem, answer: ItemAnswer | undefined): boolean {
  if (answer === undefined || isAbsent(answer)) return false;
  if (item.kind === 'choice') return answerCodes(answer).length > 0;
  if (item.kind === 'string') return typeof answer === 'string' && answer.trim() !== '';
  return typeof answer === 'number' && Number.isFinite(answer);
}

/**
 * Skip logic: whether the item is asked, given the other answers. Items without enableWhen are always
 * asked. '!=' holds only for an answered controlling item none of whose codes is the given one.
 */
export function isItemEnabled(instrument: InstrumentDefinition, item: InstrumentItem, answers: ScreeningAnswers): boolean {
  if (!item.enableWhen || item.enableWhen.length === 0) return true;
  const holds = item.enableWhen.map((condition) => {
    const controlling = instrument.items.find((candidate) => candidate.code === condition.question);
    const given = answers[condition.question];
    const answered = controlling ? hasAnswer(controlling, given) : false;
    if (condition.operator === 'exists') return answered === condition.answer;
    const codes = answerCodes(given);
    if (condition.operator === '=') return codes.includes(String(condition.answer));
    return answered && !codes.includes(String(condition.answer));
  });
  return item.enableBehavior === 'any' ? holds.some(Boolean) : holds.every(Boolean);
}

// Results are built with one fixed shape per object kind (absent fields are undefined, which JSON
// drops): monomorphic objects keep scoring well above 100,000 screenings/second.
function record(compiled: CompiledItem, answer: ItemAnswer | undefined, enabled: boolean): RecordedAnswer {
  const item = compiled.item;
  let status: RecordedAnswer['status'];
  let codes: readonly string[] | undefined;
  let value: number | string | undefined;
  if (!enabled) status = 'not-asked';
  else if (answer === undefined) status = 'missing';
  else if (isAbsent(answer)) status = answer.absent;
  else if (!hasAnswer(item, answer)) status = 'missing';
  else {
    status = 'answered';
    if (item.kind === 'choice') codes = typeof answer === 'string' ? [answer] : (answer as readonly string[]);
    else value = answer as number | string;
  }
  return { item: item.code, status, codes, value, atRisk: undefined, score: undefined };
}

function scoreDomain(compiled: CompiledDomain, answers: ScreeningAnswers, enabled: (item: InstrumentItem) => boolean): DomainScore {
  const { definition } = compiled;
  const count = compiled.items.length;
  const records: RecordedAnswer[] = [];
  let answered = 0;
  let applicable = 0;
  for (let index = 0; index < count; index++) {
    const item = compiled.items[index];
    const isEnabled = enabled(item.item);
    const entry = record(item, answers[item.item.code], isEnabled);
    records.push(entry);
    if (isEnabled) applicable++;
    if (entry.status === 'answered') answered++;
  }
  const rule = definition.rule;
  let result: DomainOutcome;
  let sdohCategory = definition.sdohCategory;
  let score: number | undefined;
  let partialScore: number | undefined;
  let derived: DomainScore['derived'];

  if (rule.kind === 'unverified') {
    result = answered > 0 ? 'review' : 'incomplete';
  } else if (rule.kind === 'sum') {
    // A partial sum is not a score: only a complete set of scored answers counts.
    let total = 0;
    let scored = 0;
    for (let index = 0; index < count; index++) {
      const entry = records[index];
      if (entry.status !== 'answered') continue;
      const itemScore = compiled.scores!.get(entry.codes![0]);
      if (itemScore === undefined) continue;
      (entry as { score?: number }).score = itemScore;
      total += itemScore;
      scored++;
    }
    if (scored === count) {
      result = total >= rule.positiveAtOrAbove ? 'positive' : 'negative';
      score = total;
      if (rule.totalItem) derived = { item: rule.totalItem, code: undefined, display: undefined, value: total };
    } else {
      result = 'incomplete';
      if (scored > 0) partialScore = total;
    }
  } else {
    let riskCode: string | undefined;
    for (let index = 0; index < count; index++) {
      const entry = records[index];
      if (entry.status !== 'answered') continue;
      const risky = compiled.risk!.get(entry.item);
      let hit: string | undefined;
      if (risky) {
        for (const code of entry.codes!) {
          if (risky.has(code)) {
            hit = code;
            break;
          }
        }
      }
      (entry as { atRisk?: boolean }).atRisk = hit !== undefined;
      if (hit !== undefined && riskCode === undefined) riskCode = hit;
    }
    if (riskCode !== undefined) result = 'positive';
    else if (rule.negativeWhen === 'any-item-answered' ? answered > 0 : answered === applicable && applicable > 0) result = 'negative';
    else result = 'incomplete';
    if (result === 'positive') sdohCategory = definition.categoryByAnswer?.[riskCode!] ?? definition.sdohCategory;
    if (definition.derived && result !== 'incomplete') {
      const positive = result === 'positive';
      derived = {
        item: definition.derived.item,
        code: positive ? definition.derived.positive : definition.derived.negative,
        display: positive ? compiled.derivedDisplays!.positive : compiled.derivedDisplays!.negative,
        value: undefined,
      };
    }
  }
  return {
    domain: definition.id,
    label: definition.label,
    sdohCategory,
    sdohCategoryText: definition.sdohCategoryText,
    result,
    score,
    partialScore,
    derived,
    answers: records,
  };
}

/**
 * Scores one screening. Answers should have passed validateAnswers(); scoring itself never throws for
 * answers of the instrument's items, and treats an unknown code as a non-risk answer.
 */
export function scoreScreening(instrumentId: InstrumentId, answers: ScreeningAnswers): ScreeningScore {
  const compiled = compile(instrumentId);
  const enabledCache = new Map<string, boolean>();
  const enabled = compiled.hasSkipLogic
    ? (item: InstrumentItem) => {
        let value = enabledCache.get(item.code);
        if (value === undefined) enabledCache.set(item.code, (value = isItemEnabled(compiled.instrument, item, answers)));
        return value;
      }
    : () => true;
  const domains: DomainScore[] = new Array(compiled.domains.length);
  const needs: IdentifiedNeed[] = [];
  for (let index = 0; index < compiled.domains.length; index++) {
    const domain = scoreDomain(compiled.domains[index], answers, enabled);
    domains[index] = domain;
    if (domain.result !== 'positive') continue;
    const definition = compiled.domains[index].definition;
    const suggestion = definition.suggestedZCodes?.[domain.sdohCategory];
    needs.push({
      sdohCategory: domain.sdohCategory,
      sdohCategoryText: domain.sdohCategoryText,
      domain: domain.domain,
      suggestedZCode: suggestion ? { code: suggestion.code, display: suggestion.display } : undefined,
    });
  }
  return { instrument: compiled.instrument.id, version: compiled.instrument.version, rulesVersion: compiled.rules.rulesVersion, domains, needs };
}

const quote = (text: string) => `"${text}"`;

function problemWith(compiled: CompiledInstrument, code: string, answer: unknown, answers: ScreeningAnswers): string | undefined {
  const compiledItem = compiled.items.get(code);
  if (!compiledItem) {
    return compiled.derivedCodes.has(code)
      ? `${code} is calculated from other answers and cannot be answered.`
      : `${code} is not an item of ${compiled.instrument.title}.`;
  }
  const { item, options } = compiledItem;
  if (typeof answer === 'object' && answer !== null && !Array.isArray(answer)) {
    const reason = (answer as { absent?: unknown }).absent;
    if (Object.keys(answer).length !== 1 || typeof reason !== 'string' || !ABSENT_REASONS.has(reason)) {
      return 'An item without an answer must say why: { absent: "asked-declined" } or { absent: "not-asked" }.';
    }
    return undefined;
  }
  if (compiled.hasSkipLogic && !isItemEnabled(compiled.instrument, item, answers)) {
    return 'This question is not asked given the other answers; leave it unanswered.';
  }
  if (item.kind === 'choice') {
    const codes = typeof answer === 'string' ? [answer] : answer;
    if (!Array.isArray(codes) || codes.some((entry) => typeof entry !== 'string')) {
      return item.repeats ? 'Expected a list of answer codes.' : 'Expected one answer code.';
    }
    if (codes.length === 0) return 'No answer selected: choose an answer, or record why there is none.';
    let unknown: string[] | undefined;
    for (const entry of codes as string[]) if (!options.has(entry)) (unknown ??= []).push(entry);
    if (unknown) return `${unknown.map(quote).join(', ')} ${unknown.length === 1 ? 'is not an answer' : 'are not answers'} to this question.`;
    if (codes.length === 1) return undefined;
    if (!item.repeats) return 'Choose only one answer.';
    if (new Set(codes).size !== codes.length) return 'The same answer is selected twice.';
    const exclusive = (codes as string[]).find((entry) => options.get(entry)!.exclusive);
    if (exclusive) return `${quote(options.get(exclusive)!.display)} cannot be combined with other answers.`;
    return undefined;
  }
  if (item.kind === 'string') {
    if (typeof answer !== 'string') return 'Expected text.';
    if (answer.length > 1000) return 'The answer is too long (at most 1000 characters).';
    if (hasNulCharacter(answer)) return CONTROL_CHARACTER_MESSAGE;
    return undefined;
  }
  if (typeof answer !== 'number' || !Number.isFinite(answer)) return 'Expected a number.';
  if (item.kind === 'integer' && !Number.isInteger(answer)) return 'Expected a whole number.';
  if (answer < 0) return 'Expected a number of zero or more.';
  return undefined;
}

/**
 * Everything wrong with a set of answers, as field-level messages: unknown item, unknown answer code,
 * several answers to a single-choice item, an exclusive option ("None of the above") with others,
 * a value of the wrong type, an answer to an item the skip logic does not ask.
 */
export function validateAnswers(instrumentId: string, answers: unknown): AnswerProblem[] {
  if (!isInstrumentId(instrumentId)) return [{ item: '', message: `Unknown screening instrument ${quote(String(instrumentId))}.` }];
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return [{ item: '', message: 'Answers must be an object keyed by item LOINC code.' }];
  }
  const compiled = compile(instrumentId);
  const problems: AnswerProblem[] = [];
  const given = answers as Record<string, unknown>;
  for (const code of Object.keys(given)) {
    const answer = given[code];
    if (answer === undefined) continue;
    const message = problemWith(compiled, code, answer, answers as ScreeningAnswers);
    if (message) problems.push({ item: code, message });
  }
  return problems;
}

/**
 * Reads a posted screening form: one field per item named by its LOINC code (repeated for a
 * multi-select), and `absent:<code>` = asked-declined | not-asked for an item without an answer.
 * The result goes through validateAnswers(); nothing is coerced silently.
 */
export function answersFromForm(instrumentId: InstrumentId, form: { getAll(name: string): unknown[] }): Record<string, ItemAnswer> {
  const answers: Record<string, ItemAnswer> = {};
  for (const item of getInstrument(instrumentId).items) {
    const values = form.getAll(item.code).filter((value): value is string => typeof value === 'string' && value.trim() !== '');
    const absent = form.getAll(`absent:${item.code}`).find((value): value is string => typeof value === 'string' && value !== '');
    if (values.length === 0) {
      if (absent) answers[item.code] = { absent: absent as AbsentReason };
      continue;
    }
    if (item.kind === 'choice') answers[item.code] = item.repeats || values.length > 1 ? values : values[0];
    else if (item.kind === 'string') answers[item.code] = values[0];
    else answers[item.code] = /^-?\d+(\.\d+)?$/.test(values[0].trim()) ? Number(values[0]) : values[0];
  }
  return answers;
}

export interface ScoreSummary {
  instrument: InstrumentId;
  version: string;
  domains: Array<{ domain: string; sdohCategory: string; sdohCategoryText?: string; result: DomainOutcome; score?: number }>;
  needs: IdentifiedNeed[];
}

/** What the CLI and the API answer: the results without the answers behind them. */
export function summarizeScore(score: ScreeningScore): ScoreSummary {
  return {
    instrument: score.instrument,
    version: score.version,
    domains: score.domains.map((domain) => ({
      domain: domain.domain,
      sdohCategory: domain.sdohCategory,
      ...(domain.sdohCategoryText ? { sdohCategoryText: domain.sdohCategoryText } : {}),
      result: domain.result,
      ...(domain.score !== undefined ? { score: domain.score } : {}),
    })),
    needs: score.needs,
  };
}
