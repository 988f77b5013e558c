import { describe, expect, it } from 'vitest';
import { containsAffirmedPhrase, containsPhrase, editDistance, normalise, queryWords, stems, typoAllowance } from './text.js';

describe('reading text', () => {
  it('drops markup and accents, lower-cases, stems and skips stopwords in English and Spanish', () => {
    expect(normalise('<p class=msonormal>Ayuda con la Renta</p>&nbsp;')).toBe(' ayuda con la renta  ');
    expect(stems('Food Pantries for the families')).toEqual(['food', 'pantri', 'famili']);
    expect(stems('Ayuda con la renta')).toEqual(['ayuda', 'renta']);
    expect(stems('Atención médica')).toEqual(['atencion', 'medica']);
  });

  it('keeps other scripts as words and trims what a search reads', () => {
    expect(stems('食物 银行')).toEqual(['食物', '银行']);
    expect(queryWords('food '.repeat(100))).toHaveLength(12);
    expect(queryWords('a'.repeat(10_000))).toEqual([]);
  });

  it('finds a phrase only as consecutive words', () => {
    expect(containsPhrase(['free', 'food', 'pantri'], ['food', 'pantri'])).toBe(true);
    expect(containsPhrase(['food', 'free', 'pantri'], ['food', 'pantri'])).toBe(false);
    expect(containsPhrase(['food'], [])).toBe(false);
  });

  it('does not count a phrase that follows a negation or names what a service collects', () => {
    const insurance = stems('health insurance');
    expect(containsAffirmedPhrase(stems('Helps families enroll in health insurance'), insurance)).toBe(true);
    expect(containsAffirmedPhrase(stems('Free surgery for people with no health insurance'), insurance)).toBe(false);
    expect(containsAffirmedPhrase(stems('For adults without health insurance; also health insurance counseling'), insurance)).toBe(true);
    expect(containsAffirmedPhrase(stems('Personas sin seguro medico'), stems('seguro medico'))).toBe(false);
    expect(containsAffirmedPhrase(stems('Accepts clothing donations'), stems('clothing'))).toBe(false);
    expect(containsAffirmedPhrase(stems('Gives donated clothing to families'), stems('clothing'))).toBe(true);
  });

  it('counts typos as Meilisearch allows them: none under 5 letters, one from 5, two from 9', () => {
    expect(editDistance('pantir', 'pantri')).toBe(1);
    expect(editDistance('shleter', 'shelter')).toBe(1);
    expect(editDistance('food', 'mood')).toBe(1);
    expect(editDistance('abc', 'xyz', 2)).toBe(3);
    expect([typoAllowance('food'), typoAllowance('renta'), typoAllowance('transport')]).toEqual([0, 1, 2]);
  });
});
