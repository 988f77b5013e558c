// Follow-up tasks (call the patient, check the outcome, re-screen in six months) with due dates, the
// worklist that sorts them by due date, and completing one as an event on the referral's timeline.
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';
import { ASSIGNABLE_ROLES } from './assignment.server.js';
import { addDays, localDate } from './business-days.js';
import type { TaskKind, WorklistWindow } from './follow-up.js';
import type { ReferralFailure } from './referrals.server.js';

export interface FollowUpTask {
  id: string;
  kind: TaskKind;
  note: string | null;
  dueOn: string;
  status: 'open' | 'done' | 'cancelled';
  overdue: boolean;
  assignee: { id: string; name: string } | null;
  patient: { id: string; name: string };
  referral: { id: string; serviceName: string } | null;
  completedAt: string | null;
  completedBy: string | null;
  completionNote: string | null;
  version: number;
}

function tasksQuery(db: Database, user: SessionUser) {
  return db
    .selectFrom('follow_up_tasks')
    .innerJoin('patients', 'patients.id', 'follow_up_tasks.patient_id')
    .leftJoin('users as assignee', 'assignee.id', 'follow_up_tasks.assigned_user_id')
    .leftJoin('users as completer', 'completer.id', 'follow_up_tasks.completed_by')
    .leftJoin('referrals', 'referrals.id', 'follow_up_tasks.referral_id')
    .select([
      'follow_up_tasks.id',
      'follow_up_tasks.kind',
      'follow_up_tasks.note',
      'follow_up_tasks.due_on',
      'follow_up_tasks.status',
      'follow_up_tasks.completed_at',
      'follow_up_tasks.completion_note',
      'follow_up_tasks.version',
      'follow_up_tasks.patient_id',
      'patients.given_name',
      'patients.family_name',
      'assignee.id as assignee_id',
      'assignee.full_name as assignee_name',
      'completer.full_name as completer_name',
      'referrals.id as referral_id',
      'referrals.service_name',
    ])
    .where('follow_up_tasks.organization_id', '=', user.organizationId);
}

type TaskRow = Awaited<ReturnType<ReturnType<typeof tasksQuery>['execute']>>[number];

function toTask(row: TaskRow, today: string): FollowUpTask {
  return {
    id: row.id,
    kind: row.kind as TaskKind,
    note: row.note,
    dueOn: row.due_on,
    status: row.status as FollowUpTask['status'],
    overdue: row.status === 'open' && row.due_on < today,
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name! } : null,
    patient: { id: row.patient_id, name: `${row.given_name} ${row.family_name}` },
    referral: row.referral_id ? { id: row.referral_id, serviceName: row.service_name! } : null,
    completedAt: row.completed_at?.toISOString() ?? null,
    completedBy: row.completer_name,
    completionNote: row.completion_note,
    version: row.version,
  };
}


/** The worklist shows the soonest due first; the counts say how many more there are. */
const WORKLIST_PAGE = 50;

export interface Worklist {
  tasks: FollowUpTask[];
  counts: Record<WorklistWindow, number>;
}

/** Open tasks of the organisation (or the user's own), soonest due first; each shown patient is an audited read. */
export async function listWorklist(
  db: Database,
  user: SessionUser,
  filters: { scope: 'mine' | 'all'; window: WorklistWindow },
  requestId?: string,
): Promise<Worklist> {
  const today = localDate(new Date(), user.organizationTimeZone);
  const inWeek = addDays(today, 7);
  const mine = filters.scope === 'mine';
  const countRow = await db
    .selectFrom('follow_up_tasks')
    .where('follow_up_tasks.organization_id', '=', user.organizationId)
    .where('follow_up_tasks.status', '=', 'open')
    .$if(mine, (qb) => qb.where('follow_up_tasks.assigned_user_id', '=', user.id))
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('follow_up_tasks.due_on', '<', today).as('overdue'),
      eb.fn.countAll<number>().filterWhere('follow_up_tasks.due_on', '=', today).as('today'),
      eb.fn.countAll<number>().filterWhere('follow_up_tasks.due_on', '<=', inWeek).as('week'),
      eb.fn.countAll<number>().as('all'),
    ])
    .executeTakeFirstOrThrow();
  let query = tasksQuery(db, user)
    .where('follow_up_tasks.status', '=', 'open')
    .$if(mine, (qb) => qb.where('follow_up_tasks.assigned_user_id', '=', user.id));
  if (filters.window === 'overdue') query = query.where('follow_up_tasks.due_on', '<', today);
  if (filters.window === 'today') query = query.where('follow_up_tasks.due_on', '=', today);
  if (filters.window === 'week') query = query.where('follow_up_tasks.due_on', '<=', inWeek);
  const rows = await query.orderBy('follow_up_tasks.due_on').orderBy('follow_up_tasks.created_at').limit(WORKLIST_PAGE).execute();
  await recordAudit(
    db,
    rows.map((row) => ({ user, patientId: row.patient_id, action: 'read' as const, entityType: 'follow-up-task' as const, entityId: row.id, requestId })),
  );
  return {
    tasks: rows.map((row) => toTask(row, today)),
    counts: {
      overdue: Number(countRow.overdue),
      today: Number(countRow.today),
      week: Number(countRow.week),
      all: Number(countRow.all),
    },
  };
}

