import type { Database } from '../../db/pool.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';
import type { Answers, ScreeningResult } from './instrument.js';
import { hungerVitalSign } from './instruments/hunger-vital-sign.js';
import { scoreHungerVitalSign } from './scoring.js';

export interface SubmittedScreening {
  screeningId: string;
  result: ScreeningResult;
  needIds: string[];
}

/**
 * Scores and stores a Hunger Vital Sign for a patient of the user's organisation, and opens a
 * need for each positive domain, in one transaction. Undefined when the patient is not theirs.
 */
export async function submitHungerVitalSign(
  db: Database,
  user: SessionUser,
  patientId: string,
  answers: Answers,
  requestId?: string,
): Promise<SubmittedScreening | undefined> {
  const result = scoreHungerVitalSign(answers);
  return db.transaction().execute(async (trx) => {
    const patient = await trx
      .selectFrom('patients')
      .select('id')
      .where('id', '=', patientId)
      .where('organization_id', '=', user.organizationId)
      .executeTakeFirst();
    if (!patient) return undefined;
    const screening = await trx
      .insertInto('screenings')
      .values({
        organization_id: user.organizationId,
        patient_id: patientId,
        instrument: hungerVitalSign.id,
        instrument_version: hungerVitalSign.version,
        answers: JSON.stringify(answers),
        result: JSON.stringify(result),
        administered_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const needs = result.needs.length
      ? await trx
          .insertInto('needs')
          .values(
            result.needs.map((category) => ({
              organization_id: user.organizationId,
              patient_id: patientId,
              screening_id: screening.id,
              category,
              created_by: user.id,
            })),
          )
          .returning('id')
          .execute()
      : [];
    await recordAudit(trx, [
      { user, patientId, action: 'create', entityType: 'screening', entityId: screening.id, requestId },
      ...needs.map((need) => ({ user, patientId, action: 'create' as const, entityType: 'need' as const, entityId: need.id, requestId })),
    ]);
    return { screeningId: screening.id, result, needIds: needs.map((need) => need.id) };
  });
}
