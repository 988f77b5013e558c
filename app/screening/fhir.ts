// FHIR R4 in and out for screenings: QuestionnaireResponse → answers, and a scored screening →
// Bundle (QuestionnaireResponse + Observations + Conditions for confirmed needs), following the
// SDOH Clinical Care IG and the US Core examples in reference/fhir-examples. Pure: ids come
// from the caller's `newId` (default crypto.randomUUID).
import type {
  AbsentReason,
  DerivedItem,
  InstrumentDefinition,
  InstrumentId,
  InstrumentItem,
  ItemAnswer,
  ScreeningAnswers,
  ScreeningScore,
  ZCodeSuggestion,
} from './instrument.js';
import { LOINC } from './instrument.js';
import { INSTRUMENTS, INSTRUMENT_IDS, getInstrument } from './instruments/index.js';
import { RULE_TABLES } from './rules.js';
import { SDOH_CATEGORY_SYSTEM, categoryLabel } from './sdoh-categories.js';
import { isAbsent, validateAnswers } from './scoring.js';

export const DATA_ABSENT_REASON_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';
const DATA_ABSENT_REASON_SYSTEM = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const US_CORE_CATEGORY = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
const ICD_10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const ABSENT_DISPLAY: Record<AbsentReason, string> = { 'asked-declined': 'Asked But Declined', 'not-asked': 'Not Asked' };

type Json = Record<string, any>;

// ---- QuestionnaireResponse → answers -----------------------------------------------------------

export type ParsedQuestionnaireResponse =
  | {
      ok: true;
      instrumentId: InstrumentId;
      answers: Record<string, ItemAnswer>;
      /** Calculated items as the response carries them (88124-3 code, 95614-4 value), for comparison. */
      derived: Record<string, { code?: string; value?: number }>;
    }
  | { ok: false; error: string };

