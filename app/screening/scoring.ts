// Pure screening scoring: instrument definitions + the rule table in, domain results and needs out.
// No I/O. Compiled once per instrument into lookup tables so that scoring stays allocation-light.
import type {
  AbsentReason,
  AnswerProblem,
  DomainOutcome,
  DomainScore,
  IdentifiedNeed,
  IncompleteReason,
  InstrumentDefinition,
  InstrumentId,
  InstrumentItem,
  ItemAnswer,
  RecordedAnswer,
  ScreeningAnswers,
  ScreeningScore,
} from './instrument.js';
import { getInstrument, isInstrumentId } from './instruments/index.js';
import { DECLINING_ANSWERS, RULE_TABLES, checkItems, type DomainDefinition, type ItemCheck, type RuleTable, type WeeklyMinutesBand } from './rules.js';

const ABSENT_REASONS: ReadonlySet<string> = new Set<AbsentReason>(['asked-declined', 'not-asked']);

interface CompiledItem {
  item: InstrumentItem;
  options: ReadonlyMap<string, { exclusive: boolean; display: string }>;
}

/** A check with its items' positions in the domain, and their codes (named when the check flags). */
type CompiledCheck = { itemCodes: readonly string[] } & (
  | { kind: 'answer'; index: number; flags: ReadonlySet<string>; minAge?: number }
  | { kind: 'sum'; indexes: readonly number[]; scores: ReadonlyMap<string, number>; atOrAbove: number; totalItem?: string }
  | { kind: 'weekly-minutes'; days: number; minutes: number; values: ReadonlyMap<string, number>; byAge: readonly WeeklyMinutesBand[] }
);

