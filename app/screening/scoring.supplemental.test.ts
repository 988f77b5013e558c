// AHC HRSN supplemental domains, scored by the CMS 2021 tool's rules (reference/ahc-hrsn-supplemental-scoring.json).
import { describe, expect, it } from 'vitest';
import type { ScreeningAnswers } from './instrument';
import { scoreScreening, summarizeScore } from './scoring';

const DECLINED = { absent: 'asked-declined' } as const;
const domainOf = (answers: ScreeningAnswers, id: string, age?: number) =>
  scoreScreening('ahc-hrsn', answers, { age }).domains.find((domain) => domain.domain === id)!;

describe('single-item and multi-item underlined answers', () => {
  it.each([
    ['financial-strain', '76513-1', 'LA15832-1', 'positive'],
    ['financial-strain', '76513-1', 'LA22683-9', 'positive'],
    ['financial-strain', '76513-1', 'LA31980-8', 'negative'],
    ['family-community-support', '96781-0', 'LA31978-2', 'positive'],
    ['family-community-support', '96781-0', 'LA31979-0', 'positive'],
    ['family-community-support', '93159-2', 'LA10044-8', 'positive'],
    ['family-community-support', '93159-2', 'LA9933-8', 'positive'],
    ['education', '96782-8', 'LA33-6', 'positive'],
  ])('%s: %s = %s is %s', (domain, item, code, result) => {
    const scored = domainOf({ [item]: code }, domain);
    expect(scored.result).toBe(result);
    if (result === 'positive') expect(scored.flaggedItems).toEqual([item]);
  });

  it('family support is negative only when both items are answered without an underlined answer', () => {
    expect(domainOf({ '96781-0': 'LA31976-6' }, 'family-community-support').result).toBe('incomplete');
    expect(domainOf({ '96781-0': 'LA31977-4', '93159-2': 'LA10082-8' }, 'family-community-support').result).toBe('negative');
    expect(domainOf({ '96781-0': 'LA31977-4', '93159-2': DECLINED }, 'family-community-support').result).toBe('incomplete');
  });

  it('shows which item flagged when both do', () => {
    expect(domainOf({ '96781-0': 'LA31979-0', '93159-2': 'LA9933-8' }, 'family-community-support').flaggedItems).toEqual(['96781-0', '93159-2']);
  });

  it('financial strain "Very hard" proposes a financial-insecurity need with Z59.86', () => {
    expect(scoreScreening('ahc-hrsn', { '76513-1': 'LA15832-1' }).needs).toEqual([
      { sdohCategory: 'financial-insecurity', domain: 'financial-strain', evidenceItems: ['76513-1'], suggestedZCode: { code: 'Z59.86', display: 'Financial insecurity' } },
    ]);
  });
});

describe('language other than English at home (97027-7)', () => {
  it('is shown as flagged, as the tool underlines Yes, but proposes no referral need', () => {
    const score = scoreScreening('ahc-hrsn', { '97027-7': 'LA33-6' });
    expect(score.domains.find((domain) => domain.domain === 'language')).toMatchObject({ result: 'positive', flaggedItems: ['97027-7'], proposesNeed: false, sdohCategory: 'language-access' });
    expect(score.needs).toEqual([]);
    expect(domainOf({ '97027-7': 'LA32-8' }, 'language').result).toBe('negative');
  });
});

describe('substance use: any answer except Never', () => {
  const ITEMS = ['68517-2', '96842-0', '95530-2', '68524-8'];
  const NEVER = 'LA6270-8';
  const allNever = Object.fromEntries(ITEMS.map((item) => [item, NEVER]));

  it('is negative when all four are Never', () => {
    expect(domainOf(allNever, 'substance-use').result).toBe('negative');
  });

  it.each(ITEMS.flatMap((item) => ['LA26460-8', 'LA18876-5', 'LA18891-4', 'LA18934-2'].map((code) => [item, code])))('%s = %s flags that item', (item, code) => {
    const domain = domainOf({ ...allNever, [item]: code }, 'substance-use');
    expect(domain).toMatchObject({ result: 'positive', flaggedItems: [item], sdohCategoryText: 'Substance Use' });
  });

  it('stays incomplete while an item is missing or declined', () => {
    expect(domainOf({ ...allNever, '68524-8': DECLINED }, 'substance-use').result).toBe('incomplete');
    expect(domainOf({ '68517-2': NEVER }, 'substance-use').result).toBe('incomplete');
  });
});

