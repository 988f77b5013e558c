import { describe, expect, it } from 'vitest';
import type { InstrumentDefinition, ItemAnswer, ScreeningAnswers } from './instrument';
import { AHC_HRSN } from './instruments/index';
import { answersFromForm, isItemEnabled, scoreScreening, validateAnswers } from './scoring';

const OFTEN = 'LA28397-0';
const SOMETIMES = 'LA6729-3';
const NEVER_TRUE = 'LA28398-8';
const REFUSED = 'LA15775-2';
const DECLINED = { absent: 'asked-declined' } as const;
const NOT_ASKED = { absent: 'not-asked' } as const;

const domainOf = (instrument: Parameters<typeof scoreScreening>[0], answers: ScreeningAnswers, id: string) =>
  scoreScreening(instrument, answers).domains.find((domain) => domain.domain === id)!;

describe('Hunger Vital Sign (IG FHIRPath on 88124-3)', () => {
  const food = (worried?: ItemAnswer, ranOut?: ItemAnswer) => domainOf('hunger-vital-sign', { '88122-7': worried, '88123-5': ranOut }, 'food');

  it.each([
    [OFTEN, NEVER_TRUE],
    [SOMETIMES, NEVER_TRUE],
    [NEVER_TRUE, OFTEN],
    [NEVER_TRUE, SOMETIMES],
    [SOMETIMES, SOMETIMES],
    [OFTEN, undefined],
    [undefined, SOMETIMES],
    [REFUSED, OFTEN],
    [DECLINED, OFTEN],
    [SOMETIMES, NOT_ASKED],
  ])('is at risk for %j / %j', (worried, ranOut) => {
    expect(food(worried, ranOut)).toMatchObject({ result: 'positive', derived: { item: '88124-3', code: 'LA19952-3', display: 'At risk' } });
  });

  it.each([
    [NEVER_TRUE, NEVER_TRUE],
    [REFUSED, NEVER_TRUE],
    [REFUSED, REFUSED],
    [NEVER_TRUE, undefined],
    [undefined, REFUSED],
    [NEVER_TRUE, DECLINED],
    [NOT_ASKED, REFUSED],
  ])('is no risk for %j / %j: "Don\'t know/refused" is an answer, a declined item is not', (worried, ranOut) => {
    expect(food(worried, ranOut)).toMatchObject({ result: 'negative', derived: { code: 'LA19983-8', display: 'No risk' } });
  });

  it.each([
    [undefined, undefined],
    [DECLINED, DECLINED],
    [DECLINED, NOT_ASKED],
    [NOT_ASKED, undefined],
  ])('leaves the risk empty when neither item has an answer code (%j / %j)', (worried, ranOut) => {
    const result = food(worried, ranOut);
    expect(result.result).toBe('incomplete');
    expect(result.derived).toBeUndefined();
  });

  it('records declined and not-asked items with the domain, never as a negative', () => {
    expect(food(DECLINED, undefined).answers).toEqual([
      { item: '88122-7', status: 'asked-declined' },
      { item: '88123-5', status: 'missing' },
    ]);
    expect(food(NEVER_TRUE, NOT_ASKED).answers).toEqual([
      { item: '88122-7', status: 'answered', codes: [NEVER_TRUE], atRisk: false },
      { item: '88123-5', status: 'not-asked' },
    ]);
  });

  it('turns a positive screen into a food-insecurity need with a suggested Z-code, and only then', () => {
    expect(scoreScreening('hunger-vital-sign', { '88122-7': OFTEN, '88123-5': NEVER_TRUE }).needs).toEqual([
      { sdohCategory: 'food-insecurity', domain: 'food', evidenceItems: ['88122-7'], suggestedZCode: { code: 'Z59.41', display: 'Food insecurity' } },
    ]);
    expect(scoreScreening('hunger-vital-sign', { '88122-7': NEVER_TRUE, '88123-5': NEVER_TRUE }).needs).toEqual([]);
  });
});

