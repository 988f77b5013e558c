import { z } from 'zod';
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

/**
 * Form values as react-hook-form holds them (a string, a list for checkboxes, false or null for
 * nothing chosen) or as FormData posts them, read the same way.
 */
function formLike(values: Record<string, unknown>): FormLike {
  return {
    getAll(name) {
      const value = values[name];
      const list = Array.isArray(value) ? value : [value];
      return list.filter((entry) => typeof entry === 'string' || typeof entry === 'number').map(String);
    },
  };
}

/** The screening form's one zod schema: the browser (react-hook-form) and the server both use it. */
export function screeningFormSchema(instrumentId: InstrumentId) {
  return z.record(z.string(), z.unknown()).transform((values, context) => {
    const { answers, problems } = readScreeningForm(instrumentId, formLike(values));
    for (const problem of problems) context.addIssue({ code: 'custom', path: [problem.item || 'form'], message: problem.message });
    return answers;
  });
}

/** Every posted field as a list, as the schema reads it. */
export function postedValues(formData: FormData): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const key of new Set(formData.keys())) if (key !== 'csrf') values[key] = formData.getAll(key).map(String);
  return values;
}

/** Problems as one message per question, keyed by its LOINC code ('form' for the whole screening). */
export function problemsByItem(problems: readonly AnswerProblem[]): Record<string, string> {
  return Object.fromEntries(problems.map((problem) => [problem.item || 'form', problem.message]));
}

export const EMPTY_SUBMISSION = 'No question has an answer. Submit the screening with no answers at all?';

/** Submitting with nothing answered or declined needs a second, explicit "yes". */
export function needsEmptyConfirmation(answers: Readonly<Record<string, ItemAnswer>>, form: FormLike): boolean {
  return Object.keys(answers).length === 0 && !form.getAll('confirm-empty').includes('yes');
}
