import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUserWithPermission } from '~/auth/guards.server';
import { getDb } from '~/db.server';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { screeningToFhirBundle } from '~/screening/fhir';
import { getScreening, suggestedZCodeFor } from '~/screening/screenings.server';

/** A submitted screening as a FHIR R4 Bundle: QuestionnaireResponse, Observations and confirmed Conditions. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'read:patient');
  const patientId = requireId(params.patientId);
  const screening = await getScreening(getDb(), user, patientId, requireId(params.screeningId), requestId(request), 'export');
  if (!screening) notFound();
  if (!screening.score || !screening.submittedAt) {
    return Response.json({ error: 'A draft has no results to export yet.' }, { status: 409 });
  }
  const bundle = screeningToFhirBundle({
    patientRef: `Patient/${patientId}`,
    instrumentId: screening.instrumentId,
    answers: screening.answers,
    result: screening.score,
    authored: screening.submittedAt,
    confirmedNeeds: screening.needs
      .filter((need) => need.status === 'identified' || need.status === 'addressed')
      .map((need) => {
        const suggestion = need.zCode ? suggestedZCodeFor(need.category) : undefined;
        return {
          sdohCategory: need.category,
          domain: need.domain ?? undefined,
          zCode: need.zCode ? { code: need.zCode, display: suggestion?.code === need.zCode ? suggestion.display : need.zCode } : undefined,
        };
      }),
  });
  return Response.json(bundle, {
    headers: {
      'Content-Type': 'application/fhir+json',
      'Content-Disposition': `attachment; filename="screening-${screening.id}.json"`,
      'Cache-Control': 'no-store',
    },
  });
}
