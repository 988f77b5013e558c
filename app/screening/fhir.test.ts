import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuestionnaireResponse, readQuestionnaireResponse, screeningToFhirBundle, type ScreeningBundleInput } from './fhir';
import type { InstrumentId, ItemAnswer, ScreeningAnswers } from './instrument';
import { INSTRUMENTS } from './instruments/index';
import { scoreScreening } from './scoring';

const examples = path.resolve(__dirname, 'reference/fhir-examples');
const readExample = (relative: string) => JSON.parse(fs.readFileSync(path.join(examples, relative), 'utf8'));
const usCore = (relative: string) => readExample(`us-core-json/${relative}`);

/** Just enough FSH to read the SDOH CC IG's example QuestionnaireResponse assignments into JSON. */
function fshInstance(file: string): any {
  const root: any = {};
  const last = new WeakMap<any[], number>();
  for (const line of fs.readFileSync(path.join(examples, 'sdoh-clinicalcare-fsh', file), 'utf8').split('\n')) {
    const match = /^\* ([\w.[\]=+]+) = (.+)$/.exec(line.trim());
    if (!match || match[1].startsWith('questionnaire.') || match[1] === 'subject') continue;
    const segments = match[1].split('.');
    let node = root;
    segments.forEach((segment, index) => {
      const [, name, soft] = /^(\w+)(?:\[([=+\d]+)\])?$/.exec(segment)!;
      const isLast = index === segments.length - 1;
      const isArray = soft !== undefined || ['item', 'answer'].includes(name);
      if (!isArray) {
        if (isLast) node[name] = value(match[2]);
        else node = node[name] ??= {};
        return;
      }
      const list: any[] = (node[name] ??= []);
      const position = soft === '+' ? (last.get(list) ?? -1) + 1 : soft === '=' ? (last.get(list) ?? 0) : Number(soft ?? 0);
      last.set(list, position);
      list[position] ??= {};
      node = list[position];
    });
  }
  return root;

  function value(raw: string): any {
    const coding = /^\$loinc#(\S+) "(.*)"$/.exec(raw);
    if (coding) return { system: 'http://loinc.org', code: coding[1], display: coding[2] };
    if (/^".*"$/.test(raw)) return JSON.parse(raw);
    if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
    return raw.replace(/^#/, '');
  }
}

const hvsQr = usCore('hunger-vital-sign/QuestionnaireResponse-hunger-vital-sign-example.json');
const ahcCoreQr = usCore('ahc-hrsn-core/QuestionnaireResponse-AHC-HRSN-screening-example.json');
const ahcSupplementalQr = usCore('ahc-hrsn-supplemental/QuestionnaireResponse-AHC-HRSN-screening-example.json');
const prapareQr = { resourceType: 'QuestionnaireResponse', ...fshInstance('SDOHCC-QuestionnaireResponsePRAPAREExample.fsh') };
const hvsIgQr = { resourceType: 'QuestionnaireResponse', ...fshInstance('SDOHCC-QuestionnaireResponseHungerVitalSignExample.fsh') };

function parsed(json: unknown) {
  const result = parseQuestionnaireResponse(json);
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe('parseQuestionnaireResponse', () => {
  it('reads the US Core Hunger Vital Sign example, whose own derived answer agrees with our score', () => {
    const result = parsed(hvsQr);
    expect(result).toEqual({ ok: true, instrumentId: 'hunger-vital-sign', answers: { '88122-7': 'LA28397-0', '88123-5': 'LA28397-0' }, derived: { '88124-3': { code: 'LA19952-3' } } });
    expect(scoreScreening(result.instrumentId, result.answers).domains[0]).toMatchObject({ result: 'positive', derived: { code: result.derived['88124-3'].code } });
  });

  it('reads the SDOH CC IG Hunger Vital Sign example (FSH) the same way', () => {
    const result = parsed(hvsIgQr);
    expect(result.instrumentId).toBe('hunger-vital-sign');
    const score = scoreScreening(result.instrumentId, result.answers);
    expect(score.domains[0].derived?.code ?? null).toBe(result.derived['88124-3']?.code ?? null);
  });

  it('reads the US Core AHC HRSN core example: HITS total 4 as in the response, every core domain scored', () => {
    const result = parsed(ahcCoreQr);
    expect(result.instrumentId).toBe('ahc-hrsn');
    expect(result.answers['96778-6']).toEqual(['LA32001-2', 'LA31996-4', 'LA32000-4']);
    const score = scoreScreening('ahc-hrsn', result.answers);
    const safety = score.domains.find((domain) => domain.domain === 'interpersonal-safety')!;
    expect(safety).toMatchObject({ result: 'negative', score: result.derived['95614-4'].value });
    expect(result.derived['95614-4'].value).toBe(4);
  });

  it('reads the US Core AHC HRSN supplemental example: scored by the CMS rules, age-dependent domains need the age, core not asked', () => {
    const result = parsed(ahcSupplementalQr);
    const resultsAt = (age?: number) =>
      Object.fromEntries(scoreScreening('ahc-hrsn', result.answers, { age }).domains.map((domain) => [domain.domain, domain.incompleteReason ?? domain.result]));
    const core = { 'living-situation': 'incomplete', 'housing-quality': 'incomplete', food: 'incomplete', transportation: 'incomplete', utilities: 'incomplete', 'interpersonal-safety': 'incomplete' };
    const answeredWithoutNeed = { 'financial-strain': 'negative', employment: 'negative', 'family-community-support': 'negative', language: 'negative', education: 'negative', 'substance-use': 'negative' };
    // Stress "A little bit" is underlined on the CMS form.
    expect(resultsAt()).toEqual({ ...core, ...answeredWithoutNeed, 'physical-activity': 'age-unknown', 'mental-health': 'positive', disabilities: 'age-unknown' });
    // 5 days × 60 minutes = 300 minutes a week.
    expect(resultsAt(40)).toEqual({ ...core, ...answeredWithoutNeed, 'physical-activity': 'negative', 'mental-health': 'positive', disabilities: 'negative' });
  });

  it('reads the SDOH CC IG PRAPARE example: nested groups, integers, decimals, text, multi-select', () => {
    const result = parsed(prapareQr);
    expect(result.instrumentId).toBe('prapare');
    expect(Object.keys(result.answers)).toHaveLength(21);
    expect(result.answers).toMatchObject({ '32624-9': ['LA4457-3', 'LA30187-1'], '63512-8': 6, '56799-0': 'Broadway', '63586-2': 25000, '93033-9': 'LA30122-8', '93031-3': ['LA30126-9', 'LA30127-7'] });
    expect(readQuestionnaireResponse(prapareQr).ok).toBe(true);
  });

  it('detects the instrument from item codes when there is no canonical, with or without a leading "/"', () => {
    const bare = (json: any) => ({ ...json, questionnaire: undefined });
    expect(parsed(bare(hvsQr)).instrumentId).toBe('hunger-vital-sign');
    expect(parsed(bare(ahcCoreQr)).instrumentId).toBe('ahc-hrsn');
    expect(parsed(bare(prapareQr)).instrumentId).toBe('prapare');
    const noSlash = { resourceType: 'QuestionnaireResponse', item: [{ linkId: '71802-3', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA30189-7' } }] }] };
    expect(parsed(noSlash)).toMatchObject({ instrumentId: 'prapare', answers: { '71802-3': 'LA30189-7' } });
    expect(parsed({ ...noSlash, item: [{ ...noSlash.item[0], answer: [{ valueCoding: { code: 'LA31995-6' } }] }] }).instrumentId).toBe('ahc-hrsn');
  });

  it('reads the data-absent-reason extension as a declined or not-asked item', () => {
    const json = {
      resourceType: 'QuestionnaireResponse',
      questionnaire: 'http://hl7.org/fhir/us/core/Questionnaire/hunger-vital-sign-example|9.0.0',
      item: [
        { linkId: '/88122-7', extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'asked-declined' }] },
        { linkId: '/88123-5', extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'not-asked' }] },
        { linkId: '/88124-3-help', text: 'help text' },
      ],
    };
    expect(parsed(json).answers).toEqual({ '88122-7': { absent: 'asked-declined' }, '88123-5': { absent: 'not-asked' } });
  });

  it.each([
    ['a non-object', [], 'expected a JSON object'],
    ['another resource type', { resourceType: 'Observation' }, 'Not a FHIR QuestionnaireResponse (resourceType is "Observation")'],
    ['an unknown questionnaire', { ...hvsQr, questionnaire: 'http://example.org/Questionnaire/phq-9' }, 'Unknown questionnaire http://example.org/Questionnaire/phq-9'],
    ['items matching no instrument', { resourceType: 'QuestionnaireResponse', item: [{ linkId: '/44261-6', answer: [{ valueInteger: 3 }] }] }, 'Unknown questionnaire'],
    ['an item without linkId', { ...hvsQr, item: [{ text: 'x' }] }, 'has no linkId'],
    ['a non-LOINC answer', { ...hvsQr, item: [{ linkId: '/88122-7', answer: [{ valueCoding: { system: 'http://snomed.info/sct', code: '1' } }] }] }, 'is not LOINC'],
    ['an unsupported absent reason', { ...hvsQr, item: [{ linkId: '/88122-7', extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }] }] }, 'unsupported data-absent-reason "unknown"'],
    ['an item twice', { ...hvsQr, item: [hvsQr.item[0], hvsQr.item[0]] }, 'appears more than once'],
    ['a boolean answer', { ...hvsQr, item: [{ linkId: '/88122-7', answer: [{ valueBoolean: true }] }] }, 'unsupported answer type'],
  ])('rejects %s with a clear message', (_case, json, message) => {
    const result = parseQuestionnaireResponse(json);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(message);
  });

  it('reports invalid answers through readQuestionnaireResponse', () => {
    const result = readQuestionnaireResponse({ ...hvsQr, item: [{ linkId: '/88122-7', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA28397-0' } }, { valueCoding: { system: 'http://loinc.org', code: 'LA28398-8' } }] }] });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('88122-7: Choose only one answer') });
  });
});

let counter = 0;
const sequentialIds = () => `id-${++counter}`;
const bundleFor = (instrumentId: InstrumentId, answers: ScreeningAnswers, extra: Partial<ScreeningBundleInput> = {}) =>
  screeningToFhirBundle({
    patientRef: 'Patient/example',
    instrumentId,
    answers,
    result: scoreScreening(instrumentId, answers),
    authored: '2022-03-29T22:38:59.084Z',
    newId: sequentialIds,
    ...extra,
  });
const resources = (bundle: any, type: string) => bundle.entry.map((entry: any) => entry.resource).filter((resource: any) => resource.resourceType === type);
const byCode = (observations: any[], code: string) => observations.filter((observation) => observation.code.coding[0].code === code);
const codingKey = (codings: any[]) => codings.map((entry: any) => `${entry.system}|${entry.code}`);

describe('screeningToFhirBundle', () => {
  it('writes the Hunger Vital Sign as in the US Core example: QR items, item and derived Observations, panel', () => {
    const bundle = bundleFor('hunger-vital-sign', parsed(hvsQr).answers);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const [qr] = resources(bundle, 'QuestionnaireResponse');
    expect(qr.item).toEqual(hvsQr.item);
    expect(qr).toMatchObject({ status: 'completed', subject: { reference: 'Patient/example' }, questionnaire: INSTRUMENTS['hunger-vital-sign'].questionnaires[0] });

    const observations = resources(bundle, 'Observation');
    for (const file of ['Observation-HVS-item-example-88122-7.json', 'Observation-HVS-item-example-88123-5.json', 'Observation-HVS-item-example-88124-3.json', 'Observation-HVS-panel-example-88121-9.json']) {
      const example = usCore(`hunger-vital-sign/${file}`);
      const [ours] = byCode(observations, example.code.coding[0].code);
      if (example.hasMember) {
        // The panel display is UNVERIFIED: two HL7 examples differ (hunger-vital-sign.json display_variants).
        expect(codingKey(ours.code.coding)).toEqual(codingKey(example.code.coding));
      } else {
        expect(ours.code.coding).toEqual(example.code.coding.map((entry: any) => ({ system: entry.system, code: entry.code, display: entry.display })));
      }
      expect(codingKey(ours.category.flatMap((category: any) => category.coding))).toEqual(expect.arrayContaining(codingKey(example.category.flatMap((category: any) => category.coding))));
      expect(ours).toMatchObject({ status: example.status, subject: { reference: 'Patient/example' } });
      // Item Observations come from the QuestionnaireResponse; the derived risk from the item Observations.
      const sources = ours.derivedFrom.map((entry: any) => bundle.entry.find((candidate: any) => candidate.fullUrl === entry.reference).resource.resourceType);
      expect(sources, file).toEqual(file.includes('88124-3') ? ['Observation', 'Observation'] : ['QuestionnaireResponse']);
      if (example.valueCodeableConcept) expect(ours.valueCodeableConcept.coding).toEqual(example.valueCodeableConcept.coding.map((entry: any) => ({ system: entry.system, code: entry.code, display: entry.display })));
      if (example.hasMember) expect(ours.hasMember).toHaveLength(example.hasMember.length);
    }
    const [risk] = byCode(observations, '88124-3');
    expect(risk.interpretation).toEqual([{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'POS', display: 'Positive' }] }]);
    expect(risk.category).toContainEqual({ coding: [{ system: 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes', code: 'food-insecurity', display: 'Food Insecurity' }] });
    expect(byCode(observations, '88122-7')[0].interpretation[0].coding[0].code).toBe('POS');
  });

  it('writes the AHC core example as in US Core: multi-select as a grouping Observation, HITS total 4', () => {
    const bundle = bundleFor('ahc-hrsn', parsed(ahcCoreQr).answers);
    expect(resources(bundle, 'QuestionnaireResponse')[0].item).toEqual(ahcCoreQr.item);
    const observations = resources(bundle, 'Observation');
    const dir = path.join(examples, 'us-core-json/ahc-hrsn-core');
    for (const file of fs.readdirSync(dir).filter((name) => name.startsWith('Observation-AHC-HRSN-item-example-') && !name.includes('answer'))) {
      const example = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      const code = example.code.coding[0].code;
      if (code === '96777-8') continue; // the examples' two grouping Observations (see reference/README.md)
      const ours = byCode(observations, code).find((observation: any) => !example.hasMember === !observation.hasMember) ?? byCode(observations, code)[0];
      expect(ours.code.coding, file).toEqual(example.code.coding);
      if (example.valueCodeableConcept) expect(ours.valueCodeableConcept.coding).toEqual(example.valueCodeableConcept.coding);
      // The HITS total adds the UCUM {score} unit the screening-response profile binds.
      if (example.valueQuantity) expect(ours.valueQuantity).toEqual({ ...example.valueQuantity, unit: '{score}', system: 'http://unitsofmeasure.org', code: '{score}' });
      if (example.hasMember) {
        const members = ours.hasMember.map((member: any) => bundle.entry.find((entry: any) => entry.fullUrl === member.reference).resource);
        const exampleMembers = example.hasMember.map((member: any) => JSON.parse(fs.readFileSync(path.join(dir, `${member.reference.replace('/', '-')}.json`), 'utf8')));
        const sorted = (codings: any[]) => [...codings].sort((a, b) => a[0].code.localeCompare(b[0].code));
        expect(sorted(members.map((member: any) => member.valueCodeableConcept.coding))).toEqual(sorted(exampleMembers.map((member: any) => member.valueCodeableConcept.coding)));
        expect(members.every((member: any) => member.interpretation?.[0].coding[0].code === 'POS')).toBe(true);
      }
    }
    expect(byCode(observations, '96777-8')[0].hasMember.length).toBeGreaterThan(0);
  });

  it('writes declined items with dataAbsentReason and no value or interpretation, and reads them back', () => {
    const answers = { '88122-7': { absent: 'asked-declined' }, '88123-5': 'LA28398-8' } as const;
    const bundle = bundleFor('hunger-vital-sign', answers);
    const [declined] = byCode(resources(bundle, 'Observation'), '88122-7');
    expect(declined.dataAbsentReason).toEqual({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'asked-declined', display: 'Asked But Declined' }] });
    expect(declined.valueCodeableConcept).toBeUndefined();
    expect(declined.interpretation).toBeUndefined();
    expect(parsed(resources(bundle, 'QuestionnaireResponse')[0]).answers).toEqual(answers);
  });

  it('adds a confirmed Condition per confirmed need, with SDOHCC category, Z-code and evidence', () => {
    const answers = { '88122-7': 'LA6729-3', '88123-5': 'LA28398-8' };
    const result = scoreScreening('hunger-vital-sign', answers);
    const need = result.needs[0];
    const bundle = bundleFor('hunger-vital-sign', answers, { confirmedNeeds: [{ sdohCategory: need.sdohCategory, domain: need.domain, zCode: need.suggestedZCode }] });
    const [condition] = resources(bundle, 'Condition');
    expect(condition).toMatchObject({
      clinicalStatus: { coding: [{ code: 'active' }] },
      verificationStatus: { coding: [{ code: 'confirmed' }] },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'Z59.41', display: 'Food insecurity' }] },
      subject: { reference: 'Patient/example' },
    });
    expect(codingKey(condition.category.flatMap((category: any) => category.coding))).toEqual([
      'http://hl7.org/fhir/us/core/CodeSystem/condition-category|health-concern',
      'http://hl7.org/fhir/us/core/CodeSystem/us-core-category|sdoh',
      'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes|food-insecurity',
    ]);
    const evidence = condition.evidence[0].detail.map((detail: any) => bundle.entry.find((entry: any) => entry.fullUrl === detail.reference).resource.code.coding[0].code);
    expect(evidence).toEqual(['88124-3', '88122-7', '88123-5']);
    expect(resources(bundleFor('hunger-vital-sign', answers), 'Condition')).toEqual([]);
  });

  it('nests PRAPARE items in its groups, as the IG example does', () => {
    const answers = parsed(prapareQr).answers;
    const [qr] = resources(bundleFor('prapare', answers), 'QuestionnaireResponse');
    expect(qr.item.map((item: any) => item.linkId)).toEqual(['/93025-5']);
    expect(qr.item[0].item.map((group: any) => group.linkId)).toEqual(prapareQr.item[0].item.map((group: any) => group.linkId));
    expect(qr.item[0].item.flatMap((group: any) => group.item.map((item: any) => [item.linkId, item.answer])))
      .toEqual(prapareQr.item[0].item.flatMap((group: any) => group.item.map((item: any) => [item.linkId, item.answer])));
  });

  it('round-trips any valid answers through the QuestionnaireResponse', () => {
    for (const instrument of Object.values(INSTRUMENTS)) {
      const arbitrary = fc.record(
        Object.fromEntries(
          instrument.items.map((item) => {
            const given: fc.Arbitrary<ItemAnswer> =
              item.kind === 'choice'
                ? item.repeats
                  ? fc.subarray(item.answers.filter((answer) => !('exclusive' in answer)).map((answer) => answer.code), { minLength: 1 })
                  : fc.constantFrom(...item.answers.map((answer) => answer.code))
                : item.kind === 'string'
                  ? fc.string({ minLength: 1 })
                  : fc.nat();
            return [item.code, fc.oneof(given, fc.constant({ absent: 'asked-declined' as const }))];
          }),
        ),
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(arbitrary, (answers) => {
          const [qr] = resources(bundleFor(instrument.id, answers), 'QuestionnaireResponse');
          const back = parseQuestionnaireResponse(qr);
          expect(back).toMatchObject({ ok: true, instrumentId: instrument.id, answers });
        }),
        { numRuns: 100 },
      );
    }
  });
});
