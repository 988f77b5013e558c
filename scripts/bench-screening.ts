// Screening scoring benchmark: screenings per second on one core, in process, over pre-generated
// random valid answer sets for each instrument and a mix of all three. Prints a table and writes
// bench-results/screening.json. Target: ≥ 100,000 screenings/second for scoreScreening.
//
//   npx tsx scripts/bench-screening.ts [--seconds 1]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseQuestionnaireResponse, screeningToFhirBundle } from '../app/screening/fhir.js';
import type { InstrumentDefinition, InstrumentId, ItemAnswer, ScreeningAnswers } from '../app/screening/instrument.js';
import { INSTRUMENTS } from '../app/screening/instruments/index.js';
import { scoreScreening, validateAnswers } from '../app/screening/scoring.js';

const TARGET_PER_SECOND = 100_000;
const SETS_PER_INSTRUMENT = 5_000;
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg >= 0 ? Number(process.argv[secondsArg + 1]) : 1;

// Deterministic PRNG (mulberry32) so runs compare.
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomAnswers(instrument: InstrumentDefinition, next: () => number): ScreeningAnswers {
  const answers: Record<string, ItemAnswer> = {};
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  for (const item of instrument.items) {
    const roll = next();
    if (roll < 0.05) continue;
    if (roll < 0.1) {
      answers[item.code] = { absent: pick(['asked-declined', 'not-asked'] as const) };
      continue;
    }
    if (item.kind === 'choice' && item.repeats) {
      const inclusive = item.answers.filter((answer) => !answer.exclusive);
      const exclusive = item.answers.filter((answer) => answer.exclusive);
      const chosen = exclusive.length && next() < 0.3 ? [pick(exclusive).code] : inclusive.filter(() => next() < 0.4).map((answer) => answer.code);
      answers[item.code] = chosen.length ? chosen : [pick(inclusive).code];
    } else if (item.kind === 'choice') answers[item.code] = pick(item.answers).code;
    else if (item.kind === 'integer') answers[item.code] = Math.floor(next() * 10);
    else if (item.kind === 'decimal') answers[item.code] = Math.round(next() * 100_000);
    else answers[item.code] = 'Main Street';
  }
  return answers;
}

interface Row {
  operation: string;
  instrument: string;
  screenings: number;
  seconds: number;
  perSecond: number;
  microsecondsEach: number;
}

function measure(operation: string, instrument: string, sets: ReadonlyArray<{ id: InstrumentId; answers: ScreeningAnswers; qr?: unknown }>, run: (set: (typeof sets)[number]) => unknown): Row {
  let sink = 0;
  for (let warm = 0; warm < Math.min(sets.length, 2_000); warm++) sink += run(sets[warm]) ? 1 : 0;
  let count = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  let now = started;
  while (now < deadline) {
    for (let index = 0; index < sets.length; index++) sink += run(sets[index]) ? 1 : 0;
    count += sets.length;
    now = performance.now();
  }
  if (sink < 0) console.log(sink);
  const seconds = (now - started) / 1000;
  return { operation, instrument, screenings: count, seconds: Number(seconds.toFixed(3)), perSecond: Math.round(count / seconds), microsecondsEach: Number(((seconds * 1e6) / count).toFixed(2)) };
}

const next = random(20240601);
const byInstrument = Object.fromEntries(
  Object.values(INSTRUMENTS).map((instrument) => [instrument.id, Array.from({ length: SETS_PER_INSTRUMENT }, () => ({ id: instrument.id, answers: randomAnswers(instrument, next) }))]),
) as Record<InstrumentId, Array<{ id: InstrumentId; answers: ScreeningAnswers; qr?: unknown }>>;
for (const sets of Object.values(byInstrument)) {
  for (const set of sets) {
    const problems = validateAnswers(set.id, set.answers);
    if (problems.length) throw new Error(`generated invalid answers: ${JSON.stringify(problems)}`);
  }
}
const mix = Object.values(byInstrument).flat().sort(() => next() - 0.5);
for (const set of mix.slice(0, 3_000)) {
  const bundle = screeningToFhirBundle({ patientRef: 'Patient/bench', instrumentId: set.id, answers: set.answers, result: scoreScreening(set.id, set.answers), authored: '2025-01-01T00:00:00Z' });
  set.qr = bundle.entry[0].resource;
}
const withQr = mix.filter((set) => set.qr);

const rows: Row[] = [
  ...Object.entries(byInstrument).map(([id, sets]) => measure('scoreScreening', id, sets, (set) => scoreScreening(set.id, set.answers))),
  measure('scoreScreening', 'mix', mix, (set) => scoreScreening(set.id, set.answers)),
  // The AHC age-dependent rules (physical activity, disabilities) run only with the patient's age.
  measure('scoreScreening with age', 'mix', mix, (set) => scoreScreening(set.id, set.answers, { age: 40 })),
  measure('validateAnswers + scoreScreening', 'mix', mix, (set) => validateAnswers(set.id, set.answers).length === 0 && scoreScreening(set.id, set.answers)),
  measure('parse QR + validate + score', 'mix', withQr, (set) => {
    const parsed = parseQuestionnaireResponse(set.qr);
    return parsed.ok && validateAnswers(parsed.instrumentId, parsed.answers).length === 0 && scoreScreening(parsed.instrumentId, parsed.answers);
  }),
];

const pad = (value: string | number, width: number, left = false) => (left ? String(value).padEnd(width) : String(value).padStart(width));
console.log(`Screening scoring, one core (${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}), ${SECONDS}s per row\n`);
console.log(`${pad('operation', 34, true)} ${pad('instrument', 18, true)} ${pad('screenings/s', 14)} ${pad('µs each', 9)}`);
for (const row of rows) console.log(`${pad(row.operation, 34, true)} ${pad(row.instrument, 18, true)} ${pad(row.perSecond.toLocaleString('en-US'), 14)} ${pad(row.microsecondsEach, 9)}`);
const mixRate = rows.find((row) => row.operation === 'scoreScreening' && row.instrument === 'mix')!.perSecond;
const meetsTarget = mixRate >= TARGET_PER_SECOND;
console.log(`\nscoreScreening on the mix: ${mixRate.toLocaleString('en-US')}/s — target ${TARGET_PER_SECOND.toLocaleString('en-US')}/s ${meetsTarget ? 'met' : 'NOT met'}`);

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bench-results');
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(
  path.join(outDir, 'screening.json'),
  `${JSON.stringify({ benchmark: 'screening-scoring', at: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, secondsPerRow: SECONDS, targetPerSecond: TARGET_PER_SECOND, meetsTarget, rows }, null, 2)}\n`,
);
if (!meetsTarget) process.exitCode = 1;
