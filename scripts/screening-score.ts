// Scores a FHIR R4 QuestionnaireResponse (Hunger Vital Sign, AHC HRSN or PRAPARE) and prints the result
// as JSON. A malformed file, an unknown questionnaire or invalid answers: one line on stderr, exit 2.
//
//   npm run -s screening:score -- <questionnaire-response.json> [--age <years>]
//
// --age gives the patient's age, which the AHC physical-activity and disability rules need; without
// it those domains are incomplete.
import fs from 'node:fs';
import { readQuestionnaireResponse } from '../app/screening/fhir.js';
import { parseAge, scoreScreening, summarizeScore } from '../app/screening/scoring.js';

function fail(message: string): never {
  process.stderr.write(`screening:score: ${message.replace(/\s+/g, ' ').trim()}\n`);
  process.exit(2);
}

const USAGE = 'usage: npm run -s screening:score -- <questionnaire-response.json> [--age <years>]';
const args = process.argv.slice(2);
const ageAt = args.indexOf('--age');
if (ageAt >= 0 && ageAt === args.length - 1) fail(USAGE);
const ageArgument = ageAt >= 0 ? args.splice(ageAt, 2)[1] : undefined;
const age = parseAge(ageArgument);
if (!age.ok) fail(`--age ${ageArgument}: ${age.error}`);
const file = args[0];
if (!file || args.length > 1 || file.startsWith('--')) fail(USAGE);

let text: string;
try {
  text = fs.readFileSync(file, 'utf8');
} catch (error) {
  fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
}
let json: unknown;
try {
  json = JSON.parse(text);
} catch (error) {
  fail(`${file} is not valid JSON: ${(error as Error).message}`);
}
const read = readQuestionnaireResponse(json);
if (!read.ok) fail(read.error);
process.stdout.write(`${JSON.stringify(summarizeScore(scoreScreening(read.instrumentId, read.answers, { age: age.age })), null, 2)}\n`);