describe('mental health: PHQ-2 sum of 3 or more, or stress above "Not at all"', () => {
  const PHQ = { 0: 'LA6568-5', 1: 'LA6569-3', 2: 'LA6570-1', 3: 'LA6571-9' } as const;
  const phq = (a: 0 | 1 | 2 | 3, b: 0 | 1 | 2 | 3, stress = 'LA6568-5') => ({ '44250-9': PHQ[a], '44255-8': PHQ[b], '93038-8': stress });

  it.each([
    [0, 0, 'negative'],
    [1, 1, 'negative'],
    [2, 0, 'negative'],
    [1, 2, 'positive'],
    [3, 0, 'positive'],
    [3, 3, 'positive'],
  ] as const)('PHQ-2 %i + %i with no stress is %s', (a, b, result) => {
    const domain = domainOf(phq(a, b), 'mental-health');
    expect(domain).toMatchObject({ result, score: a + b });
    if (result === 'positive') expect(domain.flaggedItems).toEqual(['44250-9', '44255-8']);
  });

  it('PHQ-2 of 6 is positive', () => {
    expect(domainOf(phq(3, 3), 'mental-health')).toMatchObject({ result: 'positive', score: 6 });
  });

  it.each(['LA13863-8', 'LA13909-9', 'LA13902-4', 'LA13914-9'])('stress %s flags the stress item', (stress) => {
    expect(domainOf(phq(0, 1, stress), 'mental-health')).toMatchObject({ result: 'positive', flaggedItems: ['93038-8'] });
  });

  it('a partial PHQ-2 is not a score; "I choose not to answer" on stress is never a negative', () => {
    expect(domainOf({ '44250-9': PHQ[2], '93038-8': 'LA6568-5' }, 'mental-health')).toMatchObject({ result: 'incomplete', partialScore: 2 });
    expect(domainOf({ ...phq(0, 0), '93038-8': 'LA30122-8' }, 'mental-health').result).toBe('incomplete');
  });
});

