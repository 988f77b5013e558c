// Every exported resource through an independent R4 validator and the SDOH CC IG's rules.
import { describe, expect, it } from 'vitest';
import { fhirProblems, r4Problems } from '../../tests/support/fhir';
import type { ScreeningAnswers } from './instrument';
import { INSTRUMENTS } from './instruments/index';
import { screeningToFhirBundle, type ConfirmedNeed } from './fhir';
import { scoreScreening } from './scoring';

let counter = 0;
const newId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

function exportOf(instrumentId: keyof typeof INSTRUMENTS, answers: ScreeningAnswers, confirmed: (needs: ReturnType<typeof scoreScreening>['needs']) => ConfirmedNeed[] = () => [], age = 40) {
  const result = scoreScreening(instrumentId, answers, { age });
  return screeningToFhirBundle({
    patientRef: 'Patient/example',
    instrumentId,
    answers,
    result,
    authored: '2024-05-02T15:04:05.000Z',
    performerRef: 'Patient/example',
    confirmedNeeds: confirmed(result.needs),
    newId,
  });
}

const fromScreening = (needs: ReturnType<typeof scoreScreening>['needs']): ConfirmedNeed[] =>
  needs.map((need, index) => ({
    sdohCategory: need.sdohCategory,
    sdohCategoryText: need.sdohCategoryText,
    domain: need.domain,
    evidenceItems: need.evidenceItems,
    zCode: need.suggestedZCode,
    status: index % 2 === 0 ? 'identified' : 'addressed',
    asserterRef: 'Practitioner/worker',
    recordedDate: '2024-05-02T15:10:00.000Z',
  }));

const SAFETY_AND_MORE: ScreeningAnswers = {
  '71802-3': 'LA31995-6',
  '96778-6': ['LA28580-1', 'LA31998-0'],
  '88122-7': 'LA28397-0',
  '88123-5': { absent: 'asked-declined' },
  '93030-5': 'LA33-6',
  '96779-4': 'LA32002-0',
  '95618-5': 'LA6482-9',
  '95617-7': 'LA16644-9',
  '95616-9': 'LA16644-9',
  '95615-1': 'LA16644-9',
  '76513-1': 'LA15832-1',
  '97027-7': 'LA33-6',
  '89555-7': 'LA6112-2',
  '68516-4': 'LA28855-7',
  '44250-9': 'LA6571-9',
  '44255-8': 'LA6571-9',
  '93038-8': 'LA13914-9',
  '69858-9': 'LA33-6',
  '69861-3': 'LA32-8',
};