interface CompiledDomain {
  definition: DomainDefinition;
  items: readonly CompiledItem[];
  checks?: readonly CompiledCheck[];
  negativeWhen?: 'all-checks-complete' | 'any-item-answered' | 'never';
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

function compileCheck(check: ItemCheck, indexOf: (code: string) => number): CompiledCheck {
  const itemCodes = checkItems(check);
  if (check.kind === 'answer') return { kind: 'answer', itemCodes, index: indexOf(check.item), flags: new Set(check.answers), minAge: check.minAge };
  if (check.kind === 'sum') {
    return { kind: 'sum', itemCodes, indexes: check.items.map(indexOf), scores: new Map(Object.entries(check.scores)), atOrAbove: check.atOrAbove, totalItem: check.totalItem };
  }
  return { kind: 'weekly-minutes', itemCodes, days: indexOf(check.days), minutes: indexOf(check.minutes), values: new Map(Object.entries(check.values)), byAge: check.byAge };
}

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
    const indexOf = (code: string) => {
      const index = definition.items.indexOf(code);
      if (index < 0) throw new Error(`Rule table ${instrumentId}/${definition.id}: a check reads ${code}, which is not one of its items`);
      return index;
    };
    const compiled: CompiledDomain = { definition, items: domainItems };
    if (definition.rule.kind === 'checks') {
      compiled.checks = definition.rule.checks.map((check) => compileCheck(check, indexOf));
      compiled.negativeWhen = definition.rule.negativeWhen;
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

/** What the patient context adds to the answers: the age (years) at the screening date, when known. */
export interface ScoringContext {
  age?: number;
}

type CheckState = 'flag' | 'clear' | 'open' | 'not-applicable';

interface CheckOutcome {
  state: CheckState;
  reason?: IncompleteReason;
  total?: number;
  partial?: number;
  weeklyMinutes?: number;
  flaggedCode?: string;
}

const answeredCodes = (entry: RecordedAnswer) => (entry.status === 'answered' ? entry.codes : undefined);

function runCheck(check: CompiledCheck, records: RecordedAnswer[], asked: readonly boolean[], age: number | undefined): CheckOutcome {
  if (check.kind === 'answer') {
    const entry = records[check.index];
    if (!asked[check.index]) return { state: 'not-applicable' };
    if (check.minAge !== undefined) {
      if (age === undefined) return { state: 'open', reason: 'age-unknown' };
      if (age < check.minAge) return { state: 'not-applicable' };
    }
    const codes = answeredCodes(entry);
    if (!codes) return { state: 'open' };
    let flagged: string | undefined;
    let declining = true;
    for (const code of codes) {
      if (flagged === undefined && check.flags.has(code)) flagged = code;
      if (!DECLINING_ANSWERS.has(code)) declining = false;
    }
    (entry as { atRisk?: boolean }).atRisk = flagged !== undefined;
    if (flagged !== undefined) return { state: 'flag', flaggedCode: flagged };
    return { state: declining ? 'open' : 'clear' };
  }
  if (check.kind === 'sum') {
    // A partial sum is not a score: only a complete set of scored answers counts.
    let total = 0;
    let scored = 0;
    for (const index of check.indexes) {
      const codes = answeredCodes(records[index]);
      const itemScore = codes ? check.scores.get(codes[0]) : undefined;
      if (itemScore === undefined) continue;
      (records[index] as { score?: number }).score = itemScore;
      total += itemScore;
      scored++;
    }
    if (scored < check.indexes.length) return { state: 'open', partial: scored > 0 ? total : undefined };
    return { state: total >= check.atOrAbove ? 'flag' : 'clear', total };
  }
  if (age === undefined) return { state: 'open', reason: 'age-unknown' };
  if (weeklyMinutesFlag(0, age, check.byAge) === 'not-at-this-age') return { state: 'open', reason: 'not-at-this-age' };
  const valueOf = (index: number) => {
    const codes = answeredCodes(records[index]);
    return codes ? check.values.get(codes[0]) : undefined;
  };
  const days = valueOf(check.days);
  const minutes = valueOf(check.minutes);
  // No exercise days (or no minutes) is no exercise, whatever the other item says.
  const weeklyMinutes = days === 0 || minutes === 0 ? 0 : days !== undefined && minutes !== undefined ? days * minutes : undefined;
  if (weeklyMinutes === undefined) return { state: 'open' };
  return { state: weeklyMinutesFlag(weeklyMinutes, age, check.byAge) as 'flag' | 'clear', weeklyMinutes };
}

/** Whether minutes of exercise a week flag a need at this age, or the tool cannot tell at this age. */
export function weeklyMinutesFlag(weeklyMinutes: number, age: number, byAge: readonly WeeklyMinutesBand[]): 'flag' | 'clear' | 'not-at-this-age' {
  let band: WeeklyMinutesBand | undefined;
  for (const candidate of byAge) if (candidate.fromAge <= age) band = candidate;
  if (!band || band.below === undefined) return 'not-at-this-age';
  return weeklyMinutes < band.below ? 'flag' : 'clear';
}

function scoreDomain(
  compiled: CompiledDomain,
  answers: ScreeningAnswers,
  enabled: (item: InstrumentItem) => boolean,
  age: number | undefined,
): DomainScore {
  const { definition } = compiled;
  const count = compiled.items.length;
  const records: RecordedAnswer[] = [];
  const asked: boolean[] = [];
  let answered = 0;
  for (let index = 0; index < count; index++) {
    const item = compiled.items[index];
    const isAsked = enabled(item.item);
    const entry = record(item, answers[item.item.code], isAsked);
    records.push(entry);
    asked.push(isAsked);
    if (entry.status === 'answered') answered++;
  }
  let result: DomainOutcome;
  let sdohCategory = definition.sdohCategory;
  let score: number | undefined;
  let partialScore: number | undefined;
  let weeklyMinutes: number | undefined;
  let incompleteReason: IncompleteReason | undefined;
  let flaggedItems: readonly string[] | undefined;
  let derived: DomainScore['derived'];

  if (!compiled.checks) {
    result = answered > 0 ? 'review' : 'incomplete';
  } else {
    let flaggedCode: string | undefined;
    let applicable = 0;
    let clear = 0;
    let totalItem: string | undefined;
    for (const check of compiled.checks) {
      const outcome = runCheck(check, records, asked, age);
      if (outcome.total !== undefined) score = outcome.total;
      if (outcome.partial !== undefined) partialScore = outcome.partial;
      if (outcome.weeklyMinutes !== undefined) weeklyMinutes = outcome.weeklyMinutes;
      if (check.kind === 'sum' && outcome.total !== undefined) totalItem = check.totalItem;
      if (outcome.state === 'not-applicable') continue;
      applicable++;
      if (outcome.state === 'flag') {
        flaggedItems = flaggedItems ? [...flaggedItems, ...check.itemCodes] : check.itemCodes;
        flaggedCode ??= outcome.flaggedCode;
      } else if (outcome.state === 'clear') clear++;
      else incompleteReason ??= outcome.reason;
    }
    if (flaggedItems) result = 'positive';
    else if (compiled.negativeWhen === 'never') result = answered > 0 ? 'review' : 'incomplete';
    else if (compiled.negativeWhen === 'any-item-answered') result = answered > 0 ? 'negative' : 'incomplete';
    else result = applicable > 0 && clear === applicable ? 'negative' : 'incomplete';
    if (applicable === 0) incompleteReason = 'not-at-this-age';
    if (result !== 'incomplete') incompleteReason = undefined;
    if (result !== 'incomplete' || score !== undefined) partialScore = undefined;
    if (result === 'positive' && flaggedCode !== undefined) sdohCategory = definition.categoryByAnswer?.[flaggedCode] ?? definition.sdohCategory;
    if (totalItem && score !== undefined) derived = { item: totalItem, code: undefined, display: undefined, value: score };
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
  const positive = result === 'positive';
  return {
    domain: definition.id,
    label: definition.label,
    sdohCategory,
    sdohCategoryText: definition.sdohCategoryText,
    result,
    incompleteReason,
    flaggedItems,
    safety: positive && definition.safety ? true : undefined,
    proposesNeed: positive && definition.proposesNeed === false ? false : undefined,
    score,
    weeklyMinutes,
    partialScore,
    derived,
    answers: records,
  };
}

/**
 * Scores one screening. Answers should have passed validateAnswers(); scoring itself never throws for
 * answers of the instrument's items, and treats an unknown code as a non-risk answer. Age-dependent
 * rules (physical activity, disabilities) need `context.age`; without it they are incomplete.
 */
export function scoreScreening(instrumentId: InstrumentId, answers: ScreeningAnswers, context: ScoringContext = {}): ScreeningScore {
  const compiled = compile(instrumentId);
  const age = context.age !== undefined && Number.isFinite(context.age) && context.age >= 0 ? context.age : undefined;
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
  let safetyAlert = false;
  for (let index = 0; index < compiled.domains.length; index++) {
    const domain = scoreDomain(compiled.domains[index], answers, enabled, age);
    domains[index] = domain;
    if (domain.result !== 'positive') continue;
    if (domain.safety) safetyAlert = true;
    if (domain.proposesNeed === false) continue;
    const definition = compiled.domains[index].definition;
    const suggestion = definition.suggestedZCodes?.[domain.sdohCategory];
    needs.push({
      sdohCategory: domain.sdohCategory,
      sdohCategoryText: domain.sdohCategoryText,
      domain: domain.domain,
      evidenceItems: domain.flaggedItems ?? [],
      safety: domain.safety,
      suggestedZCode: suggestion ? { code: suggestion.code, display: suggestion.display } : undefined,
    });
  }
  return {
    instrument: compiled.instrument.id,
    version: compiled.instrument.version,
    rulesVersion: compiled.rules.rulesVersion,
    age,
    domains,
    needs,
    safetyAlert: safetyAlert || undefined,
  };
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
  domains: Array<{
    domain: string;
    sdohCategory: string;
    sdohCategoryText?: string;
    result: DomainOutcome;
    score?: number;
    flaggedItems?: readonly string[];
    incompleteReason?: IncompleteReason;
  }>;
  needs: Array<Pick<IdentifiedNeed, 'sdohCategory' | 'sdohCategoryText' | 'domain' | 'suggestedZCode'>>;
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
      ...(domain.flaggedItems ? { flaggedItems: domain.flaggedItems } : {}),
      ...(domain.incompleteReason ? { incompleteReason: domain.incompleteReason } : {}),
    })),
    needs: score.needs.map((need) => ({
      sdohCategory: need.sdohCategory,
      ...(need.sdohCategoryText ? { sdohCategoryText: need.sdohCategoryText } : {}),
      domain: need.domain,
      ...(need.suggestedZCode ? { suggestedZCode: need.suggestedZCode } : {}),
    })),
  };
}

/**
 * The patient's age as the CLI (`--age`) and the API (`?age=`) take it: whole years, 0–130. Absent is
 * fine (age-dependent domains are then incomplete); anything else is a mistake to report.
 */
export function parseAge(value: string | null | undefined): { ok: true; age?: number } | { ok: false; error: string } {
  if (value === null || value === undefined) return { ok: true };
  const trimmed = value.trim();
  if (!/^\d{1,3}$/.test(trimmed) || Number(trimmed) > 130) return { ok: false, error: 'The age must be a whole number of years from 0 to 130.' };
  return { ok: true, age: Number(trimmed) };
}
