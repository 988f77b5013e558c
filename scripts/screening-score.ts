// Scores a FHIR R4 QuestionnaireResponse (Hunger Vital Sign, AHC HRSN or PRAPARE) and prints the result
// as JSON. A malformed file, an unknown questionnaire or invalid answers: one line on stderr, exit 2.
//
//   npm run -s screening:score -- <questionnaire-response.json>
import fs from 'node:fs';
import { readQuestionnaireResponse } from '../app/screening/fhir.js';
import { scoreScreening, summarizeScore } from '../app/screening/scoring.js';

function fail(message: string): never {
  process.stderr.write(`screening:score: ${message.replace(/\s+/g, ' ').trim()}\n`);
  process.exit(2);
}

const file = process.argv[2];
if (!file || process.argv.length > 3) fail('usage: npm run -s screening:score -- <questionnaire-response.json>');

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
process.stdout.write(`${JSON.stringify(summarizeScore(scoreScreening(read.instrumentId, read.answers)), null, 2)}\n`);
