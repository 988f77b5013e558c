// Every instrument definition, field by field, against the screener reference (app/screening/reference):
// a typo in a code, text or display fails here. The expectations are read from the reference
// directly, not through the generator, so a generator bug cannot hide behind itself.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DECLINE_OPTION_CODES, EXCLUSIVE_OPTION_CODES, PRAPARE_FORM_ANSWER_TEXT, renderInstrumentModule, ahcHrsnDefinition, hungerVitalSignDefinition, prapareDefinition } from '../../../scripts/screeners-generate';
import { LOINC } from '../instrument';
import { AHC_HRSN, HUNGER_VITAL_SIGN, PRAPARE } from './index';

const referenceDir = path.resolve(__dirname, '../reference');
const read = (name: string) => JSON.parse(fs.readFileSync(path.join(referenceDir, name), 'utf8'));
const hvs = read('hunger-vital-sign.json');
const ahc = read('ahc-hrsn.json');
const prapare = read('prapare.json');
const supplementalScoring = read('ahc-hrsn-supplemental-scoring.json');
const prapareForm = read('prapare-risk-research.json');

/** The answer options as the reference lists them, plus the fields CareLoop adds (exclusive, score, declines, form text). */
function expectedAnswers(answers: any[], repeats: boolean, formText: (code: string) => string | undefined = () => undefined) {
  return answers.map((answer) => {
    expect(answer.system ?? LOINC).toBe(LOINC);
    const text = formText(answer.code);
    return {
      code: answer.code,
      display: answer.display,
      ...(repeats && EXCLUSIVE_OPTION_CODES.has(answer.code) ? { exclusive: true } : {}),
      ...(typeof answer.score === 'number' ? { score: answer.score } : {}),
      ...(DECLINE_OPTION_CODES.has(answer.code) ? { declines: true } : {}),
      ...(text && text !== answer.display ? { text } : {}),
    };
  });
}

const categories = (value: any) =>
  (Array.isArray(value) ? value : [value]).map((category: any) => ({
    code: category.code,
    ...(category.category_text ? { text: category.category_text } : {}),
    verified: category.status === undefined || /^VERIFIED/.test(category.status),
  }));

describe('Hunger Vital Sign definition', () => {
  const asked = hvs.items.filter((item: any) => !item.derived);
  const derived = hvs.items.filter((item: any) => item.derived);

  it('has the reference panel', () => {
    expect(HUNGER_VITAL_SIGN.panel.code).toBe(hvs.instrument.panel.code);
    expect(hvs.instrument.panel.display_variants.map((variant: any) => variant.display)).toContain(HUNGER_VITAL_SIGN.panel.display);
  });

  it.each((asked as any[]).map((item: any, index: number): [string, number] => [item.question.code, index]))('item %s matches field by field', (_code, index) => {
    const reference = asked[index];
    expect(HUNGER_VITAL_SIGN.items[index]).toEqual({
      linkId: reference.linkId,
      code: reference.question.code,
      codeDisplay: reference.question.display,
      text: reference.text,
      textSource: 'sdohcc-ig-questionnaire',
      kind: reference.type,
      repeats: false,
      answers: expectedAnswers(reference.answers, false),
      sdohCategories: categories(reference.sdoh_category),
    });
  });

  it('has exactly the reference items and the derived 88124-3', () => {
    expect(HUNGER_VITAL_SIGN.items).toHaveLength(asked.length);
    expect(HUNGER_VITAL_SIGN.derivedItems).toEqual(
      derived.map((reference: any) => ({
        linkId: reference.linkId,
        code: reference.question.code,
        codeDisplay: reference.question.display,
        text: reference.text,
        kind: 'choice',
        answers: expectedAnswers(reference.answers, false),
        sdohCategories: categories(reference.sdoh_category),
      })),
    );
  });
});

describe('AHC HRSN definition', () => {
  const calculated = (item: any) => String(item.type).startsWith('calculated');
  const asked = ahc.items.filter((item: any) => !calculated(item));

  it('has the 10 core items, the supplemental items and the HITS total, in reference order', () => {
    expect(AHC_HRSN.items.map((item) => item.code)).toEqual(asked.map((item: any) => item.question.code));
    expect(AHC_HRSN.items.filter((item) => item.section === 'core')).toHaveLength(10);
    expect(AHC_HRSN.items.filter((item) => item.section === 'supplemental')).toHaveLength(asked.length - 10);
    expect(AHC_HRSN.derivedItems.map((item) => item.code)).toEqual(['95614-4']);
    expect(AHC_HRSN.panel.code).toBe(ahc.instrument.loinc_panels[0].code);
  });

  it.each((asked as any[]).map((item: any, index: number): [string, number] => [item.question.code, index]))('item %s matches field by field', (_code, index) => {
    const reference = asked[index];
    const cms = supplementalScoring.item_text_differences_cms_vs_reference[reference.question.code];
    expect(AHC_HRSN.items[index]).toEqual({
      linkId: reference.linkId,
      code: reference.question.code,
      codeDisplay: reference.question.display,
      text: cms ? cms.cms : reference.text,
      textSource: cms ? 'cms-ahc-tool-2021' : reference.text_sources[0],
      kind: reference.type,
      repeats: reference.repeats,
      answers: expectedAnswers(reference.answers, reference.repeats),
      ...(reference.section === 'supplemental' ? { group: '/97023-6' } : {}),
      section: reference.section,
      sdohCategories: categories(reference.sdoh_category),
    });
  });

  it('shows the CMS 2021 wording where it differs from the LOINC-based text, e.g. the disability age limits', () => {
    const disability = AHC_HRSN.items.find((item) => item.code === '69858-9')!;
    expect(disability.text).toContain('(5 years old or older)');
    expect(supplementalScoring.item_text_differences_cms_vs_reference['69858-9'].reference).toBe(ahc.items.find((item: any) => item.question.code === '69858-9').text);
  });

  it('groups the supplemental items under the supplemental panel, and writes a stable Questionnaire canonical', () => {
    expect(AHC_HRSN.groups).toEqual([{ linkId: '/97023-6', code: '97023-6', codeDisplay: ahc.instrument.loinc_panels[1].display, text: ahc.instrument.loinc_panels[1].display }]);
    expect(AHC_HRSN.questionnaires[0]).toBe('http://loinc.org/q/96777-8');
  });

  it('marks only "None of the above" as exclusive, and only on the multi-select item', () => {
    const exclusive = AHC_HRSN.items.flatMap((item) => item.answers.filter((answer) => 'exclusive' in answer).map((answer) => `${item.code}:${answer.code}`));
    expect(exclusive).toEqual(['96778-6:LA9-3']);
  });

  it('scores the HITS answers exactly as the reference domain scoring', () => {
    const { scoring, items } = ahc.domain_scoring.interpersonal_safety;
    for (const code of items) {
      const item = AHC_HRSN.items.find((candidate) => candidate.code === code)!;
      expect(Object.fromEntries(item.answers.map((answer) => [answer.code, 'score' in answer ? answer.score : undefined]))).toEqual(scoring);
    }
  });
});

