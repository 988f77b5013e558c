// The rule table against the screener reference: items, risk answers, thresholds, categories, Z-codes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AHC_HRSN, HUNGER_VITAL_SIGN, PRAPARE } from './instruments/index';
import { AHC_HRSN_RULES, HUNGER_VITAL_SIGN_RULES, PRAPARE_RULES, RULE_TABLES, type DomainDefinition } from './rules';
import { isSdohCategory } from './sdoh-categories';

const referenceDir = path.resolve(__dirname, 'reference');
const read = (name: string) => JSON.parse(fs.readFileSync(path.join(referenceDir, name), 'utf8'));
const hvs = read('hunger-vital-sign.json');
const ahc = read('ahc-hrsn.json');
const prapare = read('prapare.json');
const categories = read('sdoh-categories.json');

const domain = (table: { domains: readonly DomainDefinition[] }, id: string) => table.domains.find((entry) => entry.id === id)!;
const ahcItem = (code: string) => ahc.items.find((item: any) => item.question.code === code);
const riskAnswersOf = (item: any) => item.answers.filter((answer: any) => answer.indicates_possible_need === true).map((answer: any) => answer.code);

describe('every rule table', () => {
  it.each(Object.values(RULE_TABLES).map((table) => [table.instrument, table]))('%s covers each asked item exactly once, with value-set categories', (_id, table) => {
    const instrument = { 'hunger-vital-sign': HUNGER_VITAL_SIGN, 'ahc-hrsn': AHC_HRSN, prapare: PRAPARE }[table.instrument];
    const covered = table.domains.flatMap((entry) => entry.items);
    expect([...covered].sort()).toEqual(instrument.items.map((item) => item.code).sort());
    for (const entry of table.domains) {
      expect(isSdohCategory(entry.sdohCategory)).toBe(true);
      for (const category of Object.values(entry.categoryByAnswer ?? {})) expect(isSdohCategory(category)).toBe(true);
      expect(entry.sources.length).toBeGreaterThan(0);
    }
  });

  it('suggests only Z-codes the reference lists for the category, with the listed display', () => {
    for (const table of Object.values(RULE_TABLES)) {
      for (const entry of table.domains) {
        for (const [category, suggestion] of Object.entries(entry.suggestedZCodes ?? {})) {
          const listed = categories.categories.find((candidate: any) => candidate.code === category).icd10cm_codes_seen_in_sources.gravity_referral_source_client;
          expect(listed).toContainEqual({ code: suggestion.code, display: suggestion.display });
          expect(suggestion.code).toMatch(/^Z/);
        }
      }
    }
  });
});

describe('Hunger Vital Sign rules', () => {
  const food = domain(HUNGER_VITAL_SIGN_RULES, 'food');
  it('uses the reference risk answers on both items and the IG FHIRPath completeness', () => {
    for (const item of hvs.items.filter((entry: any) => !entry.derived)) {
      expect(food.rule.kind === 'any-of' && food.rule.riskAnswers[item.question.code]).toEqual(item.risk_answers);
    }
    expect(food.rule.kind === 'any-of' && food.rule.negativeWhen).toBe('any-item-answered');
    expect(hvs.scoring.algorithm.join(' ')).toContain('if neither question has an answer -> /88124-3 is left empty');
  });

  it('derives 88124-3 At risk / No risk with the reference codes', () => {
    const derived = hvs.items.find((item: any) => item.derived);
    expect(food.derived).toEqual({ item: derived.question.code, positive: 'LA19952-3', negative: 'LA19983-8' });
    expect(derived.answers.map((answer: any) => [answer.code, answer.display])).toEqual([['LA19952-3', 'At risk'], ['LA19983-8', 'No risk']]);
    expect(food.sdohCategory).toBe(derived.sdoh_category.code);
  });
});

