import { describe, expect, it } from 'vitest';
import { scoreHungerVitalSign } from './scoring';

const OFTEN = 'LA28397-0';
const SOMETIMES = 'LA6729-3';
const NEVER = 'LA28398-8';
const REFUSED = 'LA15775-2';

const score = (worried?: string, ranOut?: string) => scoreHungerVitalSign({ '88122-7': worried, '88123-5': ranOut }).domains[0];

describe('Hunger Vital Sign scoring', () => {
  it.each([
    [OFTEN, NEVER],
    [SOMETIMES, NEVER],
    [NEVER, OFTEN],
    [NEVER, SOMETIMES],
    [SOMETIMES, SOMETIMES],
    [OFTEN, undefined],
    [undefined, SOMETIMES],
    [REFUSED, OFTEN],
  ])('is at risk for %s / %s', (worried, ranOut) => {
    expect(score(worried, ranOut)).toMatchObject({ result: 'positive', derived: { answer: { code: 'LA19952-3' } } });
  });

  it.each([
    [NEVER, NEVER],
    [REFUSED, NEVER],
    [REFUSED, REFUSED],
    [NEVER, undefined],
    [undefined, REFUSED],
  ])('is no risk for %s / %s (the IG counts "Don\'t know/refused" as an answer)', (worried, ranOut) => {
    expect(score(worried, ranOut)).toMatchObject({ result: 'negative', derived: { answer: { code: 'LA19983-8' } } });
  });

  it('leaves the risk empty when neither item is answered', () => {
    expect(score()).toMatchObject({ result: 'incomplete', derived: { answer: null } });
  });

  it('turns a positive screen into a food-insecurity need, and only then', () => {
    expect(scoreHungerVitalSign({ '88122-7': OFTEN, '88123-5': NEVER }).needs).toEqual(['food-insecurity']);
    expect(scoreHungerVitalSign({ '88122-7': NEVER, '88123-5': NEVER }).needs).toEqual([]);
  });
});