describe('physical activity: days × minutes against the age threshold', () => {
  const DAYS = ['LA6111-4', 'LA6112-2', 'LA6113-0', 'LA6114-8', 'LA6115-5', 'LA10137-0', 'LA10138-8', 'LA10139-6'];
  const MINUTES = { 0: 'LA6111-4', 10: 'LA13942-0', 20: 'LA19282-5', 30: 'LA28855-7', 40: 'LA28858-1', 50: 'LA28854-0', 60: 'LA28853-2', 90: 'LA28891-2', 120: 'LA32059-0', 150: 'LA32060-8' } as const;
  const exercise = (days: number, minutes: keyof typeof MINUTES) => ({ '89555-7': DAYS[days], '68516-4': MINUTES[minutes] });
  const activity = (answers: ScreeningAnswers, age?: number) => domainOf(answers, 'physical-activity', age);

  it.each([
    [5, 30, 30, 'negative', 150],
    [7, 20, 30, 'positive', 140],
    [1, 150, 30, 'negative', 150],
    [3, 50, 18, 'negative', 150],
    [4, 30, 18, 'positive', 120],
    [0, 60, 40, 'positive', 0],
  ] as const)('adult: %i days × %i minutes at age %i is %s (%i minutes a week)', (days, minutes, age, result, weekly) => {
    expect(activity(exercise(days, minutes), age)).toMatchObject({ result, weeklyMinutes: weekly });
  });

  it('149 minutes a week flags an adult, 150 does not (the threshold itself)', async () => {
    const { weeklyMinutesFlag } = await import('./scoring');
    const adult = [{ fromAge: 0 }, { fromAge: 6, below: 420 }, { fromAge: 18, below: 150 }];
    expect(weeklyMinutesFlag(149, 18, adult)).toBe('flag');
    expect(weeklyMinutesFlag(150, 18, adult)).toBe('clear');
    expect(weeklyMinutesFlag(419, 17, adult)).toBe('flag');
    expect(weeklyMinutesFlag(420, 17, adult)).toBe('clear');
    expect(weeklyMinutesFlag(0, 5, adult)).toBe('not-at-this-age');
  });

  it('age 17 needs an average of 60 minutes a day, age 18 needs 150 minutes a week', () => {
    expect(activity(exercise(5, 60), 17)).toMatchObject({ result: 'positive', weeklyMinutes: 300 });
    expect(activity(exercise(5, 60), 18)).toMatchObject({ result: 'negative', weeklyMinutes: 300 });
    expect(activity(exercise(7, 60), 17).result).toBe('negative');
    expect(activity(exercise(6, 60), 17).result).toBe('positive');
  });

  it('age 5 cannot be determined, age 6 can', () => {
    expect(activity(exercise(1, 10), 5)).toMatchObject({ result: 'incomplete', incompleteReason: 'not-at-this-age' });
    expect(activity(exercise(1, 10), 6)).toMatchObject({ result: 'positive', weeklyMinutes: 10 });
  });

  it('is incomplete with the reason when the age is unknown', () => {
    expect(activity(exercise(7, 150))).toMatchObject({ result: 'incomplete', incompleteReason: 'age-unknown' });
  });

  it('is incomplete while the minutes are missing (unless there were no exercise days)', () => {
    expect(activity({ '89555-7': DAYS[3] }, 30).result).toBe('incomplete');
    expect(activity({ '89555-7': DAYS[0] }, 30)).toMatchObject({ result: 'positive', weeklyMinutes: 0 });
  });
});

describe('disabilities: Yes, within the ages the questions apply to', () => {
  const YES = 'LA33-6';
  const NO = 'LA32-8';
  const disabilities = (first: string, second: string, age?: number) => domainOf({ '69858-9': first, '69861-3': second }, 'disabilities', age);

  it.each([
    [YES, NO, 30, 'positive', ['69858-9']],
    [NO, YES, 30, 'positive', ['69861-3']],
    [NO, NO, 30, 'negative', undefined],
    [YES, NO, 5, 'positive', ['69858-9']],
    [NO, YES, 14, 'negative', undefined],
    [NO, YES, 15, 'positive', ['69861-3']],
  ] as const)('%s / %s at age %i is %s', (first, second, age, result, flagged) => {
    expect(disabilities(first, second, age)).toMatchObject({ result, flaggedItems: flagged });
  });

  it('under 5 neither question applies', () => {
    expect(disabilities(YES, YES, 4)).toMatchObject({ result: 'incomplete', incompleteReason: 'not-at-this-age' });
  });

  it('is incomplete with the reason when the age is unknown', () => {
    expect(disabilities(YES, YES)).toMatchObject({ result: 'incomplete', incompleteReason: 'age-unknown' });
  });
});

describe('the score summary (CLI and API)', () => {
  it('names the flagged items and the reason a domain is incomplete', () => {
    const summary = summarizeScore(scoreScreening('ahc-hrsn', { '76513-1': 'LA15832-1', '69858-9': 'LA33-6', '69861-3': 'LA32-8' }));
    expect(summary.domains.find((domain) => domain.domain === 'financial-strain')).toMatchObject({ result: 'positive', flaggedItems: ['76513-1'] });
    expect(summary.domains.find((domain) => domain.domain === 'disabilities')).toMatchObject({ result: 'incomplete', incompleteReason: 'age-unknown' });
  });
});
