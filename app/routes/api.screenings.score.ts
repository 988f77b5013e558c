import type { ActionFunctionArgs } from '@remix-run/node';
import { readQuestionnaireResponse } from '~/screening/fhir';
import { parseAge, scoreScreening, summarizeScore } from '~/screening/scoring';

// A stateless calculator: a FHIR QuestionnaireResponse in (and the patient's age, ?age=, for the
// age-dependent AHC domains), the scored domains and needs out. It stores nothing and logs nothing about the body. Response.json rather than data(): Remix 2 drops data()'s
// status on resource routes.
const MAX_BODY_BYTES = 256 * 1024;
const ALLOW = { Allow: 'POST' };

export async function loader() {
  return Response.json({ error: 'Use POST with a FHIR QuestionnaireResponse.' }, { status: 405, headers: ALLOW });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return Response.json({ error: 'Use POST with a FHIR QuestionnaireResponse.' }, { status: 405, headers: ALLOW });
  const age = parseAge(new URL(request.url).searchParams.get('age'));
  if (!age.ok) return Response.json({ error: age.error }, { status: 400 });
  const text = await readLimited(request, MAX_BODY_BYTES);
  if (text === null) {
    return Response.json({ error: `The QuestionnaireResponse is larger than ${MAX_BODY_BYTES / 1024} KiB.` }, { status: 413 });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return Response.json({ error: 'The body is not valid JSON.' }, { status: 400 });
  }
  const read = readQuestionnaireResponse(json);
  if (!read.ok) return Response.json({ error: read.error, ...(read.problems ? { problems: read.problems } : {}) }, { status: 400 });
  return Response.json(summarizeScore(scoreScreening(read.instrumentId, read.answers, { age: age.age })));
}

/** The body as text, or null once it passes the limit (whether or not it declared its length). */
async function readLimited(request: Request, limit: number): Promise<string | null> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
