// The referral page both sides use (the clinic at /referrals/:id, the community organisation at
// /portal/referrals/:id): what it loads, and the one action its forms post to, by intent.
import { data } from '@remix-run/node';
import type { z } from 'zod';
import { requireCsrf } from '../auth/csrf.server.js';
import { requireUserWithPermission } from '../auth/guards.server.js';
import { can } from '../auth/roles.js';
import type { SessionUser } from '../auth/session.server.js';
import { fieldErrorsOf, formValues } from '../components/forms.js';
import { getDb } from '../db.server.js';
import { readFlash } from '../flash.server.js';
import { notFound, requireId } from '../http.server.js';
import { requestId } from '../log.server.js';
import { assignReferral, listAssignableStaff } from './assignment.server.js';
import { localDate, localDateTime, localToInstant } from './business-days.js';
import { withdrawConsent } from './consent.server.js';
import { proposesUnableToContact } from './contact-attempts.js';
import { logContactAttempt, postMessage, readMessages } from './conversation.server.js';
import { nextStatuses, type Side } from './lifecycle.js';
import {
  assignSchema,
  completeTaskSchema,
  contactAttemptSchema,
  followUpResultSchema,
  messageSchema,
  statusChangeSchema,
  taskSchema,
  withdrawConsentSchema,
} from './referral.schema.js';
import { changeReferralStatus, getReferralDetail, recordFollowUpResult, type ReferralFailure } from './referrals.server.js';
import { listReasonCodes } from './reasons.server.js';
import { getServiceContact } from './service-contact.server.js';
import { completeTask, createTask, listTasksOf } from './tasks.server.js';
import { organizationCalendar } from '../organizations/calendar.server.js';

const READ_PERMISSION = { referring: 'read:caseload', receiving: 'work:inbox' } as const;
const WRITE_PERMISSION = { referring: 'write:referral', receiving: 'work:inbox' } as const;

export async function loadReferralPage(request: Request, referralIdParam: string | undefined, side: Side) {
  const { user } = await requireUserWithPermission(request, READ_PERMISSION[side]);
  const db = getDb();
  const referral = await getReferralDetail(db, user, requireId(referralIdParam), requestId(request));
  if (!referral || referral.side !== side) notFound();
  const canWrite = can(user.role, WRITE_PERMISSION[side]);
  const [reasons, messages, staff, tasks, serviceContact, calendar, { flash, headers }] = await Promise.all([
    listReasonCodes(db),
    readMessages(db, user, { id: referral.id, side, consentState: referral.consent.state }),
    canWrite ? listAssignableStaff(db, user.organizationId, side) : Promise.resolve([]),
    side === 'referring' ? listTasksOf(db, user, { referralId: referral.id }) : Promise.resolve([]),
    referral.managed ? Promise.resolve(null) : getServiceContact(db, referral.serviceId),
    organizationCalendar(db, user.organizationId),
    readFlash(request),
  ]);
  const attempts = referral.timeline.filter((event) => event.kind === 'contact-attempt').map((event) => ({ attemptedAt: event.at, result: event.result ?? '' }));
  const now = new Date();
  return data(
    {
      referral,
      next: canWrite ? nextStatuses(referral.status, side, referral.managed) : [],
      canWrite,
      reasons,
      messages,
      staff,
      tasks,
      serviceContact,
      proposeUnableToContact: side === 'receiving' && proposesUnableToContact(referral.status, attempts),
      today: localDate(now, calendar.timeZone),
      now: localDateTime(now, calendar.timeZone),
      followUpBusinessDays: calendar.followUpBusinessDays,
      holidays: [...calendar.holidays],
      flash,
    },
    { headers },
  );
}

export type ReferralActionResult = {
  intent: string;
  ok: boolean;
  fieldErrors: Record<string, string>;
  formError: string | null;
  values: Record<string, unknown>;
  /** English text (a translation key) and its values, shown as the confirmation that takes focus. */
  confirmation?: { message: string; params?: Record<string, string> };
};

function invalid(intent: string, error: z.ZodError, values: Record<string, unknown>) {
  return data<ReferralActionResult>({ intent, ok: false, fieldErrors: fieldErrorsOf(error), formError: null, values }, { status: 400 });
}

function refused(intent: string, failure: ReferralFailure, values: Record<string, unknown>) {
  if (failure.status === 404) notFound();
  return data<ReferralActionResult>(
    { intent, ok: false, fieldErrors: failure.field ? { [failure.field]: failure.message } : {}, formError: failure.message, values },
    { status: failure.status },
  );
}

