import { z } from 'zod';
import { hungerVitalSign } from './instruments/hunger-vital-sign.js';

const answerCodes = hungerVitalSign.items[0].answers.map((answer) => answer.code) as [string, ...string[]];
const answer = z.enum(answerCodes, 'Choose an answer (use "Don\'t know/refused" if the patient declines).');

/** Field names are the items' LOINC codes, so a submission reads like the QuestionnaireResponse. */
export const hvsFormSchema = z.object(
  Object.fromEntries(hungerVitalSign.items.map((item) => [item.code, answer])) as Record<'88122-7' | '88123-5', typeof answer>,
);
export type HvsFormValues = z.infer<typeof hvsFormSchema>;
