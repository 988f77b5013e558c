import { describe, expect, it } from 'vitest';
import { conditionCodeBound, screeningObservationCategories, sdohCon1, sdohCon2, sdohCon3, sdohIgViolations } from './sdoh-ig-rules';

const category = (system: string, code: string) => ({ coding: [{ system, code }] });
const HEALTH_CONCERN = category('http://hl7.org/fhir/us/core/CodeSystem/condition-category', 'health-concern');
const OLD_HEALTH_CONCERN = category('http://terminology.hl7.org/CodeSystem/condition-category', 'health-concern');
const SDOH = category('http://hl7.org/fhir/us/core/CodeSystem/us-core-category', 'sdoh');
const SURVEY = category('http://terminology.hl7.org/CodeSystem/observation-category', 'survey');

describe('SDOH CC IG rules', () => {
  it('SDOH-Con-2 takes health-concern from US Core, not from the base code system', () => {
    expect(sdohCon2({ category: [HEALTH_CONCERN] })).toBe(true);
    expect(sdohCon2({ category: [OLD_HEALTH_CONCERN, SDOH] })).toBe(false);
    expect(sdohCon2({ category: [category('http://terminology.hl7.org/CodeSystem/condition-category', 'problem-list-item')] })).toBe(true);
    expect(sdohCon2({ category: [category('http://terminology.hl7.org/CodeSystem/condition-category', 'encounter-diagnosis')] })).toBe(true);
    expect(sdohCon2({})).toBe(false);
  });

  it('SDOH-Con-3 needs the US Core sdoh category', () => {
    expect(sdohCon3({ category: [HEALTH_CONCERN, SDOH] })).toBe(true);
    expect(sdohCon3({ category: [HEALTH_CONCERN] })).toBe(false);
  });

  it('SDOH-Con-1 allows one asserter at most', () => {
    expect(sdohCon1({ asserter: { reference: 'Practitioner/1' } })).toBe(true);
    expect(
      sdohCon1({
        asserter: { reference: 'Practitioner/1' },
        extension: [{ url: 'http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ExtensionConditionAsserter', valueReference: { reference: 'Device/1' } }],
      }),
    ).toBe(false);
  });

  it('a Condition code needs a coding from a required-binding code system, not just text', () => {
    expect(conditionCodeBound({ code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'Z59.41' }] } })).toBe(true);
    expect(conditionCodeBound({ code: { text: 'Interpersonal Safety' } })).toBe(false);
    expect(conditionCodeBound({ code: { coding: [{ system: 'http://example.org/local', code: 'x' }] } })).toBe(false);
  });

  it('SDOH-Obs-4 and assess-1 need both survey and sdoh', () => {
    expect(screeningObservationCategories({ category: [SURVEY, SDOH] })).toBe(true);
    expect(screeningObservationCategories({ category: [SURVEY] })).toBe(false);
    expect(screeningObservationCategories({ category: [SDOH] })).toBe(false);
  });

  it('reports each broken rule with the resource that breaks it', () => {
    const bundle = {
      resourceType: 'Bundle',
      meta: { profile: ['x'], lastUpdated: '2024-01-01T00:00:00Z' },
      entry: [{ resource: { resourceType: 'Condition', id: 'c1', category: [OLD_HEALTH_CONCERN, SDOH], code: { text: 'x' }, recordedDate: '2024-01-01' } }],
    };
    expect(sdohIgViolations(bundle).map((violation) => `${violation.resource} ${violation.rule}`)).toEqual(['Condition/c1 meta', 'Condition/c1 SDOH-Con-2', 'Condition/c1 code-binding']);
  });
});