/** A patient's tasks, or one referral's, open ones first (the caller has loaded and audited the patient or referral). */
export async function listTasksOf(db: Database, user: SessionUser, of: { patientId: string } | { referralId: string }): Promise<FollowUpTask[]> {
  const today = localDate(new Date(), user.organizationTimeZone);
  let query = tasksQuery(db, user);
  query = 'patientId' in of ? query.where('follow_up_tasks.patient_id', '=', of.patientId) : query.where('follow_up_tasks.referral_id', '=', of.referralId);
  const rows = await query
    .orderBy(sql`follow_up_tasks.status = 'open'`, 'desc')
    .orderBy('follow_up_tasks.due_on')
    .limit(100)
    .execute();
  return rows.map((row) => toTask(row, today));
}

/** A task for one of the organisation's patients, or for one of its referrals (the patient is the referral's). */
export async function createTask(
  db: Database,
  user: SessionUser,
  input: ({ patientId: string; referralId?: null } | { patientId?: null; referralId: string }) & { kind: TaskKind; dueOn: string; note: string; assigneeId: string | null },
  requestId?: string,
): Promise<{ ok: true; taskId: string } | ReferralFailure> {
  return db.transaction().execute(async (trx) => {
    const owner = input.referralId
      ? await trx
          .selectFrom('referrals')
          .select(['patient_id'])
          .where('id', '=', input.referralId)
          .where('organization_id', '=', user.organizationId)
          .executeTakeFirst()
      : await trx
          .selectFrom('patients')
          .select(['id as patient_id'])
          .where('id', '=', input.patientId!)
          .where('organization_id', '=', user.organizationId)
          .where('merged_into_id', 'is', null)
          .executeTakeFirst();
    if (!owner) return { ok: false, status: 404, message: 'Not found' } as const;
    if (input.assigneeId) {
      const staff = await trx
        .selectFrom('users')
        .select('id')
        .where('id', '=', input.assigneeId)
        .where('organization_id', '=', user.organizationId)
        .where('role', 'in', ASSIGNABLE_ROLES.referring)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      if (!staff) return { ok: false, status: 400, field: 'assigneeId', message: 'Choose someone from the list.' } as const;
    }
    const task = await trx
      .insertInto('follow_up_tasks')
      .values({
        organization_id: user.organizationId,
        patient_id: owner.patient_id,
        referral_id: input.referralId ?? null,
        kind: input.kind,
        due_on: input.dueOn,
        note: input.note || null,
        assigned_user_id: input.assigneeId ?? user.id,
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { user, patientId: owner.patient_id, action: 'create', entityType: 'follow-up-task', entityId: task.id, requestId });
    return { ok: true, taskId: task.id } as const;
  });
}

/** Marks a task done from the version the person saw; a task on a referral becomes an event on its timeline. */
export async function completeTask(
  db: Database,
  user: SessionUser,
  input: { taskId: string; completionNote: string; version: number },
  requestId?: string,
): Promise<{ ok: true } | ReferralFailure> {
  return db.transaction().execute(async (trx) => {
    const task = await trx
      .selectFrom('follow_up_tasks')
      .select(['id', 'status', 'version', 'patient_id', 'referral_id'])
      .where('id', '=', input.taskId)
      .where('organization_id', '=', user.organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!task) return { ok: false, status: 404, message: 'Not found' } as const;
    if (task.status !== 'open') return { ok: false, status: 409, message: 'This task was already completed.' } as const;
    if (task.version !== input.version) {
      return { ok: false, status: 409, message: 'Someone else changed this task while you were looking at it. Check it and try again.' } as const;
    }
    await trx
      .updateTable('follow_up_tasks')
      .set({ status: 'done', completed_at: sql`now()`, completed_by: user.id, completion_note: input.completionNote || null, version: sql`version + 1` })
      .where('id', '=', task.id)
      .execute();
    if (task.referral_id) {
      await trx
        .insertInto('referral_events')
        .values({
          referral_id: task.referral_id,
          kind: 'task-completed',
          task_id: task.id,
          note: input.completionNote || null,
          actor_user_id: user.id,
          actor_organization_id: user.organizationId,
        })
        .execute();
      await trx.updateTable('referrals').set({ last_activity_at: sql`now()` }).where('id', '=', task.referral_id).execute();
    }
    await recordAudit(trx, { user, patientId: task.patient_id, action: 'update', entityType: 'follow-up-task', entityId: task.id, requestId });
    return { ok: true } as const;
  });
}