// AHC HITS: Never=1, Rarely=2, Sometimes=3, Fairly often=4, Frequently=5.
const HITS = ['95618-5', '95617-7', '95616-9', '95615-1'];
const HITS_CODE = { 1: 'LA6270-8', 2: 'LA10066-1', 3: 'LA10082-8', 4: 'LA16644-9', 5: 'LA6482-9' } as const;
const hits = (...scores: Array<1 | 2 | 3 | 4 | 5>) => Object.fromEntries(HITS.map((item, index) => [item, HITS_CODE[scores[index]]]));
const safety = (answers: ScreeningAnswers) => domainOf('ahc-hrsn', answers, 'interpersonal-safety');

describe('AHC HRSN interpersonal safety (HITS sum, positive at 11 or more)', () => {
  it.each([
    [[1, 1, 1, 1], 4, 'negative'],
    [[3, 3, 2, 2], 10, 'negative'],
    [[2, 2, 3, 3], 10, 'negative'],
    [[3, 3, 3, 2], 11, 'positive'],
    [[5, 4, 1, 1], 11, 'positive'],
    [[3, 3, 3, 3], 12, 'positive'],
    [[5, 5, 5, 5], 20, 'positive'],
  ] as const)('%j sums to %i: %s', (scores, total, result) => {
    const domain = safety(hits(...scores));
    expect(domain).toMatchObject({ result, score: total, derived: { item: '95614-4', value: total }, sdohCategory: 'sdoh-category-unspecified', sdohCategoryText: 'Interpersonal Safety' });
    expect(domain.answers.map((answer) => answer.score)).toEqual([...scores]);
  });

  it.each(HITS)('is incomplete, with no score, when %s is missing, declined or not asked', (item) => {
    for (const absent of [undefined, DECLINED, NOT_ASKED]) {
      // Even a partial sum already past the threshold is not a score.
      const domain = safety({ ...hits(5, 5, 5, 5), [item]: absent });
      expect(domain.result).toBe('incomplete');
      expect(domain.score).toBeUndefined();
      expect(domain.partialScore).toBe(15);
      expect(domain.answers.find((answer) => answer.item === item)!.status).toBe(absent ? absent.absent : 'missing');
    }
  });

  it('becomes a safety need without a Z-code (the unspecified category has none listed) and raises the safety alert', () => {
    const score = scoreScreening('ahc-hrsn', hits(5, 4, 4, 4));
    expect(score.needs).toEqual([
      { sdohCategory: 'sdoh-category-unspecified', sdohCategoryText: 'Interpersonal Safety', domain: 'interpersonal-safety', evidenceItems: HITS, safety: true },
    ]);
    expect(score.safetyAlert).toBe(true);
    expect(safety(hits(5, 4, 4, 4))).toMatchObject({ result: 'positive', score: 17, safety: true, flaggedItems: HITS });
    expect(scoreScreening('ahc-hrsn', hits(3, 3, 2, 2)).safetyAlert).toBeUndefined();
  });
});

