import type { AnswerProblem, InstrumentId, ItemAnswer } from './instrument.js';
import { getInstrument } from './instruments/index.js';
import { answersFromForm, validateAnswers } from './scoring.js';

interface FormLike {
  getAll(name: string): unknown[];
}

/** A posted screening form's answers and every problem with them, for browser and server alike. */
export function readScreeningForm(instrumentId: InstrumentId, form: FormLike): { answers: Record<string, ItemAnswer>; problems: AnswerProblem[] } {
  const answers = answersFromForm(instrumentId, form);
  const problems = validateAnswers(instrumentId, answers);
  for (const item of getInstrument(instrumentId).items) {
    const given = form.getAll(item.code).some((value) => typeof value === 'string' && value.trim() !== '');
    const declined = form.getAll(`absent:${item.code}`).some((value) => value === 'asked-declined');
    if (given && declined && !problems.some((problem) => problem.item === item.code)) {
      problems.push({ item: item.code, message: 'Choose an answer or "Declined to answer", not both.' });
    }
  }
  return { answers, problems };
}
