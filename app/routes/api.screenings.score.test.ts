import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { action, loader } from './api.screenings.score';

const example = (relative: string) =>
  fs.readFileSync(path.resolve(__dirname, '../screening/reference/fhir-examples/us-core-json', relative), 'utf8');

const post = (body: string, method = 'POST', query = '') =>
  action({ request: new Request(`http://localhost/api/screenings/score${query}`, { method, body, headers: { 'Content-Type': 'application/fhir+json' } }), params: {}, context: {} });

describe('POST /api/screenings/score', () => {
  it('scores the US Core Hunger Vital Sign example', async () => {
    const response = await post(example('hunger-vital-sign/QuestionnaireResponse-hunger-vital-sign-example.json'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      instrument: 'hunger-vital-sign',
      version: '88121-9/sdohcc-3.0.0',
      domains: [{ domain: 'food', sdohCategory: 'food-insecurity', result: 'positive', flaggedItems: ['88122-7', '88123-5'] }],
      needs: [{ sdohCategory: 'food-insecurity', domain: 'food', suggestedZCode: { code: 'Z59.41', display: 'Food insecurity' } }],
    });
  });

  it('scores the AHC core example with the HITS total', async () => {
    const body = await (await post(example('ahc-hrsn-core/QuestionnaireResponse-AHC-HRSN-screening-example.json'))).json();
    expect(body.domains).toContainEqual({ domain: 'interpersonal-safety', sdohCategory: 'sdoh-category-unspecified', sdohCategoryText: 'Interpersonal Safety', result: 'negative', score: 4 });
    expect(body.needs).toEqual([{ sdohCategory: 'inadequate-housing', domain: 'housing-quality', suggestedZCode: { code: 'Z59.10', display: 'Inadequate housing, unspecified' } }]);
  });

  it.each([
    ['malformed JSON', '{"resourceType": ', 'not valid JSON'],
    ['another resource', '{"resourceType": "Patient"}', 'Not a FHIR QuestionnaireResponse'],
    ['an unknown questionnaire', '{"resourceType": "QuestionnaireResponse", "questionnaire": "http://example.org/Questionnaire/x"}', 'Unknown questionnaire'],
    ['invalid answers', JSON.stringify({ resourceType: 'QuestionnaireResponse', questionnaire: 'http://hl7.org/fhir/us/core/Questionnaire/ahc-hrsn-screening-example', item: [{ linkId: '/96778-6', answer: [{ valueCoding: { code: 'LA9-3' } }, { valueCoding: { code: 'LA28580-1' } }] }] }), '"None of the above" cannot be combined'],
  ])('answers 400 with an error for %s', async (_case, body, message) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain(message);
  });

  it('takes the patient\'s age for the age-dependent AHC domains (?age=), and otherwise leaves them incomplete', async () => {
    const body = example('ahc-hrsn-supplemental/QuestionnaireResponse-AHC-HRSN-screening-example.json');
    const activity = async (query: string) => (await (await post(body, 'POST', query)).json()).domains.find((domain: any) => domain.domain === 'physical-activity');
    expect(await activity('')).toEqual({ domain: 'physical-activity', sdohCategory: 'sdoh-category-unspecified', sdohCategoryText: 'Physical Activity', result: 'incomplete', incompleteReason: 'age-unknown' });
    expect((await activity('?age=40')).result).toBe('negative');
    expect((await activity('?age=12')).result).toBe('positive');
    expect((await activity('?age=5')).incompleteReason).toBe('not-at-this-age');
  });

  it.each([['?age=-3'], ['?age=2.5'], ['?age=200'], ['?age=%00']])('answers 400 for %s', async (query) => {
    const response = await post(example('hunger-vital-sign/QuestionnaireResponse-hunger-vital-sign-example.json'), 'POST', query);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain('whole number of years');
  });

  it('answers 413 for an oversized body', async () => {
    expect((await post(JSON.stringify({ resourceType: 'QuestionnaireResponse', padding: 'x'.repeat(300 * 1024) }))).status).toBe(413);
  });

  it('answers 405 to other methods', async () => {
    expect((await post('{}', 'PUT')).status).toBe(405);
    const response = await loader();
    expect(response.status).toBe(405);
    expect(response.headers.get('Allow')).toBe('POST');
  });
});
