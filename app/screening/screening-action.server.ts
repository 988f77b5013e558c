import { data, redirect } from '@remix-run/node';
import type { UserSession } from '../auth/session.server.js';
import { getDb } from '../db.server.js';
import { notFound } from '../http.server.js';
import { requestId } from '../log.server.js';
import type { InstrumentId, Language } from './instrument.js';
import { needsEmptyConfirmation, postedValues, problemsByItem, readScreeningForm, screeningFormSchema } from './form-answers.js';
import { saveScreening } from './screenings.server.js';

/** Saves a draft or submits a staff-administered screening posted from the screening form. */
export async function handleScreeningPost(
  request: Request,
  session: UserSession,
  formData: FormData,
  target: { patientId: string; instrumentId: InstrumentId; screeningId?: string; language: Language; translationId?: string | null; interpreter?: boolean },
) {
  const intent = formData.get('intent') === 'draft' ? 'draft' : 'submit';
  const parsed = screeningFormSchema(target.instrumentId).safeParse(postedValues(formData));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({ item: String(issue.path[0] ?? 'form'), message: issue.message }));
    // What was typed comes back, so nothing is lost when the browser had no JavaScript.
    return data(
      { fieldErrors: problemsByItem(problems), formError: null, confirmEmpty: false, answers: readScreeningForm(target.instrumentId, formData).answers },
      { status: 400 },
    );
  }
  const answers = parsed.data;
  if (intent === 'submit' && needsEmptyConfirmation(answers, formData)) {
    return data({ fieldErrors: {}, formError: null, confirmEmpty: true, answers }, { status: 400 });
  }
  const version = formData.get('version');
  const result = await saveScreening(getDb(), { kind: 'user', user: session.user }, {
    patientId: target.patientId,
    instrumentId: target.instrumentId,
    answers,
    intent,
    language: target.language,
    mode: 'staff',
    screeningId: target.screeningId,
    version: typeof version === 'string' && version ? Number(version) : undefined,
    translationId: target.translationId,
    interpreter: target.interpreter,
    requestId: requestId(request),
  });
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ fieldErrors: problemsByItem(result.problems ?? []), formError: result.message, confirmEmpty: false, answers }, { status: result.status });
  }
  return redirect(`/patients/${target.patientId}/screenings/${result.screeningId}`);
}
