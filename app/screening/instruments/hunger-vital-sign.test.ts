import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hungerVitalSign } from './hunger-vital-sign';

const reference = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../../shared/screeners/hunger-vital-sign.json'), 'utf8'),
);

describe('Hunger Vital Sign definition', () => {
  it('matches the shared reference item by item: LOINC codes, texts, answer codes and displays', () => {
    const asked = reference.items.filter((item: { derived?: boolean }) => !item.derived);
    expect(hungerVitalSign.items.map((item) => ({ linkId: item.linkId, code: item.code, text: item.text, answers: item.answers }))).toEqual(
      asked.map((item: any) => ({
        linkId: item.linkId,
        code: item.question.code,
        text: item.text,
        answers: item.answers.map((answer: any) => ({ code: answer.code, display: answer.display })),
      })),
    );
  });

  it('uses the reference risk answers and derived item', () => {
    const derived = reference.items.find((item: { derived?: boolean }) => item.derived);
    expect(hungerVitalSign.derived.code).toBe(derived.question.code);
    expect([hungerVitalSign.derived.atRisk, hungerVitalSign.derived.noRisk]).toEqual(
      derived.answers.map((answer: any) => ({ code: answer.code, display: answer.display })),
    );
    for (const item of reference.items.filter((entry: { derived?: boolean }) => !entry.derived)) {
      expect([...hungerVitalSign.riskAnswers]).toEqual(item.risk_answers);
    }
    expect(hungerVitalSign.sdohCategory).toBe(derived.sdoh_category.code);
  });
});
