import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUserWithPermission } from '~/auth/guards.server';
import { getDb } from '~/db.server';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { screeningToFhirBundle } from '~/screening/fhir';
import { zCodeDisplay } from '~/screening/need-categories';
import { getScreening } from '~/screening/screenings.server';

/** A submitted screening as a FHIR R4 Bundle: QuestionnaireResponse, Observations and Conditions for confirmed and addressed needs. */
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
    ...(screening.mode === 'self' ? { performerRef: `Patient/${patientId}` } : {}),
    confirmedNeeds: screening.needs
      .filter((need) => need.status === 'identified' || need.status === 'addressed')
      .map((need) => ({
        sdohCategory: need.category,
        sdohCategoryText: need.categoryText ?? undefined,
        domain: need.domain ?? undefined,
        evidenceItems: need.evidenceItems,
        status: need.status as 'identified' | 'addressed',
        asserterRef: need.decidedBy ? `Practitioner/${need.decidedBy}` : undefined,
        recordedDate: need.decidedAt ?? need.createdAt,
        zCode: need.zCode ? { code: need.zCode, display: zCodeDisplay(need.zCode) ?? need.zCode } : undefined,
      })),
  });
  return Response.json(bundle, {
    headers: {
      'Content-Type': 'application/fhir+json',
      'Content-Disposition': `attachment; filename="screening-${screening.id}.json"`,
      'Cache-Control': 'no-store',
    },
  });
}
