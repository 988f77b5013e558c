import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';
import { queueNotification } from '../jobs/outbox.server.js';
import { lockReferral, type ReferralFailure } from './referrals.server.js';

/**
 * The patient withdraws the consent of a referral: from now on the receiving organisation sees only
 * that consent was withdrawn, and is told; the referral's timeline says when.
 */
export async function withdrawConsent(
  db: Database,
  user: SessionUser,
  referralId: string,
  input: { note: string; consentVersion: number },
  requestId?: string,
): Promise<{ ok: true } | ReferralFailure> {
  return db.transaction().execute(async (trx) => {
    const referral = await lockReferral(trx, user, referralId, 'referring');
    if (!referral) return { ok: false, status: 404, message: 'Not found' } as const;
    const consent = await trx
      .selectFrom('consents')
      .select(['id', 'version', 'withdrawn_at'])
      .where('id', '=', referral.consent_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (consent.withdrawn_at) return { ok: false, status: 409, message: 'Consent was already withdrawn.' } as const;
    if (consent.version !== input.consentVersion) {
      return { ok: false, status: 409, message: 'Someone else changed this consent while you were looking at it. Check it and try again.' } as const;
    }
    await trx
      .updateTable('consents')
      .set({ withdrawn_at: sql`now()`, withdrawn_by: user.id, withdrawal_note: input.note || null, version: sql`version + 1` })
      .where('id', '=', consent.id)
      .execute();
    await trx.insertInto('referral_events').values({
      referral_id: referral.id,
      kind: 'consent-withdrawn',
      note: input.note || null,
      actor_user_id: user.id,
      actor_organization_id: user.organizationId,
    }).execute();
    await trx.updateTable('referrals').set({ last_activity_at: sql`now()` }).where('id', '=', referral.id).execute();
    await recordAudit(trx, { user, patientId: referral.patient_id, action: 'update', entityType: 'consent', entityId: consent.id, requestId });
    if (referral.managed) {
      await queueNotification(trx, { kind: 'consent.withdrawn', eventKey: `consent:${consent.id}:withdrawn`, subjectId: referral.id, actorUserId: user.id });
    }
    return { ok: true } as const;
  });
}
