// The rule table against the screener reference: items, risk answers, thresholds, categories, Z-codes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AHC_HRSN, HUNGER_VITAL_SIGN, PRAPARE } from './instruments/index';
import { AHC_HRSN_RULES, HUNGER_VITAL_SIGN_RULES, PRAPARE_RULES, RULE_TABLES, checkItems, type DomainDefinition, type ItemCheck } from './rules';
import { isSdohCategory } from './sdoh-categories';

const referenceDir = path.resolve(__dirname, 'reference');
const read = (name: string) => JSON.parse(fs.readFileSync(path.join(referenceDir, name), 'utf8'));
const hvs = read('hunger-vital-sign.json');
const ahc = read('ahc-hrsn.json');
const prapare = read('prapare.json');
const categories = read('sdoh-categories.json');
const supplemental = read('ahc-hrsn-supplemental-scoring.json');

const checksOf = (entry: DomainDefinition): readonly ItemCheck[] => (entry.rule.kind === 'checks' ? entry.rule.checks : []);
/** Flagged answers per item, for a domain whose checks are all answer checks. */
const flagsOf = (entry: DomainDefinition) =>
  Object.fromEntries(checksOf(entry).flatMap((check) => (check.kind === 'answer' ? [[check.item, [...check.answers].sort()]] : [])));

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
      // A check reads only the domain's own items, and only answers those items have.
      for (const check of checksOf(entry)) {
        for (const code of checkItems(check)) expect(entry.items).toContain(code);
        if (check.kind === 'answer') {
          const options = instrument.items.find((item) => item.code === check.item)!.answers.map((option) => option.code);
          for (const answer of check.answers) expect(options, `${entry.id} ${check.item}`).toContain(answer);
        }
      }
    }
  });

  it('suggests only Z-codes the reference lists for the category (Gravity RI, or the IG map for its two rules), with the listed display', () => {
    const fromMap = prapare.observation_and_condition_rules_from_ig_map.conditions.flatMap((condition: any) =>
      condition.condition_code.filter((coding: any) => coding.system.endsWith('icd-10-cm')).map((coding: any) => ({ category: condition.sdohcc_category, code: coding.code, display: coding.display })),
    );
    for (const table of Object.values(RULE_TABLES)) {
      for (const entry of table.domains) {
        for (const [category, suggestion] of Object.entries(entry.suggestedZCodes ?? {})) {
          const listed = [
            ...categories.categories.find((candidate: any) => candidate.code === category).icd10cm_codes_seen_in_sources.gravity_referral_source_client,
            ...fromMap.filter((entry: any) => entry.category === category).map(({ code, display }: any) => ({ code, display })),
          ];
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
      expect(flagsOf(food)[item.question.code]).toEqual([...item.risk_answers].sort());
    }
    expect(food.rule.kind === 'checks' && food.rule.negativeWhen).toBe('any-item-answered');
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

  it('has a verified rule for every domain: the core ones from ahc-hrsn.json, the supplemental ones from the CMS tool', () => {
    for (const entry of AHC_HRSN_RULES.domains) expect(entry.rule.kind, entry.id).toBe('checks');
  });

  it.each(['living-situation', 'housing-quality', 'food', 'transportation', 'utilities', 'employment', 'education'])(
    '%s: risk answers are the answers the reference marks as a possible need',
    (id) => {
      const entry = domain(AHC_HRSN_RULES, id);
      expect(entry.rule.kind === 'checks' && entry.rule.negativeWhen).toBe('all-checks-complete');
      for (const code of entry.items) expect(flagsOf(entry)[code]).toEqual(riskAnswersOf(ahcItem(code)).sort());
    },
  );

  it('sums the four HITS items with the reference scores and is positive at 11 or more', () => {
    const safety = domain(AHC_HRSN_RULES, 'interpersonal-safety');
    expect(safety.items).toEqual(scoring.interpersonal_safety.items);
    expect(checksOf(safety)).toEqual([{ kind: 'sum', items: scoring.interpersonal_safety.items, scores: scoring.interpersonal_safety.scoring, atOrAbove: 11, totalItem: scoring.interpersonal_safety.total_item }]);
    expect(supplemental.safety_rule_quote_cms_2021).toContain('11 or more');
    expect(safety.safety).toBe(true);
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

describe('AHC HRSN supplemental rules, against ahc-hrsn-supplemental-scoring.json', () => {
  const rules = supplemental.domain_rules;
  const byItem = (code: string) => AHC_HRSN_RULES.domains.find((entry) => entry.items.includes(code))!;

  it('covers every supplemental item the CMS tool scores', () => {
    const supplementalItems = AHC_HRSN.items.filter((item) => item.section === 'supplemental').map((item) => item.code);
    expect(Object.keys(supplemental.items).sort()).toEqual([...supplementalItems].sort());
    for (const rule of Object.values(rules) as any[]) for (const code of rule.items) expect(byItem(code), code).toBeDefined();
  });

  it('flags exactly the answers the CMS tool underlines, item by item', () => {
    for (const [code, item] of Object.entries(supplemental.items) as Array<[string, any]>) {
      const underlined = Object.entries(item.answers).filter(([, answer]: [string, any]) => answer.possible_need === true).map(([answer]) => answer).sort();
      const check = checksOf(byItem(code)).find((candidate) => candidate.kind === 'answer' && candidate.item === code);
      if (underlined.length === 0) {
        expect(check, code).toBeUndefined();
        continue;
      }
      expect(check && check.kind === 'answer' && [...check.answers].sort(), code).toEqual(underlined);
    }
    for (const rule of Object.values(rules) as any[]) {
      for (const [code, answers] of Object.entries(rule.positive_answers ?? {})) expect(flagsOf(byItem(code))[code], code).toEqual([...(answers as string[])].sort());
    }
  });

  it('sums PHQ-2 with the tool\'s 0–3 values and flags at 3', () => {
    const sum = checksOf(domain(AHC_HRSN_RULES, 'mental-health')).find((check) => check.kind === 'sum');
    expect(sum).toEqual({ kind: 'sum', items: ['44250-9', '44255-8'], scores: rules.mental_health.phq2_scores, atOrAbove: rules.mental_health.phq2_threshold });
  });

  it('multiplies the tool\'s day and minute values, with the tool\'s age thresholds', () => {
    const [check] = checksOf(domain(AHC_HRSN_RULES, 'physical-activity'));
    expect(check.kind).toBe('weekly-minutes');
    if (check.kind !== 'weekly-minutes') return;
    const reference = rules.physical_activity.answer_values;
    for (const item of ['89555-7', '68516-4']) {
      for (const [code, value] of Object.entries(reference[item])) expect(check.values[code], code).toBe(value === '150 or greater' ? 150 : value);
    }
    expect(rules.physical_activity.quote_cms).toContain('Under 6 years old: You can’t find the physical activity need');
    expect(rules.physical_activity.quote_cms).toContain('Age 6 to 17: Less than an average of 60 minutes a day');
    expect(rules.physical_activity.quote_cms).toContain('Age 18 or older: Less than 150 minutes a week');
    expect(check.byAge).toEqual([{ fromAge: 0 }, { fromAge: 6, below: 7 * 60 }, { fromAge: 18, below: 150 }]);
  });

  it('applies the disability questions from the ages the tool prints', () => {
    const minAges = Object.fromEntries(checksOf(domain(AHC_HRSN_RULES, 'disabilities')).map((check) => [check.kind === 'answer' ? check.item : '', check.kind === 'answer' ? check.minAge : undefined]));
    for (const [code, text] of Object.entries(rules.disabilities.age_applicability) as Array<[string, string]>) {
      expect(text).toContain(`(${minAges[code]} years old or older)`);
    }
  });

  it('shows 97027-7 as flagged but proposes no need', () => {
    expect(rules.education.positive_answers['97027-7']).toEqual(['LA33-6']);
    expect(domain(AHC_HRSN_RULES, 'language').proposesNeed).toBe(false);
  });
});

describe('PRAPARE rules', () => {
  it('has no PRAPARE score (the reference has none): only the IG map\'s two Conditions and the safety items flag, and nothing is ever negative', () => {
    expect(prapare.scoring.status).toContain('UNVERIFIED');
    const flagging = PRAPARE_RULES.domains.filter((entry) => entry.rule.kind === 'checks');
    expect(flagging.map((entry) => [entry.id, flagsOf(entry)])).toEqual([
      ['housing-status', { '71802-3': ['LA30190-5'] }],
      ['employment', { '67875-5': ['LA17956-6'] }],
      ['safety', { '93026-3': ['LA14072-5', 'LA32-8'] }],
      ['partner-violence', { '76501-6': ['LA33-6'] }],
    ]);
    for (const entry of flagging) expect(entry.rule.kind === 'checks' && entry.rule.negativeWhen).toBe('never');
    for (const [index, condition] of prapare.observation_and_condition_rules_from_ig_map.conditions.entries()) {
      const entry = flagging[index];
      expect(condition.when).toBe(`/${PRAPARE.items.find((item) => item.code === entry.items[0])!.group!.slice(1)}/${entry.items[0]} answer = ${flagsOf(entry)[entry.items[0]][0]}`);
      expect(condition.sdohcc_category).toBe(entry.sdohCategory);
    }
    expect(flagging.filter((entry) => entry.safety).map((entry) => entry.id)).toEqual(['safety', 'partner-violence']);
  });

  it('does not use the third-party risk tally', () => {
    expect(JSON.stringify(PRAPARE_RULES)).not.toContain('canvas');
  });
  it('uses the IG StructureMap category of each item', () => {
    for (const entry of PRAPARE_RULES.domains) {
      const item = prapare.items.find((candidate: any) => candidate.question.code === entry.items[0]);
      expect(entry.sdohCategory, entry.id).toBe(item.sdoh_category.code);
    }
  });
});
