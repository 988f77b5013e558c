import type { Answers, InstrumentDefinition, ScreeningResult } from './instrument.js';
import { hungerVitalSign } from './instruments/hunger-vital-sign.js';

/**
 * Hunger Vital Sign, per the IG's calculatedExpression on 88124-3: at risk when either item is
 * "Often true" or "Sometimes true"; no risk when at least one item has any other answer
 * (including "Don't know/refused"); no value when neither item is answered.
 */
export function scoreHungerVitalSign(answers: Answers, instrument: InstrumentDefinition = hungerVitalSign): ScreeningResult {
  const given = instrument.items.map((item) => answers[item.code]).filter((code): code is string => Boolean(code));
  const atRisk = given.some((code) => instrument.riskAnswers.includes(code));
  const result = given.length === 0 ? 'incomplete' : atRisk ? 'positive' : 'negative';
  return {
    instrument: instrument.id,
    domains: [
      {
        domain: 'food',
        sdohCategory: instrument.sdohCategory,
        result,
        derived: {
          code: instrument.derived.code,
          answer: result === 'incomplete' ? null : atRisk ? instrument.derived.atRisk : instrument.derived.noRisk,
        },
      },
    ],
    needs: result === 'positive' ? [instrument.sdohCategory] : [],
  };
}