describe('AHC HRSN any-of domains', () => {
  it.each([
    ['living-situation', '71802-3', 'LA31993-1', 'negative', 'housing-instability'],
    ['living-situation', '71802-3', 'LA31994-9', 'positive', 'housing-instability'],
    ['living-situation', '71802-3', 'LA31995-6', 'positive', 'homelessness'],
    ['transportation', '93030-5', 'LA33-6', 'positive', 'transportation-insecurity'],
    ['transportation', '93030-5', 'LA32-8', 'negative', 'transportation-insecurity'],
    ['utilities', '96779-4', 'LA33-6', 'positive', 'utility-insecurity'],
    ['utilities', '96779-4', 'LA32002-0', 'positive', 'utility-insecurity'],
    ['utilities', '96779-4', 'LA32-8', 'negative', 'utility-insecurity'],
    ['employment', '96780-2', 'LA31981-6', 'positive', 'employment-status'],
    ['employment', '96780-2', 'LA31982-4', 'positive', 'employment-status'],
    ['employment', '96780-2', 'LA31983-2', 'negative', 'employment-status'],
    ['education', '96782-8', 'LA33-6', 'positive', 'sdoh-category-unspecified'],
    ['education', '96782-8', 'LA32-8', 'negative', 'sdoh-category-unspecified'],
  ])('%s: %s = %s is %s (%s)', (domain, item, code, result, category) => {
    expect(domainOf('ahc-hrsn', { [item]: code }, domain)).toMatchObject({ result, sdohCategory: category });
    expect(domainOf('ahc-hrsn', { [item]: DECLINED }, domain).result).toBe('incomplete');
    expect(domainOf('ahc-hrsn', { [item]: NOT_ASKED }, domain).result).toBe('incomplete');
    expect(domainOf('ahc-hrsn', {}, domain).result).toBe('incomplete');
  });

  it('suggests the Z-code of the category the answer leads to', () => {
    expect(scoreScreening('ahc-hrsn', { '71802-3': 'LA31995-6' }).needs).toEqual([
      { sdohCategory: 'homelessness', domain: 'living-situation', evidenceItems: ['71802-3'], suggestedZCode: { code: 'Z59.00', display: 'Homelessness unspecified' } },
    ]);
    expect(scoreScreening('ahc-hrsn', { '71802-3': 'LA31994-9' }).needs[0].suggestedZCode).toEqual({ code: 'Z59.819', display: 'Housing instability, housed unspecified' });
  });

  it('housing quality (multi-select): any problem is positive, "None of the above" alone is negative', () => {
    const quality = (codes: string[]) => domainOf('ahc-hrsn', { '96778-6': codes }, 'housing-quality').result;
    expect(quality(['LA9-3'])).toBe('negative');
    expect(quality(['LA28580-1'])).toBe('positive');
    expect(quality(['LA32001-2', 'LA31996-4', 'LA32000-4'])).toBe('positive');
    expect(quality([])).toBe('incomplete');
  });

  it('food: a risk answer on either item is positive even with the other missing; a negative needs both items', () => {
    const food = (answers: ScreeningAnswers) => domainOf('ahc-hrsn', answers, 'food').result;
    expect(food({ '88122-7': OFTEN })).toBe('positive');
    expect(food({ '88122-7': DECLINED, '88123-5': SOMETIMES })).toBe('positive');
    expect(food({ '88122-7': NEVER_TRUE, '88123-5': NEVER_TRUE })).toBe('negative');
    expect(food({ '88122-7': NEVER_TRUE })).toBe('incomplete');
    expect(food({ '88122-7': NEVER_TRUE, '88123-5': DECLINED })).toBe('incomplete');
    expect(food({ '88122-7': NOT_ASKED, '88123-5': NEVER_TRUE })).toBe('incomplete');
  });

  it('scores the complete core example of the US Core QR as all negative', () => {
    const score = scoreScreening('ahc-hrsn', {
      '71802-3': 'LA31993-1',
      '96778-6': ['LA32001-2', 'LA31996-4', 'LA32000-4'],
      '88122-7': NEVER_TRUE,
      '88123-5': NEVER_TRUE,
      '93030-5': 'LA32-8',
      '96779-4': 'LA32-8',
      ...hits(1, 1, 1, 1),
    });
    expect(Object.fromEntries(score.domains.slice(0, 6).map((domain) => [domain.domain, domain.result]))).toEqual({
      'living-situation': 'negative',
      'housing-quality': 'positive',
      food: 'negative',
      transportation: 'negative',
      utilities: 'negative',
      'interpersonal-safety': 'negative',
    });
    expect(score).toMatchObject({ instrument: 'ahc-hrsn', version: AHC_HRSN.version, rulesVersion: '2' });
  });
});

