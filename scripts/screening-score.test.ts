import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '..');
const examples = path.resolve(repoRoot, 'app/screening/reference/fhir-examples/us-core-json');
const run = (...args: string[]) =>
  spawnSync(path.join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/screening-score.ts', ...args], { cwd: repoRoot, encoding: 'utf8' });

describe('npm run screening:score', () => {
  it('scores the US Core Hunger Vital Sign example as at risk, as its own 88124-3 answer says', () => {
    const file = path.join(examples, 'hunger-vital-sign/QuestionnaireResponse-hunger-vital-sign-example.json');
    const derived = JSON.parse(fs.readFileSync(file, 'utf8')).item.find((item: any) => item.linkId === '/88124-3').answer[0].valueCoding.code;
    expect(derived).toBe('LA19952-3');
    const result = run(file);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ instrument: 'hunger-vital-sign', domains: [{ domain: 'food', sdohCategory: 'food-insecurity', result: 'positive' }], needs: [{ sdohCategory: 'food-insecurity' }] });
  });

  it('scores the AHC core example with the HITS total its 95614-4 item carries', () => {
    const file = path.join(examples, 'ahc-hrsn-core/QuestionnaireResponse-AHC-HRSN-screening-example.json');
    const total = JSON.parse(fs.readFileSync(file, 'utf8')).item.find((item: any) => item.linkId === '/95614-4').answer[0].valueDecimal;
    const output = JSON.parse(run(file).stdout);
    expect(output.domains.find((domain: any) => domain.domain === 'interpersonal-safety')).toEqual({
      domain: 'interpersonal-safety', sdohCategory: 'sdoh-category-unspecified', sdohCategoryText: 'Interpersonal Safety', result: 'negative', score: total,
    });
    expect(output.domains.filter((domain: any) => domain.result === 'positive').map((domain: any) => domain.domain)).toEqual(['housing-quality']);
  });

  it('scores the AHC supplemental example by the CMS rules; the age-dependent domains need --age', () => {
    const file = path.join(examples, 'ahc-hrsn-supplemental/QuestionnaireResponse-AHC-HRSN-screening-example.json');
    const output = JSON.parse(run(file).stdout);
    expect(output.instrument).toBe('ahc-hrsn');
    const domain = (result: any, id: string) => result.domains.find((entry: any) => entry.domain === id);
    expect(domain(output, 'employment').result).toBe('negative');
    expect(domain(output, 'mental-health')).toMatchObject({ result: 'positive', flaggedItems: ['93038-8'] });
    expect(domain(output, 'physical-activity')).toMatchObject({ result: 'incomplete', incompleteReason: 'age-unknown' });
    expect(output.needs).toEqual([{ sdohCategory: 'sdoh-category-unspecified', sdohCategoryText: 'Mental Health', domain: 'mental-health' }]);

    const aged = JSON.parse(run(file, '--age', '40').stdout);
    expect(domain(aged, 'physical-activity').result).toBe('negative');
    expect(domain(aged, 'disabilities').result).toBe('negative');
    expect(JSON.parse(run('--age', '12', file).stdout).domains.find((entry: any) => entry.domain === 'physical-activity').result).toBe('positive');
  });

  it.each([['-1'], ['12.5'], ['131'], ['twelve']])('exits 2 with one line on stderr for --age %s', (age) => {
    const result = run(path.join(examples, 'hunger-vital-sign/QuestionnaireResponse-hunger-vital-sign-example.json'), '--age', age);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('whole number of years');
  });

  it.each([
    ['a malformed file', '{"resourceType":', 'is not valid JSON'],
    ['an unknown questionnaire', '{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/Questionnaire/phq-9"}', 'Unknown questionnaire'],
    ['not a QuestionnaireResponse', '{"resourceType":"Bundle"}', 'Not a FHIR QuestionnaireResponse'],
  ])('exits 2 with one line on stderr for %s', (_case, content, message) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'screening-score-')), 'qr.json');
    fs.writeFileSync(file, content);
    const result = run(file);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
  });

  it('exits 2 for a missing file or argument', () => {
    expect(run('/nonexistent/qr.json')).toMatchObject({ status: 2, stderr: expect.stringContaining('cannot read') });
    expect(run()).toMatchObject({ status: 2, stderr: expect.stringContaining('usage') });
  });
});