describe('AHC HRSN rules', () => {
  const scoring = ahc.domain_scoring;

  it('has a verified rule exactly where the reference has one, and none where it marks UNVERIFIED', () => {
    const verifiedItems = Object.values(scoring).filter((entry: any) => /^VERIFIED/.test(entry.status)).flatMap((entry: any) => entry.items);
    const unverifiedItems = Object.values(scoring).filter((entry: any) => entry.status === 'UNVERIFIED').flatMap((entry: any) => entry.items);
    const ruled = AHC_HRSN_RULES.domains.filter((entry) => entry.rule.kind !== 'unverified').flatMap((entry) => entry.items);
    expect([...ruled].sort()).toEqual([...verifiedItems].sort());
    for (const code of unverifiedItems) {
      expect(AHC_HRSN_RULES.domains.find((entry) => entry.items.includes(code))!.rule.kind).toBe('unverified');
    }
    // 97027-7 is in no reference domain and has no rule.
    expect(domain(AHC_HRSN_RULES, 'language').rule.kind).toBe('unverified');
    expect(ahcItem('97027-7').positive_rule.rule).toBeNull();
  });

  it.each(['living-situation', 'housing-quality', 'food', 'transportation', 'utilities', 'employment', 'education'])(
    '%s: risk answers are the answers the reference marks as a possible need',
    (id) => {
      const entry = domain(AHC_HRSN_RULES, id);
      expect(entry.rule.kind).toBe('any-of');
      if (entry.rule.kind !== 'any-of') return;
      for (const code of entry.items) expect([...entry.rule.riskAnswers[code]].sort()).toEqual(riskAnswersOf(ahcItem(code)).sort());
      expect(entry.rule.negativeWhen).toBe('all-items-answered');
    },
  );

  it('sums the four HITS items with the reference scores and is positive at 11 or more', () => {
    const safety = domain(AHC_HRSN_RULES, 'interpersonal-safety');
    expect(safety.items).toEqual(scoring.interpersonal_safety.items);
    expect(safety.rule).toEqual({ kind: 'sum', scores: scoring.interpersonal_safety.scoring, positiveAtOrAbove: 11, totalItem: scoring.interpersonal_safety.total_item });
    expect(scoring.interpersonal_safety.rule).toContain('total >= 11');
    expect(safety.sdohCategory).toBe('sdoh-category-unspecified');
    expect(safety.sdohCategoryText).toBe('Interpersonal Safety');
  });

  it('takes each domain category from its items in the reference, verified when the reference verifies it for one of them', () => {
    for (const entry of AHC_HRSN_RULES.domains) {
      const itemCategories = entry.items.flatMap((code) => ahcItem(code).sdoh_category);
      const matching = itemCategories.filter((category: any) => category.code === entry.sdohCategory);
      expect(matching.length, entry.id).toBeGreaterThan(0);
      expect(matching.some((category: any) => /^VERIFIED/.test(category.status)), entry.id).toBe(entry.categoryVerified);
      if (matching[0].category_text) expect(entry.sdohCategoryText).toBe(matching[0].category_text);
    }
    expect(domain(AHC_HRSN_RULES, 'living-situation').categoryByAnswer).toEqual({ 'LA31994-9': 'housing-instability', 'LA31995-6': 'homelessness' });
    expect(ahcItem('71802-3').positive_rule.category_refinement).toContain('LA31994-9 (worried about losing it) describes housing instability, LA31995-6 (no steady place) describes homelessness');
  });
});

describe('PRAPARE rules', () => {
  it('has no scoring rule (the reference has none): every domain is for review', () => {
    expect(prapare.scoring.status).toContain('UNVERIFIED');
    for (const entry of PRAPARE_RULES.domains) expect(entry.rule.kind).toBe('unverified');
  });

  it('uses the IG StructureMap category of each item', () => {
    for (const entry of PRAPARE_RULES.domains) {
      const item = prapare.items.find((candidate: any) => candidate.question.code === entry.items[0]);
      expect(entry.sdohCategory, entry.id).toBe(item.sdoh_category.code);
    }
  });
});
