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
import { FALLBACK_CONDITION_CODE } from './need-categories.js';

export const DATA_ABSENT_REASON_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';
const DATA_ABSENT_REASON_SYSTEM = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const US_CORE_CATEGORY = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
const ICD_10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const US_CORE_CONDITION_CATEGORY = 'http://hl7.org/fhir/us/core/CodeSystem/condition-category';
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

export const PROFILES = {
  questionnaireResponse: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaireresponse',
  observation: 'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ObservationScreeningResponse',
  condition: 'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-Condition',
  bundle: 'http://hl7.org/fhir/StructureDefinition/Bundle',
} as const;

export interface ConfirmedNeed {
  sdohCategory: string;
  sdohCategoryText?: string;
  /** The domain the need came from, for Condition.evidence; absent for a need added by hand. */
  domain?: string;
  /** The items whose answers are the need's evidence (the flagged ones); all the domain's items when absent. */
  evidenceItems?: readonly string[];
  zCode?: ZCodeSuggestion;
  /** Open (confirmed) or addressed (the referral for it was completed). */
  status?: 'identified' | 'addressed';
  /** Who confirmed the need ('Practitioner/<id>'), and when (ISO date-time). */
  asserterRef?: string;
  recordedDate?: string;
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
const meta = (profile: string, lastUpdated: string) => ({ lastUpdated, profile: [profile] });

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
const CLINICAL_STATUS = { identified: ['active', 'Active'], addressed: ['resolved', 'Resolved'] } as const;

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
 * The screening as a FHIR R4 collection Bundle following the SDOH Clinical Care IG: the
 * QuestionnaireResponse (groups as the instrument has them: PRAPARE's five, AHC's supplemental panel);
 * one Observation per answered item (a multi-select item is a grouping Observation with one member per
 * selected answer, as in the US Core AHC example) with category survey + sdoh (+ the verified SDOHCC
 * category), interpretation POS on answers a verified rule flags, and dataAbsentReason for declined or
 * not-asked items; the derived Observations (HVS 88124-3, AHC HITS total 95614-4), derived from their
 * item Observations and with no performer; a panel Observation per LOINC panel answered; and a
 * Condition per confirmed or addressed need. Every resource carries meta.profile and meta.lastUpdated.
 */
export function screeningToFhirBundle(input: ScreeningBundleInput): Json {
  const newId = input.newId ?? (() => globalThis.crypto.randomUUID());
  const instrument = getInstrument(input.instrumentId);
  const rules = RULE_TABLES[input.instrumentId];
  const entries: Json[] = [];
  const add = (resource: Json) => {
    const id = newId();
    entries.push({ fullUrl: `urn:uuid:${id}`, resource: { resourceType: resource.resourceType, id, ...resource } });
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
  const groupItems = instrument.groups
    .filter((group) => itemsByGroup.has(group.linkId))
    .map((group) => ({ linkId: group.linkId, text: group.text, item: itemsByGroup.get(group.linkId) }));
  const qrItems: Json[] = instrument.rootLinkId
    ? groupItems.length
      ? [{ linkId: instrument.rootLinkId, text: instrument.panel.display, item: groupItems }]
      : []
    : [...(itemsByGroup.get(undefined) ?? []), ...derivedQrItems, ...groupItems];
  const questionnaireResponse: Json = {
    resourceType: 'QuestionnaireResponse',
    meta: meta(PROFILES.questionnaireResponse, input.authored),
    questionnaire: instrument.questionnaires[0],
    status: 'completed',
    subject,
    authored: input.authored,
    ...(input.authorRef ? { author: { reference: input.authorRef } } : {}),
    ...(input.performerRef ? { source: { reference: input.performerRef } } : {}),
    item: qrItems,
  };
  const qrRef = add(questionnaireResponse);

  const observation = (code: { code: string; codeDisplay: string; text: string }, categories: Json[], value: Json, derivedFrom: readonly string[], performer: boolean): Json => ({
    resourceType: 'Observation',
    meta: meta(PROFILES.observation, input.authored),
    status: 'final',
    category: [...SCREENING_CATEGORIES, ...categories],
    code: { coding: [coding(LOINC, code.code, code.codeDisplay)], text: code.text },
    subject,
    effectiveDateTime: input.authored,
    ...(performer && input.performerRef ? { performer: [{ reference: input.performerRef }] } : {}),
    ...value,
    derivedFrom: derivedFrom.map((reference) => ({ reference })),
  });
  const itemObservation = (item: InstrumentItem, value: Json) => observation(item, categoryConcepts(item.sdohCategories), value, [qrRef], true);

  const observationRefs = new Map<string, string[]>();
  const members = new Map<string | undefined, string[]>();
  const addMember = (item: InstrumentItem, reference: string) => {
    const list = members.get(item.group) ?? [];
    list.push(reference);
    members.set(item.group, list);
  };
  for (const item of instrument.items) {
    const answer = input.answers[item.code];
    if (answer === undefined) continue;
    const refs: string[] = [];
    if (isAbsent(answer)) {
      refs.push(add(itemObservation(item, { dataAbsentReason: { coding: [coding(DATA_ABSENT_REASON_SYSTEM, answer.absent, ABSENT_DISPLAY[answer.absent])] } })));
      addMember(item, refs[0]);
    } else if (item.kind === 'choice') {
      const codes = typeof answer === 'string' ? [answer] : (answer as readonly string[]);
      const valueOf = (code: string) => ({
        valueCodeableConcept: { coding: [coding(LOINC, code, item.answers.find((option) => option.code === code)?.display)] },
        ...(riskCodes.get(item.code)?.has(code) ? { interpretation: POSITIVE } : {}),
      });
      if (item.repeats) {
        const children = codes.map((code) => add(itemObservation(item, valueOf(code))));
        const parent = add(itemObservation(item, { hasMember: children.map((reference) => ({ reference })) }));
        refs.push(...children.filter((_ref, index) => riskCodes.get(item.code)?.has(codes[index])), parent);
        addMember(item, parent);
      } else {
        refs.push(add(itemObservation(item, valueOf(codes[0]))));
        addMember(item, refs[0]);
      }
    } else {
      const value =
        item.kind === 'integer'
          ? { valueInteger: answer }
          : item.kind === 'decimal'
            ? { valueQuantity: { value: answer, ...(item.unit ? { unit: item.unit.code, system: item.unit.system, code: item.unit.code } : {}) } }
            : { valueString: answer };
      refs.push(add(itemObservation(item, value)));
      addMember(item, refs[0]);
    }
    observationRefs.set(item.code, refs);
  }

  // Derived answers are computed, not observed: no performer, derived from the item Observations.
  const derivedRefs = new Map<string, string>();
  for (const domain of input.result.domains) {
    if (!domain.derived) continue;
    const derivedItem = instrument.derivedItems.find((item) => item.code === domain.derived!.item);
    if (!derivedItem) continue;
    const value = domain.derived.code
      ? { valueCodeableConcept: { coding: [coding(LOINC, domain.derived.code, domain.derived.display)], text: domain.derived.display } }
      : { valueQuantity: { value: domain.derived.value, unit: '{score}', system: 'http://unitsofmeasure.org', code: '{score}' } };
    const sources = domain.answers.flatMap((answer) => observationRefs.get(answer.item) ?? []);
    const ref = add(
      observation(
        derivedItem,
        categoryConcepts(derivedItem.sdohCategories),
        { ...value, ...(domain.result === 'positive' ? { interpretation: POSITIVE } : {}) },
        sources.length ? sources : [qrRef],
        false,
      ),
    );
    derivedRefs.set(domain.domain, ref);
    const list = members.get(undefined) ?? [];
    list.push(ref);
    members.set(undefined, list);
  }

  // One panel Observation per LOINC panel answered: the instrument's, and each group that is a panel of
  // its own (AHC supplemental 97023-6). PRAPARE's groups sit inside its one panel.
  const panels = instrument.rootLinkId
    ? [{ code: instrument.panel, text: instrument.title, members: [...members.values()].flat() }]
    : [
        { code: instrument.panel, text: instrument.title, members: members.get(undefined) ?? [] },
        ...instrument.groups.map((group) => ({ code: { system: LOINC, code: group.code, display: group.codeDisplay }, text: group.text, members: members.get(group.linkId) ?? [] })),
      ];
  for (const panel of panels) {
    if (panel.members.length === 0) continue;
    add({
      ...observation({ code: panel.code.code, codeDisplay: panel.code.display, text: panel.text }, [], { hasMember: panel.members.map((reference) => ({ reference })) }, [qrRef], true),
    });
  }

  for (const need of input.confirmedNeeds ?? []) {
    const domain = need.domain ? rules.domains.find((entry) => entry.id === need.domain) : undefined;
    const evidenceItems = need.evidenceItems?.length ? need.evidenceItems : (domain?.items ?? []);
    const evidence = [...(domain && derivedRefs.has(domain.id) ? [derivedRefs.get(domain.id)!] : []), ...evidenceItems.flatMap((code) => observationRefs.get(code) ?? [])];
    const label = need.sdohCategoryText ?? categoryLabel(need.sdohCategory);
    const code = need.zCode ?? FALLBACK_CONDITION_CODE;
    const recorded = need.recordedDate ?? input.authored;
    const [clinicalCode, clinicalDisplay] = CLINICAL_STATUS[need.status ?? 'identified'];
    add({
      resourceType: 'Condition',
      meta: meta(PROFILES.condition, recorded),
      clinicalStatus: { coding: [coding('http://terminology.hl7.org/CodeSystem/condition-clinical', clinicalCode, clinicalDisplay)] },
      verificationStatus: { coding: [coding('http://terminology.hl7.org/CodeSystem/condition-ver-status', 'confirmed', 'Confirmed')] },
      category: [
        { coding: [coding(US_CORE_CONDITION_CATEGORY, 'health-concern', 'Health Concern')] },
        { coding: [coding(US_CORE_CATEGORY, 'sdoh', 'SDOH')] },
        { coding: [coding(SDOH_CATEGORY_SYSTEM, need.sdohCategory, categoryLabel(need.sdohCategory))], ...(need.sdohCategoryText ? { text: need.sdohCategoryText } : {}) },
      ],
      code: { coding: [coding(ICD_10_CM, code.code, code.display)], text: label },
      subject,
      onsetPeriod: { start: input.authored },
      recordedDate: recorded,
      ...(need.asserterRef ? { asserter: { reference: need.asserterRef } } : {}),
      ...(evidence.length ? { evidence: [{ detail: evidence.map((reference) => ({ reference })) }] } : {}),
    });
  }

  return { resourceType: 'Bundle', meta: meta(PROFILES.bundle, input.authored), type: 'collection', timestamp: input.authored, entry: entries };
}