describe('exported screening Bundles', () => {
  it('pass the independent R4 validator and every IG rule: AHC core + supplemental with safety, addressed and hand-added needs', () => {
    const bundle = exportOf('ahc-hrsn', SAFETY_AND_MORE, (needs) => [
      ...fromScreening(needs),
      { sdohCategory: 'personal-health-literacy', status: 'identified', asserterRef: 'Practitioner/worker', recordedDate: '2024-05-03T09:00:00.000Z' },
    ]);
    expect(fhirProblems(bundle)).toEqual([]);
    const conditions = bundle.entry.map((entry: any) => entry.resource).filter((resource: any) => resource.resourceType === 'Condition');
    expect(conditions.length).toBeGreaterThan(5);
    // The safety need and the hand-added one have no Z-code of their own: the coded fallback.
    const safety = conditions.find((condition: any) => condition.code.text === 'Interpersonal Safety');
    expect(safety.code.coding).toEqual([{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'Z71.88', display: 'Encounter for counseling for socioeconomic factors' }]);
    expect(conditions.map((condition: any) => condition.clinicalStatus.coding[0].code)).toContain('resolved');
    for (const condition of conditions) expect(condition).toMatchObject({ asserter: { reference: 'Practitioner/worker' }, recordedDate: expect.any(String) });
  });

  it.each(Object.keys(INSTRUMENTS) as Array<keyof typeof INSTRUMENTS>)('%s: every answer of every item, exported, is valid R4 and meets the IG rules', (instrumentId) => {
    const instrument = INSTRUMENTS[instrumentId];
    const answers: Record<string, any> = {};
    for (const item of instrument.items) {
      const nonExclusive = item.answers.filter((answer) => !answer.exclusive && !answer.declines);
      answers[item.code] =
        item.kind === 'choice' ? (item.repeats ? nonExclusive.slice(0, 2).map((answer) => answer.code) : nonExclusive[0].code) : item.kind === 'string' ? 'Broadway' : item.kind === 'decimal' ? 25000.5 : 4;
    }
    const bundle = exportOf(instrumentId, answers, fromScreening);
    expect(fhirProblems(bundle)).toEqual([]);
  });

  it('derived Observations have no performer and are derived from their item Observations', () => {
    const bundle = exportOf('ahc-hrsn', SAFETY_AND_MORE);
    const byUrl = new Map(bundle.entry.map((entry: any) => [entry.fullUrl, entry.resource]));
    const [total] = bundle.entry.map((entry: any) => entry.resource).filter((resource: any) => resource.code?.coding?.[0].code === '95614-4');
    expect(total.performer).toBeUndefined();
    expect(total.valueQuantity.value).toBe(17);
    expect(total.derivedFrom.map((entry: any) => (byUrl.get(entry.reference) as any).code.coding[0].code)).toEqual(['95618-5', '95617-7', '95616-9', '95615-1']);
  });

  it('writes the stable LOINC Questionnaire canonical and groups supplemental answers under the supplemental panel', () => {
    const bundle = exportOf('ahc-hrsn', SAFETY_AND_MORE);
    const resources = bundle.entry.map((entry: any) => entry.resource);
    const [qr] = resources.filter((resource: any) => resource.resourceType === 'QuestionnaireResponse');
    expect(qr.questionnaire).toBe('http://loinc.org/q/96777-8');
    const group = qr.item.find((item: any) => item.linkId === '/97023-6');
    expect(group.item.map((item: any) => item.linkId)).toContain('/76513-1');
    expect(qr.item.map((item: any) => item.linkId)).toContain('/71802-3');
    expect(qr.item.map((item: any) => item.linkId)).not.toContain('/76513-1');
    const panels = Object.fromEntries(resources.filter((resource: any) => resource.hasMember && ['96777-8', '97023-6'].includes(resource.code.coding[0].code)).map((panel: any) => [panel.code.coding[0].code, panel]));
    const byUrl = new Map(bundle.entry.map((entry: any) => [entry.fullUrl, entry.resource]));
    const memberCodes = (panel: any) => panel.hasMember.map((member: any) => (byUrl.get(member.reference) as any).code.coding[0].code);
    expect(memberCodes(panels['97023-6'])).toContain('76513-1');
    expect(memberCodes(panels['97023-6'])).not.toContain('71802-3');
    expect(memberCodes(panels['96777-8'])).toEqual(expect.arrayContaining(['71802-3', '95614-4']));
  });

  it('the validator itself catches what the IG and R4 forbid (so a passing export means something)', () => {
    expect(r4Problems({ resourceType: 'Condition', subject: { reference: 'Patient/1' }, code: { text: 'x' }, unknownField: 1 }).join(' ')).toContain('unknownField');
    const bundle = exportOf('hunger-vital-sign', { '88122-7': 'LA28397-0', '88123-5': 'LA28397-0' }, fromScreening);
    const condition = bundle.entry.find((entry: any) => entry.resource.resourceType === 'Condition').resource;
    condition.category[0].coding[0].system = 'http://terminology.hl7.org/CodeSystem/condition-category';
    delete condition.meta;
    expect(fhirProblems(bundle).map((problem) => problem.replace(/\/[\w-]+ /, ' '))).toEqual([
      'Condition meta: meta.profile and meta.lastUpdated are required on every exported resource',
      'Condition SDOH-Con-2: a category must be encounter-diagnosis, problem-list-item or health-concern',
    ]);
  });
});
