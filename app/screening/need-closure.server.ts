// Needs have an end: resolved (with how), no longer wanted, or entered by mistake — kept, marked
// entered-in-error and left out of reports. A screening entered by mistake is voided the same way,
// with the needs it proposed that nobody had decided on.
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';
import { OPEN_STATUSES } from '../referrals/lifecycle.js';
import { checkReason } from '../referrals/reasons.js';
import { listReasonCodes } from '../referrals/reasons.server.js';
import type { NeedEnding } from './need-closure.schema.js';

export type ClosureResult = { ok: true } | { ok: false; status: 400 | 404 | 409; message: string; field?: string };

const NEW_STATUS: Record<NeedEnding, string> = { resolve: 'addressed', 'not-wanted': 'not-wanted', void: 'entered-in-error' };

export async function closeNeed(
  db: Database,
  user: SessionUser,
  patientId: string,
  needId: string,
  input: { ending: NeedEnding; resolutionCode: string; note: string; version: number },
  requestId?: string,
): Promise<ClosureResult> {
  const valueSet = input.ending === 'resolve' ? await listReasonCodes(db) : [];
  return db.transaction().execute(async (trx) => {
    const need = await trx
      .selectFrom('needs')
      .select(['id', 'status', 'version'])
      .where('id', '=', needId)
      .where('patient_id', '=', patientId)
      .where('organization_id', '=', user.organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!need) return { ok: false, status: 404, message: 'Not found' } as const;
    if (need.version !== input.version) {
      return { ok: false, status: 409, message: 'Someone else changed this need while you were looking at it. Check it and try again.' } as const;
    }
    const voiding = input.ending === 'void';
    if (!voiding && need.status !== 'identified') return { ok: false, status: 409, message: 'This need is no longer open.' } as const;
    if (voiding && need.status === 'entered-in-error') return { ok: false, status: 409, message: 'This need was already marked as entered by mistake.' } as const;
    if (input.ending === 'resolve') {
      const check = checkReason(valueSet, 'need-resolution', input.resolutionCode, input.note);
      if (!check.ok) return { ok: false, status: 400, message: check.message, field: check.field === 'reason' ? 'note' : 'resolutionCode' } as const;
    }
    if (voiding) {
      const open = await trx.selectFrom('referrals').select('id').where('need_id', '=', need.id).where('status', 'in', OPEN_STATUSES).executeTakeFirst();
      if (open) return { ok: false, status: 409, message: 'This need has an open referral: cancel it first.' } as const;
    }
    await trx
      .updateTable('needs')
      .set({
        status: NEW_STATUS[input.ending],
        resolution_kind: input.ending === 'resolve' ? 'need-resolution' : null,
        resolution_code: input.ending === 'resolve' ? input.resolutionCode : null,
        resolution_note: input.note || null,
        closed_at: sql`now()`,
        closed_by: user.id,
        version: sql`version + 1`,
      })
      .where('id', '=', need.id)
      .execute();
    await recordAudit(trx, { user, patientId, action: 'update', entityType: 'need', entityId: need.id, requestId });
    return { ok: true } as const;
  });
}

export async function voidScreening(
  db: Database,
  user: SessionUser,
  patientId: string,
  screeningId: string,
  input: { reason: string; version: number },
  requestId?: string,
): Promise<ClosureResult> {
  return db.transaction().execute(async (trx) => {
    const screening = await trx
      .selectFrom('screenings')
      .select(['id', 'version', 'voided_at'])
      .where('id', '=', screeningId)
      .where('patient_id', '=', patientId)
      .where('organization_id', '=', user.organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!screening) return { ok: false, status: 404, message: 'Not found' } as const;
    if (screening.voided_at) return { ok: false, status: 409, message: 'This screening was already marked as entered by mistake.' } as const;
    if (screening.version !== input.version) {
      return { ok: false, status: 409, message: 'Someone else changed this screening while you were looking at it. Check it and try again.' } as const;
    }
    await trx
      .updateTable('screenings')
      .set({ voided_at: sql`now()`, voided_by: user.id, void_reason: input.reason, version: sql`version + 1`, updated_at: sql`now()` })
      .where('id', '=', screening.id)
      .execute();
    const needs = await trx
      .updateTable('needs')
      .set({ status: 'entered-in-error', resolution_note: input.reason, closed_at: sql`now()`, closed_by: user.id, version: sql`version + 1` })
      .where('screening_id', '=', screening.id)
      .where('status', '=', 'proposed')
      .returning('id')
      .execute();
    await recordAudit(trx, [
      { user, patientId, action: 'update', entityType: 'screening', entityId: screening.id, requestId },
      ...needs.map((need) => ({ user, patientId, action: 'update' as const, entityType: 'need' as const, entityId: need.id, requestId })),
    ]);
    return { ok: true } as const;
  });
}

/** A need of the organisation's patient, as the form that ends it needs it. */
export async function getNeedForClosure(db: Database, user: SessionUser, patientId: string, needId: string) {
  const row = await db
    .selectFrom('needs')
    .select(['id', 'category', 'status', 'version'])
    .where('id', '=', needId)
    .where('patient_id', '=', patientId)
    .where('organization_id', '=', user.organizationId)
    .executeTakeFirst();
  return row ? { id: row.id, category: row.category, status: row.status, version: row.version } : undefined;
}

/** A screening of the organisation's patient, as the form that voids it needs it. */
export async function getScreeningForVoid(db: Database, user: SessionUser, patientId: string, screeningId: string) {
  const row = await db
    .selectFrom('screenings')
    .select(['id', 'instrument', 'submitted_at', 'created_at', 'version', 'voided_at'])
    .where('id', '=', screeningId)
    .where('patient_id', '=', patientId)
    .where('organization_id', '=', user.organizationId)
    .executeTakeFirst();
  return row
    ? { id: row.id, instrument: row.instrument, at: (row.submitted_at ?? row.created_at).toISOString(), version: row.version, voided: row.voided_at !== null }
    : undefined;
}
