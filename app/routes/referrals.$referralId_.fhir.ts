import type { LoaderFunctionArgs } from '@remix-run/node';
import { can } from '~/auth/roles';
import { requireUserSession } from '~/auth/session.server';
import { getConfig } from '~/config.server';
import { getDb } from '~/db.server';
import { notFound, requireId } from '~/http.server';
import { isLocale } from '~/i18n/i18n';
import { requestId } from '~/log.server';
import { referralToFhirBundle } from '~/referrals/fhir';
import { reasonLabel } from '~/referrals/reasons';
import { listReasonCodes } from '~/referrals/reasons.server';
import { getReferralDetail } from '~/referrals/referrals.server';
import { zCodeDisplay } from '~/screening/need-categories';

/**
 * A referral as a FHIR R4 Bundle (SDOHCC ServiceRequest + Task, the need's Condition, the Procedure
 * of what was delivered), for the referring organisation, or the receiving one for a referral it
 * received — with only what the consent lets it see. An export of patient data, audited as one.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserSession(request);
  if (!can(user.role, 'read:caseload') && !can(user.role, 'work:inbox')) notFound();
  const db = getDb();
  const referral = await getReferralDetail(db, user, requireId(params.referralId), requestId(request), 'export');
  if (!referral) notFound();
  const reasons = await listReasonCodes(db);
  const locale = isLocale(new URL(request.url).searchParams.get('lng')) ? (new URL(request.url).searchParams.get('lng') as 'en' | 'es') : 'en';
  const bundle = referralToFhirBundle({
    baseUrl: `${getConfig().appUrl}/fhir`,
    referral: {
      id: referral.id,
      status: referral.status,
      serviceName: referral.serviceName,
      sentAt: referral.sentAt,
      updatedAt: referral.updatedAt,
      closedAt: referral.closedAt,
      reason: referral.reason
        ? { ...referral.reason, label: reasonLabel(reasons, referral.reason.kind, referral.reason.code, locale) ?? referral.reason.code }
        : null,
    },
    referring: { id: referral.referringOrganizationId, name: referral.referringOrganization },
    performer: { id: referral.receivingOrganizationId, name: referral.receivingOrganization ?? referral.serviceOrganization },
    patient: {
      id: referral.patient.id ?? `patient-${referral.id}`,
      name: referral.patient.name,
      birthDate: referral.patient.birthDate,
      phone: referral.patient.phone,
      email: referral.patient.email,
      language: referral.patient.preferredLanguage,
    },
    need:
      referral.need && referral.needCategory
        ? { id: `need-${referral.id}`, category: referral.needCategory, zCode: referral.need.zCode, zCodeDisplay: referral.need.zCode ? (zCodeDisplay(referral.need.zCode) ?? null) : null, resolved: referral.need.resolved, recordedAt: referral.need.recordedAt }
        : null,
  });
  return Response.json(bundle, {
    headers: {
      'Content-Type': 'application/fhir+json',
      'Content-Disposition': `attachment; filename="referral-${referral.id}.json"`,
      'Cache-Control': 'no-store',
    },
  });
}