describe('PRAPARE', () => {
  it('proposes the two needs the IG StructureMap derives, and leaves every other answered item for review', () => {
    const score = scoreScreening('prapare', { '71802-3': 'LA30190-5', '67875-5': 'LA17956-6', '93033-9': 'LA30122-8', '63512-8': 6, '56799-0': 'Broadway' });
    const results = Object.fromEntries(score.domains.map((domain) => [domain.domain, domain.result]));
    expect(results).toMatchObject({ 'housing-status': 'positive', employment: 'positive', 'housing-worry': 'review', 'household-size': 'review', address: 'review', race: 'incomplete' });
    expect(score.needs).toEqual([
      { sdohCategory: 'homelessness', domain: 'housing-status', evidenceItems: ['71802-3'], suggestedZCode: { code: 'Z59.0', display: 'Homelessness' } },
      { sdohCategory: 'employment-status', domain: 'employment', evidenceItems: ['67875-5'], suggestedZCode: { code: 'Z56.0', display: 'Unemployment, unspecified' } },
    ]);
    expect(score.domains.find((domain) => domain.domain === 'household-size')!.answers).toEqual([{ item: '63512-8', status: 'answered', value: 6 }]);
  });

  it('never scores the other answers of those items: having housing or work is for review, not negative', () => {
    const score = scoreScreening('prapare', { '71802-3': 'LA30189-7', '67875-5': 'LA30136-8' });
    expect(score.domains.filter((domain) => domain.result !== 'incomplete').map((domain) => [domain.domain, domain.result])).toEqual([
      ['housing-status', 'review'],
      ['employment', 'review'],
    ]);
    expect(score.needs).toEqual([]);
  });

  it.each([
    ['76501-6', 'LA33-6', 'partner-violence', 'intimate-partner-violence', undefined],
    ['93026-3', 'LA32-8', 'safety', 'sdoh-category-unspecified', 'Safety'],
    ['93026-3', 'LA14072-5', 'safety', 'sdoh-category-unspecified', 'Safety'],
  ])('%s = %s raises the safety alert and proposes a safety need', (item, code, domain, category, text) => {
    const score = scoreScreening('prapare', { [item]: code });
    expect(score.safetyAlert).toBe(true);
    expect(score.needs).toEqual([{ sdohCategory: category, ...(text ? { sdohCategoryText: text } : {}), domain, evidenceItems: [item], safety: true }]);
  });

  it.each([
    ['76501-6', 'LA32-8'],
    ['93026-3', 'LA33-6'],
    ['93026-3', 'LA30122-8'],
  ])('%s = %s raises no alert and goes to review', (item, code) => {
    const score = scoreScreening('prapare', { [item]: code });
    expect(score.safetyAlert).toBeUndefined();
    expect(score.needs).toEqual([]);
  });
});