function done(intent: string, message: string, params?: Record<string, string>) {
  return data<ReferralActionResult>({ intent, ok: true, fieldErrors: {}, formError: null, values: {}, confirmation: { message, params } });
}

/** The one action of the referral page: each form says what it does in its `intent`. */
export async function handleReferralAction(request: Request, referralIdParam: string | undefined, side: Side) {
  const session = await requireUserWithPermission(request, WRITE_PERMISSION[side]);
  const referralId = requireId(referralIdParam);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData);
  const intent = typeof values.intent === 'string' ? values.intent : 'status';
  const user: SessionUser = session.user;
  const db = getDb();
  const id = requestId(request);

  switch (intent) {
    case 'status': {
      const parsed = statusChangeSchema.safeParse(values);
      if (!parsed.success) return invalid(intent, parsed.error, values);
      const result = await changeReferralStatus(db, user, referralId, { ...parsed.data, side }, id);
      if (!result.ok) return refused(intent, result, values);
      return done(intent, 'Saved. The referral is now {{status}}.', { status: result.status });
    }
    case 'message': {
      const parsed = messageSchema.safeParse(values);
      if (!parsed.success) return invalid(intent, parsed.error, values);
      const result = await postMessage(db, user, referralId, side, parsed.data, id);
      if (!result.ok) return refused(intent, result, values);
      return done(intent, parsed.data.internal ? 'Internal note saved.' : 'Message sent.');
    }
    case 'attempt': {
      if (side !== 'receiving') notFound();
      const parsed = contactAttemptSchema.safeParse(values);
      if (!parsed.success) return invalid(intent, parsed.error, values);
      const [date, time] = parsed.data.attemptedAt.split('T');
      const attemptedAt = localToInstant(date, user.organizationTimeZone, time);
      const result = await logContactAttempt(db, user, referralId, { ...parsed.data, attemptedAt }, id);
      if (!result.ok) return refused(intent, result, values);
      return done(intent, 'Contact attempt logged.');
    }
    case 'assign': {
      const parsed = assignSchema.safeParse(values);
      if (!parsed.success) return invalid(intent, parsed.error, values);
      const result = await assignReferral(db, user, referralId, side, parsed.data, id);
      if (!result.ok) return refused(intent, result, values);
      return result.assigneeName ? done(intent, 'Assigned to {{name}}.', { name: result.assigneeName }) : done(intent, 'Nobody is responsible for it now.');
    }
    case 'withdraw-consent': {
      if (side !== 'referring') notFound();
      const parsed = withdrawConsentSchema.safeParse(values);
      if (!parsed.success) return invalid(intent, parsed.error, values);
      const result = await withdrawConsent(db, user, referralId, parsed.data, id);
      if (!result.ok) return refused(intent, result, values);
      return done(intent, 'Consent withdrawn. The organisation no longer sees the patient’s details.');
    }
    case 'follow-up': {
      if (side !== 'referring') notFound();
      const parsed = followUpResultSchema.safeParse(values);
      if (!parsed.success) return invalid(intent, parsed.error, values);
      const result = await recordFollowUpResult(db, user, referralId, parsed.data, id);
      if (!result.ok) return refused(intent, result, values);
      return done(intent, 'Saved what happened. The referral is now {{status}}.', { status: result.status });
    }
    case 'add-task': {
      if (side !== 'referring') notFound();
      const parsed = taskSchema.safeParse(values);
      if (!parsed.success) return invalid(intent, parsed.error, values);
      const result = await createTask(db, user, { ...parsed.data, referralId }, id);
      if (!result.ok) return refused(intent, result, values);
      return done(intent, 'Follow-up task added, due {{date}}.', { date: parsed.data.dueOn });
    }
    case 'complete-task': {
      if (side !== 'referring') notFound();
      const parsed = completeTaskSchema.safeParse(values);
      if (!parsed.success) return invalid(intent, parsed.error, values);
      const result = await completeTask(db, user, parsed.data, id);
      if (!result.ok) return refused(intent, result, values);
      return done(intent, 'Task completed.');
    }
    default:
      return data<ReferralActionResult>({ intent, ok: false, fieldErrors: {}, formError: 'Reload the page and try again.', values }, { status: 400 });
  }
}
