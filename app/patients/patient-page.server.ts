// The working parts of a patient's page: who is responsible, and the patient's follow-up tasks.
import { data } from '@remix-run/node';
import type { z } from 'zod';
import { requireCsrf } from '../auth/csrf.server.js';
import { requireUserWithPermission } from '../auth/guards.server.js';
import type { SessionUser } from '../auth/session.server.js';
import { fieldErrorsOf, formValues } from '../components/forms.js';
import { getDb } from '../db.server.js';
import { notFound, requireId } from '../http.server.js';
import { requestId } from '../log.server.js';
import { organizationCalendar } from '../organizations/calendar.server.js';
import { assignPatient, listAssignableStaff } from '../referrals/assignment.server.js';
import { localDate } from '../referrals/business-days.js';
import type { ReferralActionResult } from '../referrals/referral-page.server.js';
import { assignSchema, completeTaskSchema, taskSchema } from '../referrals/referral.schema.js';
import { completeTask, createTask, listTasksOf } from '../referrals/tasks.server.js';
import type { Database } from '../../db/pool.js';
import { getPatient, type Patient } from './patients.server.js';

/** The patient a page's address names, read (and audited) for this user; another organisation's or an unknown id answers 404. */
export async function requirePatient(db: Database, user: SessionUser, request: Request, patientIdParam: string | undefined): Promise<Patient> {
  const patient = await getPatient(db, user, requireId(patientIdParam), requestId(request));
  if (!patient) notFound();
  return patient;
}

export async function loadPatientWork(db: Database, user: SessionUser, patient: Patient) {
  const [staff, tasks, calendar] = await Promise.all([
    listAssignableStaff(db, user.organizationId, 'referring'),
    listTasksOf(db, user, { patientId: patient.id }),
    organizationCalendar(db, user.organizationId),
  ]);
  const assignee = staff.find((member) => member.id === patient.assignedUserId) ?? null;
  return {
    staff,
    tasks,
    assignee,
    today: localDate(new Date(), calendar.timeZone),
    followUpBusinessDays: calendar.followUpBusinessDays,
    holidays: [...calendar.holidays],
  };
}

function invalid(intent: string, error: z.ZodError, values: Record<string, unknown>) {
  return data<ReferralActionResult>({ intent, ok: false, fieldErrors: fieldErrorsOf(error), formError: null, values }, { status: 400 });
}

export async function handlePatientAction(request: Request, patientIdParam: string | undefined) {
  const session = await requireUserWithPermission(request, 'write:patient');
  const patientId = requireId(patientIdParam);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData);
  const intent = String(values.intent ?? '');
  const db = getDb();
  const id = requestId(request);
  let result;
  let confirmation: ReferralActionResult['confirmation'];
  switch (intent) {
    case 'assign': {
      const parsed = assignSchema.safeParse(values);
      if (!parsed.success) return invalid(intent, parsed.error, values);
      result = await assignPatient(db, session.user, patientId, parsed.data, id);
      if (result.ok) confirmation = result.assigneeName ? { message: 'Assigned to {{name}}.', params: { name: result.assigneeName } } : { message: 'Nobody is responsible for it now.' };
      break;
    }
    case 'add-task': {
      const parsed = taskSchema.safeParse(values);
      if (!parsed.success) return invalid(intent, parsed.error, values);
      result = await createTask(db, session.user, { ...parsed.data, patientId }, id);
      confirmation = { message: 'Follow-up task added, due {{date}}.', params: { date: parsed.data.dueOn } };
      break;
    }
    case 'complete-task': {
      const parsed = completeTaskSchema.safeParse(values);
      if (!parsed.success) return invalid(intent, parsed.error, values);
      result = await completeTask(db, session.user, parsed.data, id);
      confirmation = { message: 'Task completed.' };
      break;
    }
    default:
      return data<ReferralActionResult>({ intent, ok: false, fieldErrors: {}, formError: 'Reload the page and try again.', values }, { status: 400 });
  }
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data<ReferralActionResult>(
      { intent, ok: false, fieldErrors: result.field ? { [result.field]: result.message } : {}, formError: result.message, values },
      { status: result.status },
    );
  }
  return data<ReferralActionResult>({ intent, ok: true, fieldErrors: {}, formError: null, values: {}, confirmation });
}