describe('PRAPARE definition', () => {
  it('has the 21 items in the 5 reference groups', () => {
    expect(PRAPARE.items).toHaveLength(prapare.items.length);
    expect(PRAPARE.groups).toEqual(
      [...new Map(prapare.items.map((item: any) => [item.group.linkId, item.group])).values()].map((group: any) => ({
        linkId: group.linkId,
        code: group.code,
        codeDisplay: group.display,
        text: group.text,
      })),
    );
    expect(PRAPARE.rootLinkId).toBe(`/${prapare.instrument.panel.code}`);
  });

  it.each((prapare.items as any[]).map((item: any, index: number): [string, number] => [item.question.code, index]))('item %s matches field by field', (_code, index) => {
    const reference = prapare.items[index];
    const form = prapareForm.items.find((item: any) => item.loinc === reference.question.code);
    // The form's own words for an answer: the recorded exception, else the form's casing where it prints the LOINC display.
    const formText = (code: string) => {
      const display = reference.answers.find((answer: any) => answer.code === code).display;
      const printed = form.nachc_2016_form_answer_block_text?.match(new RegExp(`(?<![A-Za-z])${display.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z])`, 'i'));
      return PRAPARE_FORM_ANSWER_TEXT[reference.question.code]?.[code] ?? printed?.[0];
    };
    expect(PRAPARE.items[index]).toEqual({
      linkId: reference.linkId,
      code: reference.question.code,
      codeDisplay: reference.question.loinc_display_tx[0],
      text: form.nachc_2016_form_question_text,
      textSource: 'nachc-prapare-form-2016',
      kind: reference.type,
      repeats: reference.repeats,
      answers: expectedAnswers(reference.answers ?? [], reference.repeats, formText),
      group: reference.group.linkId,
      ...(reference.ig_unit ? { unit: { system: reference.ig_unit.system, code: reference.ig_unit.code } } : {}),
      sdohCategories: categories(reference.sdoh_category),
    });
    expect(reference.linkId).toBe(`${reference.group.linkId}/${reference.question.code}`);
  });
});

describe('PRAPARE wording', () => {
  it('uses the NACHC form wording, not the LOINC abbreviations, and keeps the LOINC codes and displays', () => {
    const education = PRAPARE.items.find((item) => item.code === '82589-3')!;
    expect(education.text).toBe('What is the highest level of school that you have finished?');
    expect(education.codeDisplay).not.toBe(education.text);
    expect(PRAPARE.items.map((item) => item.text)).not.toContain('Employment status current');
  });

  it('shows the form\'s "6 or more times a week" where LOINC says "5 or more", keeping the code', () => {
    const option = PRAPARE.items.find((item) => item.code === '93029-7')!.answers.find((answer) => answer.code === 'LA30132-7')!;
    expect(option).toMatchObject({ display: '5 or more times a week', text: '6 or more times a week' });
    expect(prapareForm.form_vs_loinc_differences.join(' ')).toContain("93029-7: NACHC 2016 form prints '6 or more times a week'");
    expect(prapareForm.items.find((item: any) => item.loinc === '93029-7').nachc_2016_form_answer_block_text).toContain('6 or more times a week');
  });
});

describe('generated modules', () => {
  it.each([
    ['hunger-vital-sign.instrument.ts', 'HUNGER_VITAL_SIGN', ['hunger-vital-sign.json'], (json: any[]) => hungerVitalSignDefinition(json[0])],
    ['ahc-hrsn.instrument.ts', 'AHC_HRSN', ['ahc-hrsn.json', 'ahc-hrsn-supplemental-scoring.json'], (json: any[]) => ahcHrsnDefinition(json[0], json[1])],
    ['prapare.instrument.ts', 'PRAPARE', ['prapare.json', 'prapare-risk-research.json'], (json: any[]) => prapareDefinition(json[0], json[1])],
  ] as const)('%s is what the generator makes of the reference', (file, constant, references, build) => {
    const committed = fs.readFileSync(path.join(__dirname, file), 'utf8');
    expect(committed).toBe(renderInstrumentModule(constant, references, build(references.map(read))));
  });

  it('carries no Spanish text: the reference has none; official translations are loaded as data, never machine-translated', () => {
    for (const instrument of [HUNGER_VITAL_SIGN, AHC_HRSN, PRAPARE]) {
      for (const item of instrument.items) expect(Object.keys(item)).not.toContain('translations');
    }
  });
});