describe('validateAnswers', () => {
  it('accepts valid answers, declined and not-asked items', () => {
    expect(validateAnswers('ahc-hrsn', { '71802-3': 'LA31993-1', '96778-6': ['LA28580-1', 'LA31997-2'], '95618-5': DECLINED, '95617-7': NOT_ASKED })).toEqual([]);
    expect(validateAnswers('prapare', { '63512-8': 4, '63586-2': 25000.5, '56799-0': 'Broadway', '32624-9': ['LA6156-9', 'LA46-8'] })).toEqual([]);
  });

  it.each([
    ['an unknown item', 'hunger-vital-sign', { '12345-6': OFTEN }, '12345-6', 'is not an item of Hunger Vital Sign'],
    ['a calculated item', 'hunger-vital-sign', { '88124-3': 'LA19952-3' }, '88124-3', 'is calculated from other answers'],
    ['an unknown answer code', 'hunger-vital-sign', { '88122-7': 'LA0000-0' }, '88122-7', '"LA0000-0" is not an answer to this question'],
    ['an answer of another item', 'ahc-hrsn', { '88122-7': REFUSED }, '88122-7', 'is not an answer'],
    ['several answers on a single-choice item', 'hunger-vital-sign', { '88122-7': [OFTEN, NEVER_TRUE] }, '88122-7', 'Choose only one answer'],
    ['"None of the above" with another option', 'ahc-hrsn', { '96778-6': ['LA9-3', 'LA28580-1'] }, '96778-6', '"None of the above" cannot be combined with other answers'],
    ['"I choose not to answer" with another option', 'prapare', { '93031-3': ['LA30125-1', 'LA30122-8'] }, '93031-3', '"I choose not to answer this question" cannot be combined'],
    ['"No" with a "Yes, …" option', 'prapare', { '93030-5': ['LA32-8', 'LA30133-5'] }, '93030-5', '"No" cannot be combined'],
    ['the same option twice', 'ahc-hrsn', { '96778-6': ['LA28580-1', 'LA28580-1'] }, '96778-6', 'selected twice'],
    ['an empty selection', 'ahc-hrsn', { '96778-6': [] }, '96778-6', 'No answer selected'],
    ['an unknown absent reason', 'ahc-hrsn', { '93030-5': { absent: 'unknown' } }, '93030-5', 'must say why'],
    ['a number for a choice', 'ahc-hrsn', { '93030-5': 1 }, '93030-5', 'Expected one answer code'],
    ['a fraction for an integer item', 'prapare', { '63512-8': 2.5 }, '63512-8', 'whole number'],
    ['text for a number item', 'prapare', { '63586-2': '25000' }, '63586-2', 'Expected a number'],
    ['a number for a text item', 'prapare', { '56799-0': 12 }, '56799-0', 'Expected text'],
  ])('rejects %s', (_case, instrument, answers, item, message) => {
    const problems = validateAnswers(instrument, answers);
    expect(problems).toHaveLength(1);
    expect(problems[0].item).toBe(item);
    expect(problems[0].message).toContain(message);
  });

  it('rejects an unknown instrument and answers that are not an object', () => {
    expect(validateAnswers('phq-9', {})[0].message).toContain('Unknown screening instrument');
    expect(validateAnswers('ahc-hrsn', [])[0].message).toContain('object keyed by item LOINC code');
  });
});

describe('skip logic (enableWhen)', () => {
  const base = AHC_HRSN.items[0];
  const controlled = { ...base, code: 'X-2', linkId: '/X-2', enableWhen: [{ question: '71802-3', operator: '=' as const, answer: 'LA31995-6' }] };
  const instrument = { ...AHC_HRSN, items: [base, controlled] } as unknown as InstrumentDefinition;

  it.each([
    ['=', 'LA31995-6', { '71802-3': 'LA31995-6' }, true],
    ['=', 'LA31995-6', { '71802-3': 'LA31993-1' }, false],
    ['=', 'LA31995-6', {}, false],
    ['!=', 'LA31995-6', { '71802-3': 'LA31993-1' }, true],
    ['!=', 'LA31995-6', {}, false],
    ['exists', true, { '71802-3': 'LA31993-1' }, true],
    ['exists', true, { '71802-3': DECLINED }, false],
    ['exists', false, {}, true],
  ] as const)('%s %j given %j → %s', (operator, answer, answers, enabled) => {
    const item = { ...controlled, enableWhen: [{ question: '71802-3', operator, answer }] };
    expect(isItemEnabled(instrument, item, answers)).toBe(enabled);
  });
});

describe('answersFromForm', () => {
  it('reads LOINC-named fields, repeated multi-select fields and absent reasons', () => {
    const form = new URLSearchParams([
      ['71802-3', 'LA31993-1'],
      ['96778-6', 'LA28580-1'],
      ['96778-6', 'LA31997-2'],
      ['absent:88122-7', 'asked-declined'],
      ['88123-5', ''],
    ]);
    expect(answersFromForm('ahc-hrsn', form)).toEqual({ '71802-3': 'LA31993-1', '96778-6': ['LA28580-1', 'LA31997-2'], '88122-7': DECLINED });
    expect(answersFromForm('prapare', new URLSearchParams([['63512-8', '4'], ['56799-0', 'Broadway']]))).toEqual({ '63512-8': 4, '56799-0': 'Broadway' });
  });
});
