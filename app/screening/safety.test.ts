import { describe, expect, it } from 'vitest';
import { SAFETY_CONSENT_ITEM, SAFETY_DOMAINS, isSafetySensitive, patientFacingNeeds, receivingSideMaySeeNeed } from './safety';

describe('safety-sensitive needs', () => {
  it('are the safety categories and the needs raised by safety domains', () => {
    expect([...SAFETY_DOMAINS].sort()).toEqual(['interpersonal-safety', 'partner-violence', 'safety']);
    expect(isSafetySensitive({ category: 'intimate-partner-violence' })).toBe(true);
    expect(isSafetySensitive({ category: 'elder-abuse', domain: null })).toBe(true);
    // The worker filed the AHC safety need under another category: it stays sensitive.
    expect(isSafetySensitive({ category: 'housing-instability', domain: 'interpersonal-safety' })).toBe(true);
    expect(isSafetySensitive({ category: 'food-insecurity', domain: 'food' })).toBe(false);
  });

  it('never go into a patient-facing handout or SMS', () => {
    const needs = [
      { id: 1, category: 'food-insecurity', domain: 'food' },
      { id: 2, category: 'sdoh-category-unspecified', domain: 'interpersonal-safety' },
      { id: 3, category: 'intimate-partner-violence', domain: null },
    ];
    expect(patientFacingNeeds(needs).map((need) => need.id)).toEqual([1]);
  });

  it('reach the receiving side only when consented item by item', () => {
    const safetyNeed = { category: 'intimate-partner-violence', domain: 'partner-violence' };
    expect(receivingSideMaySeeNeed(safetyNeed, ['identity', 'need'])).toBe(false);
    expect(receivingSideMaySeeNeed(safetyNeed, ['identity', 'need', SAFETY_CONSENT_ITEM])).toBe(true);
    expect(receivingSideMaySeeNeed(safetyNeed, ['identity', SAFETY_CONSENT_ITEM])).toBe(false);
    expect(receivingSideMaySeeNeed({ category: 'food-insecurity', domain: 'food' }, ['identity', 'need'])).toBe(true);
    expect(receivingSideMaySeeNeed({ category: 'food-insecurity', domain: 'food' }, ['identity'])).toBe(false);
  });
});
