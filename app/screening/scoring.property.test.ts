// Property tests: for any combination of valid answers, scoring never throws, is deterministic,
// and keeps its invariants (needs = positive domains; review only without a verified rule; no
// negative from declined or missing items unless the instrument's own logic says so).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InstrumentDefinition, InstrumentItem, ItemAnswer } from './instrument';
import { INSTRUMENTS } from './instruments/index';
import { RULE_TABLES } from './rules';
import { scoreScreening, validateAnswers } from './scoring';

function itemAnswer(item: InstrumentItem): fc.Arbitrary<ItemAnswer> {
  const absent = fc.constantFrom<ItemAnswer>({ absent: 'asked-declined' }, { absent: 'not-asked' });
  let given: fc.Arbitrary<ItemAnswer>;
  if (item.kind === 'choice' && item.repeats) {
    const inclusive = item.answers.filter((answer) => !answer.exclusive).map((answer) => answer.code);
    const exclusive = item.answers.filter((answer) => answer.exclusive).map((answer) => [answer.code]);
    given = fc.oneof(fc.subarray(inclusive, { minLength: 1 }), ...(exclusive.length ? [fc.constantFrom(...exclusive)] : []));
  } else if (item.kind === 'choice') {
    given = fc.constantFrom(...item.answers.map((answer) => answer.code));
  } else if (item.kind === 'integer') {
    given = fc.nat({ max: 100 });
  } else if (item.kind === 'decimal') {
    given = fc.double({ min: 0, max: 1e7, noNaN: true });
  } else {
    given = fc.string({ minLength: 1, maxLength: 40 });
  }
  return fc.oneof(given, given, absent);
}

const answersFor = (instrument: InstrumentDefinition) =>
  fc.record(Object.fromEntries(instrument.items.map((item) => [item.code, itemAnswer(item)])), { requiredKeys: [] });

describe.each(Object.values(INSTRUMENTS).map((instrument) => [instrument.id, instrument] as const))('%s scoring properties', (id, instrument) => {
  const rules = RULE_TABLES[id];

  it('never throws, is deterministic, and turns exactly the positive domains into needs', () => {
    fc.assert(
      fc.property(answersFor(instrument), (answers) => {
        expect(validateAnswers(id, answers)).toEqual([]);
        const first = scoreScreening(id, answers);
        expect(scoreScreening(id, structuredClone(answers))).toEqual(first);
        expect(first.domains.map((domain) => domain.domain)).toEqual(rules.domains.map((domain) => domain.id));
        expect(first.needs.map((need) => need.domain)).toEqual(
          first.domains.filter((domain) => domain.result === 'positive' && domain.proposesNeed !== false).map((domain) => domain.domain),
        );
        expect(first.safetyAlert === true).toBe(first.domains.some((domain) => domain.safety));
      }),
      { numRuns: 500 },
    );
  });

  it('says review only without a verified rule, and negative only as the rule allows', () => {
    fc.assert(
      fc.property(answersFor(instrument), fc.option(fc.integer({ min: 0, max: 110 }), { nil: undefined }), (answers, age) => {
        const score = scoreScreening(id, answers, { age });
        score.domains.forEach((domain, index) => {
          const rule = rules.domains[index].rule;
          if (rule.kind === 'unverified') expect(['review', 'incomplete']).toContain(domain.result);
          else if (rule.negativeWhen === 'never') expect(domain.result).not.toBe('negative');
          else expect(domain.result).not.toBe('review');
          const unanswered = domain.answers.filter((answer) => answer.status !== 'answered').length;
          if (domain.result === 'negative') {
            if (rule.kind === 'checks' && rule.negativeWhen === 'any-item-answered') expect(unanswered).toBeLessThan(domain.answers.length);
            else {
              // Every item answered, except those that do not apply at the patient's age.
              const olderOnly = new Set(
                rule.kind === 'checks' ? rule.checks.flatMap((check) => (check.kind === 'answer' && age !== undefined && check.minAge !== undefined && age < check.minAge ? [check.item] : [])) : [],
              );
              expect(domain.answers.filter((answer) => answer.status !== 'answered' && !olderOnly.has(answer.item))).toEqual([]);
              expect(unanswered).toBeLessThanOrEqual(olderOnly.size);
            }
          }
          if (domain.result === 'positive') expect(domain.flaggedItems?.length).toBeGreaterThan(0);
          else expect(domain.flaggedItems).toBeUndefined();
          const sum = rule.kind === 'checks' ? rule.checks.find((check) => check.kind === 'sum') : undefined;
          if (sum && sum.kind === 'sum' && domain.score !== undefined) expect(domain.score).toBeGreaterThanOrEqual(sum.items.length * Math.min(...Object.values(sum.scores)));
          expect(domain.answers.map((answer) => answer.item)).toEqual(rules.domains[index].items);
        });
      }),
      { numRuns: 500 },
    );
  });
});