interface CollectedItem {
  code: string;
  answers: Json[];
  absent?: string;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function collectItems(items: unknown, into: CollectedItem[], path: string): string | undefined {
  if (items === undefined) return undefined;
  if (!Array.isArray(items)) return `${path}.item must be an array`;
  for (const [index, item] of items.entries()) {
    const where = `${path}.item[${index}]`;
    if (!isObject(item) || typeof item.linkId !== 'string' || item.linkId.trim() === '') return `${where} has no linkId`;
    if (item.answer !== undefined && !Array.isArray(item.answer)) return `${where}.answer must be an array`;
    const answers: Json[] = item.answer ?? [];
    const absent = Array.isArray(item.extension)
      ? item.extension.find((extension: unknown) => isObject(extension) && extension.url === DATA_ABSENT_REASON_EXTENSION)?.valueCode
      : undefined;
    if (answers.length > 0 || absent !== undefined) {
      into.push({ code: item.linkId.slice(item.linkId.lastIndexOf('/') + 1), answers, absent });
    }
    const nested = collectItems(item.item, into, where);
    if (nested) return nested;
    for (const [answerIndex, answer] of answers.entries()) {
      if (!isObject(answer)) return `${where}.answer[${answerIndex}] is not an object`;
      const underAnswer = collectItems(answer.item, into, `${where}.answer[${answerIndex}]`);
      if (underAnswer) return underAnswer;
    }
  }
  return undefined;
}

function knownCodes(instrument: InstrumentDefinition): Set<string> {
  return new Set([...instrument.items.map((item) => item.code), ...instrument.derivedItems.map((item) => item.code)]);
}

function toAnswer(item: InstrumentItem | undefined, collected: CollectedItem): { answer: ItemAnswer } | { error: string } {
  if (collected.answers.length === 0) {
    const reason = collected.absent;
    if (reason !== 'asked-declined' && reason !== 'not-asked') {
      return { error: `item ${collected.code}: unsupported data-absent-reason "${String(reason)}" (use asked-declined or not-asked)` };
    }
    return { answer: { absent: reason } };
  }
  const values: Array<string | number> = [];
  for (const answer of collected.answers) {
    if (isObject(answer.valueCoding)) {
      const coding = answer.valueCoding;
      if (coding.system !== undefined && coding.system !== LOINC) return { error: `item ${collected.code}: answer system ${String(coding.system)} is not LOINC` };
      if (typeof coding.code !== 'string') return { error: `item ${collected.code}: answer coding has no code` };
      values.push(coding.code);
    } else if (typeof answer.valueInteger === 'number') values.push(answer.valueInteger);
    else if (typeof answer.valueDecimal === 'number') values.push(answer.valueDecimal);
    else if (typeof answer.valueString === 'string') values.push(answer.valueString);
    else return { error: `item ${collected.code}: unsupported answer type (expected valueCoding, valueInteger, valueDecimal or valueString)` };
  }
  if (item?.kind === 'choice' || values.every((value) => typeof value === 'string' && /^LA\d+-\d$/.test(value))) {
    const codes = values.map(String);
    return { answer: item?.repeats || codes.length > 1 ? codes : codes[0] };
  }
  return { answer: values.length === 1 ? values[0] : values.map(String) };
}

function detectByItems(codes: readonly string[]): InstrumentDefinition[] {
  const candidates = INSTRUMENT_IDS.map(getInstrument).filter((instrument) => {
    const known = knownCodes(instrument);
    return codes.length > 0 && codes.every((code) => known.has(code));
  });
  return candidates.sort((a, b) => a.items.length - b.items.length);
}

/**
 * Reads a FHIR R4 QuestionnaireResponse of one of the three instruments. linkIds are LOINC codes,
 * optionally prefixed with "/" and group paths ("/93043-8/56051-6"); answers are LOINC valueCodings
 * (or valueInteger/valueDecimal/valueString); an item without answers may carry the data-absent-reason
 * extension. The instrument comes from `questionnaire` when given, else from the item codes.
 */
export function parseQuestionnaireResponse(json: unknown): ParsedQuestionnaireResponse {
  if (!isObject(json)) return { ok: false, error: 'Not a FHIR resource: expected a JSON object.' };
  if (json.resourceType !== 'QuestionnaireResponse') {
    return { ok: false, error: `Not a FHIR QuestionnaireResponse (resourceType is ${JSON.stringify(json.resourceType ?? null)}).` };
  }
  const collected: CollectedItem[] = [];
  const structureError = collectItems(json.item, collected, 'QuestionnaireResponse');
  if (structureError) return { ok: false, error: `Malformed QuestionnaireResponse: ${structureError}.` };

  let instrument: InstrumentDefinition | undefined;
  if (json.questionnaire !== undefined) {
    if (typeof json.questionnaire !== 'string') return { ok: false, error: 'Malformed QuestionnaireResponse: questionnaire must be a canonical URL.' };
    const canonical = json.questionnaire.split('|')[0];
    instrument = Object.values(INSTRUMENTS).find((candidate) => candidate.questionnaires.includes(canonical));
    if (!instrument) {
      return { ok: false, error: `Unknown questionnaire ${canonical}: CareLoop scores ${Object.values(INSTRUMENTS).map((entry) => entry.title).join(', ')}.` };
    }
  }
  if (instrument) return convert(instrument, collected);
  // Without a canonical, the smallest instrument whose items and answers fit (HVS before AHC, whose items it shares).
  const candidates = detectByItems(collected.map((item) => item.code));
  if (candidates.length === 0) {
    return { ok: false, error: 'Unknown questionnaire: no questionnaire canonical, and the item codes match no instrument CareLoop scores.' };
  }
  const converted = candidates.map((candidate) => convert(candidate, collected));
  return converted.find((result) => result.ok && validateAnswers(result.instrumentId, result.answers).length === 0) ?? converted[0];
}

function convert(instrument: InstrumentDefinition, collected: readonly CollectedItem[]): ParsedQuestionnaireResponse {
  const answers: Record<string, ItemAnswer> = {};
  const derived: Record<string, { code?: string; value?: number }> = {};
  const derivedCodes = new Set(instrument.derivedItems.map((item) => item.code));
  for (const entry of collected) {
    const item = instrument.items.find((candidate) => candidate.code === entry.code);
    const converted = toAnswer(item, entry);
    if ('error' in converted) return { ok: false, error: `Malformed QuestionnaireResponse: ${converted.error}.` };
    const answer = converted.answer;
    if (derivedCodes.has(entry.code)) {
      derived[entry.code] = typeof answer === 'number' ? { value: answer } : typeof answer === 'string' ? { code: answer } : {};
      continue;
    }
    if (Object.hasOwn(answers, entry.code)) return { ok: false, error: `Malformed QuestionnaireResponse: item ${entry.code} appears more than once.` };
    answers[entry.code] = answer;
  }
  return { ok: true, instrumentId: instrument.id, answers, derived };
}

/** Parse, detect, validate: the one call the CLI and the API make. */
export function readQuestionnaireResponse(json: unknown): { ok: true; instrumentId: InstrumentId; answers: ScreeningAnswers; derived: Record<string, { code?: string; value?: number }> } | { ok: false; error: string; problems?: Array<{ item: string; message: string }> } {
  const parsed = parseQuestionnaireResponse(json);
  if (!parsed.ok) return parsed;
  const problems = validateAnswers(parsed.instrumentId, parsed.answers);
  if (problems.length > 0) {
    return { ok: false, error: `Invalid answers: ${problems.map((problem) => `${problem.item || 'screening'}: ${problem.message}`).join(' ')}`, problems };
  }
  return parsed;
}

// ---- scored screening → Bundle -----------------------------------------------------------------

export interface ConfirmedNeed {
  sdohCategory: string;
  sdohCategoryText?: string;
  /** The domain the need came from, for Condition.evidence; absent for a need added by hand. */
  domain?: string;
  zCode?: ZCodeSuggestion;
}

export interface ScreeningBundleInput {
  /** 'Patient/<id>' */
  patientRef: string;
  instrumentId: InstrumentId;
  answers: ScreeningAnswers;
  result: ScreeningScore;
  confirmedNeeds?: readonly ConfirmedNeed[];
  /** ISO date-time the screening was completed. */
  authored: string;
  /** Who recorded it ('Practitioner/<id>'), and who answered (the patient when self-reported). */
  authorRef?: string;
  performerRef?: string;
  newId?: () => string;
}

const coding = (system: string, code: string, display?: string) => (display === undefined ? { system, code } : { system, code, display });

function categoryConcepts(categories: InstrumentItem['sdohCategories']): Json[] {
  return categories
    .filter((category) => category.verified)
    .map((category) => ({ coding: [coding(SDOH_CATEGORY_SYSTEM, category.code, categoryLabel(category.code))], ...(category.text ? { text: category.text } : {}) }));
}

const SCREENING_CATEGORIES = [
  { coding: [coding(OBSERVATION_CATEGORY, 'survey', 'Survey')] },
  { coding: [coding(US_CORE_CATEGORY, 'sdoh', 'SDOH')] },
];
const POSITIVE = [{ coding: [coding(INTERPRETATION, 'POS', 'Positive')] }];

function qrAnswers(item: InstrumentItem, answer: ItemAnswer): Json[] {
  if (item.kind === 'choice') {
    const codes = typeof answer === 'string' ? [answer] : (answer as readonly string[]);
    return codes.map((code) => ({ valueCoding: coding(LOINC, code, item.answers.find((option) => option.code === code)?.display) }));
  }
  if (item.kind === 'integer') return [{ valueInteger: answer }];
  if (item.kind === 'decimal') return [{ valueDecimal: answer }];
  return [{ valueString: answer }];
}

/**
 * The screening as a FHIR R4 collection Bundle: the QuestionnaireResponse; one Observation per
 * answered item (a multi-select item is a grouping Observation with one member per selected answer,
 * as in the US Core AHC example) with category survey + sdoh (+ the verified SDOHCC category),
 * interpretation POS on answers a verified rule treats as a risk, and dataAbsentReason for declined or
 * not-asked items; the derived Observations (HVS 88124-3, AHC HITS total 95614-4); a panel Observation;
 * and a Condition per confirmed need.
 */
export function screeningToFhirBundle(input: ScreeningBundleInput): Json {
  const newId = input.newId ?? (() => globalThis.crypto.randomUUID());
  const instrument = getInstrument(input.instrumentId);
  const rules = RULE_TABLES[input.instrumentId];
  const entries: Json[] = [];
  const add = (resource: Json) => {
    const id = newId();
    resource.id = id;
    entries.push({ fullUrl: `urn:uuid:${id}`, resource });
    return `urn:uuid:${id}`;
  };
  const subject = { reference: input.patientRef };

  const riskCodes = new Map<string, Set<string>>();
  for (const domain of rules.domains) {
    // POS only where a verified rule flags the answer (not where a source merely derives a need from it).
    if (domain.rule.kind !== 'checks' || domain.rule.negativeWhen === 'never') continue;
    for (const check of domain.rule.checks) if (check.kind === 'answer') riskCodes.set(check.item, new Set(check.answers));
  }

  // QuestionnaireResponse
  const qrItem = (item: InstrumentItem | DerivedItem, content: Json) => ({ linkId: item.linkId, text: item.text, ...content });
  const itemsByGroup = new Map<string | undefined, Json[]>();
  for (const item of instrument.items) {
    const answer = input.answers[item.code];
    if (answer === undefined) continue;
    const content = isAbsent(answer)
      ? { extension: [{ url: DATA_ABSENT_REASON_EXTENSION, valueCode: answer.absent }] }
      : { answer: qrAnswers(item, answer) };
    const list = itemsByGroup.get(item.group) ?? [];
    list.push(qrItem(item, content));
    itemsByGroup.set(item.group, list);
  }
  const derivedQrItems: Json[] = [];
  for (const domain of input.result.domains) {
    const derivedItem = domain.derived && instrument.derivedItems.find((item) => item.code === domain.derived!.item);
    if (!derivedItem || !domain.derived) continue;
    derivedQrItems.push(
      qrItem(derivedItem, {
        answer: [domain.derived.code ? { valueCoding: coding(LOINC, domain.derived.code, domain.derived.display) } : { valueDecimal: domain.derived.value }],
      }),
    );
  }
  let qrItems: Json[];
  if (instrument.rootLinkId) {
    const groups = instrument.groups
      .filter((group) => itemsByGroup.has(group.linkId))
      .map((group) => ({ linkId: group.linkId, text: group.text, item: itemsByGroup.get(group.linkId) }));
    qrItems = groups.length ? [{ linkId: instrument.rootLinkId, text: instrument.panel.display, item: groups }] : [];
  } else {
    qrItems = [...(itemsByGroup.get(undefined) ?? []), ...derivedQrItems];
  }
  const questionnaireResponse: Json = {
    resourceType: 'QuestionnaireResponse',
    questionnaire: instrument.questionnaires[0],
    status: 'completed',
    subject,
    authored: input.authored,
    ...(input.authorRef ? { author: { reference: input.authorRef } } : {}),
    ...(input.performerRef ? { source: { reference: input.performerRef } } : {}),
    item: qrItems,
  };
  const qrRef = add(questionnaireResponse);

  const observation = (item: InstrumentItem | DerivedItem, value: Json): Json => ({
    resourceType: 'Observation',
    status: 'final',
    category: [...SCREENING_CATEGORIES, ...categoryConcepts(item.sdohCategories)],
    code: { coding: [coding(LOINC, item.code, item.codeDisplay)], text: item.text },
    subject,
    effectiveDateTime: input.authored,
    ...(input.performerRef ? { performer: [{ reference: input.performerRef }] } : {}),
    ...value,
    derivedFrom: [{ reference: qrRef }],
  });

  const observationRefs = new Map<string, string[]>();
  const members: string[] = [];
  for (const item of instrument.items) {
    const answer = input.answers[item.code];
    if (answer === undefined) continue;
    const refs: string[] = [];
    if (isAbsent(answer)) {
      refs.push(add(observation(item, { dataAbsentReason: { coding: [coding(DATA_ABSENT_REASON_SYSTEM, answer.absent, ABSENT_DISPLAY[answer.absent])] } })));
      members.push(refs[0]);
    } else if (item.kind === 'choice') {
      const codes = typeof answer === 'string' ? [answer] : (answer as readonly string[]);
      const valueOf = (code: string) => ({
        valueCodeableConcept: { coding: [coding(LOINC, code, item.answers.find((option) => option.code === code)?.display)] },
        ...(riskCodes.get(item.code)?.has(code) ? { interpretation: POSITIVE } : {}),
      });
      if (item.repeats) {
        const children = codes.map((code) => add(observation(item, valueOf(code))));
        const parent = add(observation(item, { hasMember: children.map((reference) => ({ reference })) }));
        refs.push(...children.filter((_ref, index) => riskCodes.get(item.code)?.has(codes[index])), parent);
        members.push(parent);
      } else {
        refs.push(add(observation(item, valueOf(codes[0]))));
        members.push(refs[0]);
      }
    } else {
      const value =
        item.kind === 'integer'
          ? { valueInteger: answer }
          : item.kind === 'decimal'
            ? { valueQuantity: { value: answer, ...(item.unit ? { unit: item.unit.code, system: item.unit.system, code: item.unit.code } : {}) } }
            : { valueString: answer };
      refs.push(add(observation(item, value)));
      members.push(refs[0]);
    }
    observationRefs.set(item.code, refs);
  }

  const derivedRefs = new Map<string, string>();
  for (const domain of input.result.domains) {
    if (!domain.derived) continue;
    const derivedItem = instrument.derivedItems.find((item) => item.code === domain.derived!.item);
    if (!derivedItem) continue;
    const value = domain.derived.code
      ? { valueCodeableConcept: { coding: [coding(LOINC, domain.derived.code, domain.derived.display)], text: domain.derived.display } }
      : { valueQuantity: { value: domain.derived.value } };
    const ref = add(observation(derivedItem, { ...value, ...(domain.result === 'positive' ? { interpretation: POSITIVE } : {}) }));
    derivedRefs.set(domain.domain, ref);
    members.push(ref);
  }

  // One panel code per instrument; AHC core + supplemental has no LOINC panel (the IG asks for a local code), so none.
  const supplementalAnswered = instrument.items.some((item) => item.section === 'supplemental' && input.answers[item.code] !== undefined);
  if (members.length > 0 && !(instrument.id === 'ahc-hrsn' && supplementalAnswered)) {
    add({
      resourceType: 'Observation',
      status: 'final',
      category: SCREENING_CATEGORIES,
      code: { coding: [coding(instrument.panel.system, instrument.panel.code, instrument.panel.display)], text: instrument.title },
      subject,
      effectiveDateTime: input.authored,
      hasMember: members.map((reference) => ({ reference })),
      derivedFrom: [{ reference: qrRef }],
    });
  }

  for (const need of input.confirmedNeeds ?? []) {
    const domain = need.domain ? rules.domains.find((entry) => entry.id === need.domain) : undefined;
    const evidence = domain
      ? [...(derivedRefs.has(domain.id) ? [derivedRefs.get(domain.id)!] : []), ...domain.items.flatMap((code) => observationRefs.get(code) ?? [])]
      : [];
    const label = need.sdohCategoryText ?? categoryLabel(need.sdohCategory);
    add({
      resourceType: 'Condition',
      clinicalStatus: { coding: [coding('http://terminology.hl7.org/CodeSystem/condition-clinical', 'active', 'Active')] },
      verificationStatus: { coding: [coding('http://terminology.hl7.org/CodeSystem/condition-ver-status', 'confirmed', 'Confirmed')] },
      category: [
        { coding: [coding('http://terminology.hl7.org/CodeSystem/condition-category', 'health-concern', 'Health Concern')] },
        { coding: [coding(US_CORE_CATEGORY, 'sdoh', 'SDOH')] },
        { coding: [coding(SDOH_CATEGORY_SYSTEM, need.sdohCategory, categoryLabel(need.sdohCategory))], ...(need.sdohCategoryText ? { text: need.sdohCategoryText } : {}) },
      ],
      code: need.zCode ? { coding: [coding(ICD_10_CM, need.zCode.code, need.zCode.display)], text: label } : { text: label },
      subject,
      onsetPeriod: { start: input.authored },
      ...(evidence.length ? { evidence: [{ detail: evidence.map((reference) => ({ reference })) }] } : {}),
    });
  }

  return { resourceType: 'Bundle', type: 'collection', timestamp: input.authored, entry: entries };
}
