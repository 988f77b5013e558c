// The screening answers behind a need, as a receiving organisation sees them when the patient
// consented to share them: the questions of the need's own domain only. Pure: no I/O.
import { findItem, getInstrument, isInstrumentId } from '../screening/instruments/index.js';
import type { DomainScore } from '../screening/instrument.js';

export interface SharedScreeningAnswer {
  question: string;
  /** The answer displays; empty when the patient declined or was not asked. */
  answers: string[];
  status: 'answered' | 'asked-declined' | 'not-asked' | 'missing';
}

export function screeningAnswersForNeed(instrumentId: string, result: unknown, domain: string): SharedScreeningAnswer[] | null {
  if (!isInstrumentId(instrumentId)) return null;
  const domains = (result as { domains?: DomainScore[] } | null)?.domains;
  const score = domains?.find((entry) => entry.domain === domain);
  if (!score) return null;
  const instrument = getInstrument(instrumentId);
  return score.answers.map((answer) => {
    const item = findItem(instrument, answer.item);
    const displays = (answer.codes ?? []).map((code) => item?.answers.find((option) => option.code === code)?.display ?? code);
    if (answer.value !== undefined) displays.push(String(answer.value));
    return { question: item?.text ?? answer.item, answers: displays, status: answer.status };
  });
}
