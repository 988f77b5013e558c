// Who is responsible: a referral's worker or case manager on each side, and a patient's. The
// assignee the page showed guards the change: if someone else reassigned meanwhile, it is refused.
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';
import { queueNotification } from '../jobs/outbox.server.js';
import type { Side } from './lifecycle.js';
import { lockReferral, type ReferralFailure } from './referrals.server.js';

/** Who may be responsible on each side: clinic workers and case managers; community organisation staff. */
export const ASSIGNABLE_ROLES: Record<Side, readonly string[]> = {
  referring: ['social_worker', 'case_manager'],
  receiving: ['cbo_staff', 'org_admin'],
};

export interface StaffMember {
  id: string;
  name: string;
}

export async function listAssignableStaff(db: Database, organizationId: string, side: Side): Promise<StaffMember[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'full_name'])
    .where('organization_id', '=', organizationId)
    .where('role', 'in', ASSIGNABLE_ROLES[side])
    .where('disabled_at', 'is', null)
    .orderBy('full_name')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.full_name }));
}

async function isAssignable(db: Database, organizationId: string, side: Side, userId: string): Promise<boolean> {
  const staff = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('organization_id', '=', organizationId)
    .where('role', 'in', ASSIGNABLE_ROLES[side])
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return staff !== undefined;
}

const REASSIGNED = 'Someone else changed who is responsible while you were looking. The page now shows who it is; try again if you still want to change it.';
const NOT_STAFF = { ok: false, status: 400, field: 'assigneeId', message: 'Choose someone from the list.' } as const;

export async function assignReferral(
  db: Database,
  user: SessionUser,
  referralId: string,
  side: Side,
  input: { assigneeId: string | null; seenAssigneeId: string | null },
  requestId?: string,
): Promise<{ ok: true; assigneeName: string | null } | ReferralFailure> {
  if (input.assigneeId && !(await isAssignable(db, user.organizationId, side, input.assigneeId))) return NOT_STAFF;
  return db.transaction().execute(async (trx) => {
    const referral = await lockReferral(trx, user, referralId, side);
    if (!referral) return { ok: false, status: 404, message: 'Not found' } as const;
    const current = side === 'referring' ? referral.assigned_user_id : referral.receiving_assigned_user_id;
    if (current !== input.seenAssigneeId) return { ok: false, status: 409, message: REASSIGNED } as const;
    await trx
      .updateTable('referrals')
      .set(side === 'referring' ? { assigned_user_id: input.assigneeId } : { receiving_assigned_user_id: input.assigneeId })
      .where('id', '=', referral.id)
      .execute();
    // Reassigning the open outcome checks too: they follow the person responsible.
    if (side === 'referring') {
      await trx
        .updateTable('follow_up_tasks')
        .set({ assigned_user_id: input.assigneeId, version: sql`version + 1` })
        .where('referral_id', '=', referral.id)
        .where('status', '=', 'open')
        .where('kind', '=', 'check-outcome')
        .execute();
    }
    const event = await trx
      .insertInto('referral_events')
      .values({
        referral_id: referral.id,
        kind: 'assigned',
        subject_user_id: input.assigneeId,
        actor_user_id: user.id,
        actor_organization_id: user.organizationId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { user, patientId: referral.patient_id, action: 'update', entityType: 'referral', entityId: referral.id, requestId });
    if (input.assigneeId && input.assigneeId !== user.id) {
      await queueNotification(trx, { kind: 'referral.assigned', eventKey: `assigned:${event.id}`, subjectId: event.id, actorUserId: user.id });
    }
    const assignee = input.assigneeId
      ? await trx.selectFrom('users').select('full_name').where('id', '=', input.assigneeId).executeTakeFirstOrThrow()
      : null;
    return { ok: true, assigneeName: assignee?.full_name ?? null } as const;
  });
}

export async function assignPatient(
  db: Database,
  user: SessionUser,
  patientId: string,
  input: { assigneeId: string | null; seenAssigneeId: string | null },
  requestId?: string,
): Promise<{ ok: true; assigneeName: string | null } | ReferralFailure> {
  if (input.assigneeId && !(await isAssignable(db, user.organizationId, 'referring', input.assigneeId))) return NOT_STAFF;
  return db.transaction().execute(async (trx) => {
    const patient = await trx
      .selectFrom('patients')
      .select(['id', 'assigned_user_id'])
      .where('id', '=', patientId)
      .where('organization_id', '=', user.organizationId)
      .where('merged_into_id', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!patient) return { ok: false, status: 404, message: 'Not found' } as const;
    if (patient.assigned_user_id !== input.seenAssigneeId) return { ok: false, status: 409, message: REASSIGNED } as const;
    await trx.updateTable('patients').set({ assigned_user_id: input.assigneeId }).where('id', '=', patient.id).execute();
    await recordAudit(trx, { user, patientId: patient.id, action: 'update', entityType: 'patient', entityId: patient.id, requestId });
    const assignee = input.assigneeId
      ? await trx.selectFrom('users').select('full_name').where('id', '=', input.assigneeId).executeTakeFirstOrThrow()
      : null;
    return { ok: true, assigneeName: assignee?.full_name ?? null } as const;
  });
}
