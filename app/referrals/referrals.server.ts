import { sql, type Insertable, type Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB, ReferralEvents } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';
import { capacityNeedsConfirmation } from '../directory/capacity.js';
import { getServiceForReferral } from '../directory/services.server.js';
import { queueNotification } from '../jobs/outbox.server.js';
import { organizationCalendar } from '../organizations/calendar.server.js';
import { addBusinessDays, addDays, isOverdue, isStuck, localDate, responseDueAt, startOfLocalDay } from './business-days.js';
import { CONTACT_ITEMS, consentState, visibleItems, type ConsentGiver, type ConsentMethod, type ConsentState, type SharedItem } from './consent.js';
import { followUpSteps, type FollowUpResult, type FollowUpStep } from './follow-up.js';
import { OPEN_STATUSES, REASON_KIND_FOR_STATUS, REREFERABLE_STATUSES, checkTransition, isClosed, type ReferralStatus, type Side } from './lifecycle.js';
import { checkReason, type ReasonCode, type ReasonKind } from './reasons.js';
import { listReasonCodes } from './reasons.server.js';
import { screeningAnswersForNeed, type SharedScreeningAnswer } from './screening-answers.js';
import { receivingSideMaySeeNeed } from '../screening/safety.js';

export type ReferralFailure = {
  ok: false;
  status: 400 | 404 | 409;
  message: string;
  field?: string;
  /** An open referral for the same patient, need and service: the worker confirms before sending another. */
  duplicate?: { id: string; status: ReferralStatus; sentAt: string };
};

const notFound = { ok: false, status: 404, message: 'Not found' } as const;

export interface ConsentInput {
  method: ConsentMethod;
  givenBy: ConsentGiver;
  representativeName: string;
  representativeRelationship: string;
  signatureName: string;
  /** Empty for an unmanaged referral: nothing goes to the organisation. */
  sharedItems: SharedItem[];
  bestTimeToCall: string;
  expiresOn: string;
}

/** Verbal consent the patient gave themselves to share these items until a day: the common case. */
export function patientConsent(sharedItems: SharedItem[], expiresOn: string): ConsentInput {
  return { method: 'verbal', givenBy: 'patient', representativeName: '', representativeRelationship: '', signatureName: '', sharedItems, bestTimeToCall: '', expiresOn };
}

export interface NewReferral {
  patientId: string;
  needId: string;
  serviceId: string;
  consent: ConsentInput;
  note: string;
  replacesReferralId: string | null;
  confirmDuplicate: boolean;
  /** The worker saw the service's waitlist / no-capacity warning and sends anyway. */
  capacityConfirmed?: boolean;
}

type Executor = Database | Transaction<DB>;

async function addEvent(trx: Executor, event: Insertable<ReferralEvents>) {
  await trx.insertInto('referral_events').values(event).execute();
}

/** An open referral of this patient for the same need and service, if there is one. */
export async function findOpenDuplicate(db: Executor, patientId: string, needId: string, serviceId: string) {
  const row = await db
    .selectFrom('referrals')
    .select(['id', 'status', 'created_at'])
    .where('patient_id', '=', patientId)
    .where('need_id', '=', needId)
    .where('service_id', '=', serviceId)
    .where('status', 'in', OPEN_STATUSES)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? { id: row.id, status: row.status as ReferralStatus, sentAt: row.created_at.toISOString() } : undefined;
}

/** The referrals already made for a patient's need, so that the services list can mark them. */
export async function referralsForNeed(db: Executor, user: SessionUser, patientId: string, needId: string) {
  const rows = await db
    .selectFrom('referrals')
    .select(['id', 'service_id', 'status'])
    .where('organization_id', '=', user.organizationId)
    .where('patient_id', '=', patientId)
    .where('need_id', '=', needId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({ id: row.id, serviceId: row.service_id, status: row.status as ReferralStatus }));
}

/** Whether a need came from a screening (whose answers the patient may then agree to share), and from which domain. */
export async function needOrigin(db: Executor, needId: string): Promise<{ fromScreening: boolean; domain: string | null }> {
  const row = await db.selectFrom('needs').select(['screening_id', 'domain']).where('id', '=', needId).executeTakeFirst();
  return { fromScreening: Boolean(row?.screening_id), domain: row?.domain ?? null };
}

/**
 * Records the patient's consent and sends the referral, in one transaction. A service whose
 * organisation is not on CareLoop gets an unmanaged referral: the referring side owns it and a
 * follow-up task is due in the organisation's follow-up window.
 */
export async function createReferral(
  db: Database,
  user: SessionUser,
  input: NewReferral,
  requestId?: string,
): Promise<{ ok: true; referralId: string; sentTo: string; managed: boolean } | ReferralFailure> {
  return db.transaction().execute(async (trx) => {
    // The need's row lock makes two sends of the same referral see each other.
    const need = await trx
      .selectFrom('needs')
      .innerJoin('patients', 'patients.id', 'needs.patient_id')
      .select(['needs.id', 'needs.status', 'needs.category', 'patients.contact_preference', 'patients.assigned_user_id'])
      .where('needs.id', '=', input.needId)
      .where('needs.patient_id', '=', input.patientId)
      .where('patients.organization_id', '=', user.organizationId)
      .where('patients.merged_into_id', 'is', null)
      .forUpdate('needs')
      .executeTakeFirst();
    if (!need) return notFound;
    if (need.status !== 'identified') return { ok: false, status: 409, field: 'needId', message: 'This need is no longer open.' } as const;
    const service = await getServiceForReferral(trx, input.serviceId);
    if (!service) return { ok: false, status: 400, field: 'serviceId', message: 'That service is not in the directory.' } as const;
    const managed = service.receivingOrganizationId !== null;
    const sharedItems = managed ? input.consent.sharedItems : [];
    if (need.contact_preference === 'do-not-contact' && sharedItems.some((item) => CONTACT_ITEMS.includes(item))) {
      return {
        ok: false,
        status: 400,
        field: 'sharedItems',
        message: 'The patient asked not to be contacted: their contact details cannot be shared.',
      } as const;
    }
    if (capacityNeedsConfirmation(service.capacityStatus) && !input.capacityConfirmed) {
      return {
        ok: false,
        status: 409,
        field: 'capacityConfirmed',
        message: 'This service has a waitlist or no capacity now. Confirm that you want to send the referral anyway.',
      } as const;
    }
    if (input.replacesReferralId) {
      const replaced = await trx
        .selectFrom('referrals')
        .select(['status'])
        .where('id', '=', input.replacesReferralId)
        .where('organization_id', '=', user.organizationId)
        .where('patient_id', '=', input.patientId)
        .executeTakeFirst();
      if (!replaced || !REREFERABLE_STATUSES.includes(replaced.status as ReferralStatus)) {
        return { ok: false, status: 400, field: 'replacesReferralId', message: 'Only a declined, failed or cancelled referral of this patient can be replaced.' } as const;
      }
    }
    if (!input.confirmDuplicate) {
      const duplicate = await findOpenDuplicate(trx, input.patientId, input.needId, service.serviceId);
      if (duplicate) {
        return {
          ok: false,
          status: 409,
          field: 'confirmDuplicate',
          message: 'This patient already has an open referral to this service for this need.',
          duplicate,
        } as const;
      }
    }

    const consent = await trx
      .insertInto('consents')
      .values({
        organization_id: user.organizationId,
        patient_id: input.patientId,
        shared_with_organization_id: service.receivingOrganizationId,
        shared_items: sharedItems,
        method: input.consent.method,
        given_by: input.consent.givenBy,
        representative_name: input.consent.givenBy === 'representative' ? input.consent.representativeName : null,
        representative_relationship: input.consent.givenBy === 'representative' ? input.consent.representativeRelationship || null : null,
        signature_name: input.consent.method === 'signed-on-screen' ? input.consent.signatureName : null,
        best_time_to_call: sharedItems.includes('best-time') ? input.consent.bestTimeToCall : null,
        expires_on: input.consent.expiresOn,
        recorded_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const now = new Date();
    let dueAt: Date | null = null;
    if (service.receivingOrganizationId) {
      const calendar = await organizationCalendar(trx, service.receivingOrganizationId);
      dueAt = responseDueAt(now, calendar.responseWindowBusinessDays, calendar.holidays, calendar.timeZone);
    }
    const assignee = need.assigned_user_id ?? user.id;
    const referral = await trx
      .insertInto('referrals')
      .values({
        organization_id: user.organizationId,
        receiving_organization_id: service.receivingOrganizationId,
        managed,
        patient_id: input.patientId,
        need_id: input.needId,
        need_category: need.category,
        consent_id: consent.id,
        service_id: service.serviceId,
        service_name: service.serviceName,
        service_organization_name: service.organizationName,
        hsds_organization_id: service.hsdsOrganizationId,
        status: 'requested',
        note: input.note || null,
        created_by: user.id,
        assigned_user_id: assignee,
        replaces_referral_id: input.replacesReferralId,
        response_due_at: dueAt,
        created_at: now,
        updated_at: now,
        last_activity_at: now,
        target_capacity_status: service.capacityStatus,
        capacity_confirmed: capacityNeedsConfirmation(service.capacityStatus) && input.capacityConfirmed === true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await addEvent(trx, {
      referral_id: referral.id,
      from_status: null,
      to_status: 'requested',
      note: input.note || null,
      actor_user_id: user.id,
      actor_organization_id: user.organizationId,
    });
    if (!managed) {
      const calendar = await organizationCalendar(trx, user.organizationId);
      await trx
        .insertInto('follow_up_tasks')
        .values({
          organization_id: user.organizationId,
          patient_id: input.patientId,
          referral_id: referral.id,
          kind: 'check-outcome',
          due_on: addBusinessDays(localDate(now, calendar.timeZone), calendar.followUpBusinessDays, calendar.holidays),
          assigned_user_id: assignee,
          created_by: user.id,
        })
        .execute();
    }
    await recordAudit(trx, [
      { user, patientId: input.patientId, action: 'create', entityType: 'consent', entityId: consent.id, requestId },
      { user, patientId: input.patientId, action: 'create', entityType: 'referral', entityId: referral.id, requestId },
    ]);
    if (managed) {
      await queueNotification(trx, { kind: 'referral.requested', eventKey: `referral:${referral.id}:v1`, subjectId: referral.id, actorUserId: user.id });
    }
    return { ok: true, referralId: referral.id, sentTo: service.organizationName, managed } as const;
  });
}

export function sideOf(user: SessionUser, referral: { organization_id: string; receiving_organization_id: string | null }): Side | null {
  if (referral.organization_id === user.organizationId) return 'referring';
  if (referral.receiving_organization_id === user.organizationId) return 'receiving';
  return null;
}

/** The referral locked for a change, if the user's organisation is on the side the page acts for. */
export async function lockReferral(trx: Transaction<DB>, user: SessionUser, referralId: string, side: Side) {
  const referral = await trx
    .selectFrom('referrals')
    .select([
      'id',
      'organization_id',
      'receiving_organization_id',
      'managed',
      'patient_id',
      'need_id',
      'consent_id',
      'status',
      'version',
      'assigned_user_id',
      'receiving_assigned_user_id',
    ])
    .where('id', '=', referralId)
    .where((eb) => eb.or([eb('organization_id', '=', user.organizationId), eb('receiving_organization_id', '=', user.organizationId)]))
    .forUpdate()
    .executeTakeFirst();
  return referral && sideOf(user, referral) === side ? referral : undefined;
}
export type LockedReferral = NonNullable<Awaited<ReturnType<typeof lockReferral>>>;

const STALE_MESSAGE = 'Someone else changed this referral while you were looking at it. The page now shows the latest; check it and try again.';

interface Step extends Omit<FollowUpStep, 'reasonKind'> {
  reasonKind?: ReasonKind;
  reason?: string;
  note?: string;
  eventKind?: 'status' | 'follow-up';
  followUpResult?: FollowUpResult;
}

/** One step along the lifecycle: the row, its event, the need, the audit row and who hears of it. */
async function applyStep(trx: Transaction<DB>, user: SessionUser, referral: LockedReferral, step: Step, requestId?: string) {
  const from = referral.status as ReferralStatus;
  const version = referral.version + 1;
  await trx
    .updateTable('referrals')
    .set({
      status: step.to,
      status_reason_kind: step.reasonKind ?? null,
      status_reason_code: step.reasonCode ?? null,
      status_reason: step.reason || null,
      updated_at: sql`now()`,
      last_activity_at: sql`now()`,
      version,
      ...(from === 'requested' ? { responded_at: sql<Date>`coalesce(responded_at, now())` } : {}),
      ...(isClosed(step.to) ? { closed_at: sql<Date>`now()` } : {}),
    })
    .where('id', '=', referral.id)
    .execute();
  await addEvent(trx, {
    referral_id: referral.id,
    kind: step.eventKind ?? 'status',
    from_status: from,
    to_status: step.to,
    reason_kind: step.followUpResult ? 'follow-up' : (step.reasonKind ?? null),
    reason_code: step.followUpResult ?? step.reasonCode ?? null,
    reason: step.reason || null,
    note: step.note || null,
    actor_user_id: user.id,
    actor_organization_id: user.organizationId,
  });
  if (step.to === 'completed') {
    const closed = await trx
      .updateTable('needs')
      .set({
        status: 'addressed',
        resolution_kind: 'need-resolution',
        resolution_code: 'service-received',
        closed_at: sql`now()`,
        closed_by: user.id,
        version: sql`version + 1`,
      })
      .where('id', '=', referral.need_id)
      .where('status', '=', 'identified')
      .executeTakeFirst();
    if (closed.numUpdatedRows > 0n) {
      await recordAudit(trx, { user, patientId: referral.patient_id, action: 'update', entityType: 'need', entityId: referral.need_id, requestId });
    }
  }
  await recordAudit(trx, { user, patientId: referral.patient_id, action: 'update', entityType: 'referral', entityId: referral.id, requestId });
  await queueNotification(trx, {
    kind: `referral.${step.to}`,
    eventKey: `referral:${referral.id}:v${version}`,
    subjectId: referral.id,
    actorUserId: user.id,
  });
  referral.status = step.to;
  referral.version = version;
}

interface StatusChange {
  status: ReferralStatus;
  reasonCode: string;
  reason: string;
  note: string;
  /** The version the person saw; a different current version means someone else changed it. */
  version: number;
  /** The side the page acts for (the portal acts for the receiving organisation); anything else is not found. */
  side: Side;
}

function checkCodedReason(valueSet: readonly ReasonCode[], status: ReferralStatus, code: string, text: string) {
  const kind = REASON_KIND_FOR_STATUS[status];
  if (!kind) return { ok: true, kind: null } as const;
  const check = checkReason(valueSet, kind, code, text);
  return check.ok ? ({ ok: true, kind } as const) : check;
}

export async function changeReferralStatus(
  db: Database,
  user: SessionUser,
  referralId: string,
  change: StatusChange,
  requestId?: string,
): Promise<{ ok: true; status: ReferralStatus; version: number } | ReferralFailure> {
  // Only a change that needs a coded reason reads the value sets.
  const valueSet = REASON_KIND_FOR_STATUS[change.status] ? await listReasonCodes(db) : [];
  return db.transaction().execute(async (trx) => {
    const referral = await lockReferral(trx, user, referralId, change.side);
    if (!referral) return notFound;
    if (referral.version !== change.version) return { ok: false, status: 409, message: STALE_MESSAGE } as const;
    const from = referral.status as ReferralStatus;
    const check = checkTransition({ from, to: change.status, side: change.side, reasonCode: change.reasonCode, managed: referral.managed });
    if (!check.ok) {
      const field = check.problem === 'reason-required' || check.problem === 'delivered-required' ? 'reasonCode' : undefined;
      return { ok: false, status: field ? 400 : 409, message: check.message, field } as const;
    }
    const reason = checkCodedReason(valueSet, change.status, change.reasonCode, change.reason);
    if (!reason.ok) return { ok: false, status: 400, message: reason.message, field: reason.field } as const;
    await applyStep(
      trx,
      user,
      referral,
      { to: change.status, reasonKind: reason.kind ?? undefined, reasonCode: reason.kind ? change.reasonCode : undefined, reason: change.reason, note: change.note },
      requestId,
    );
    return { ok: true, status: change.status, version: referral.version } as const;
  });
}

/**
 * The case manager records what happened with an unmanaged referral: it moves along the lifecycle
 * (reached → accepted, got help → completed, didn't go → cancelled), the open outcome check is done,
 * and "still waiting" sets the next check one follow-up window later.
 */
export async function recordFollowUpResult(
  db: Database,
  user: SessionUser,
  referralId: string,
  input: { result: FollowUpResult; note: string; version: number },
  requestId?: string,
): Promise<{ ok: true; status: ReferralStatus } | ReferralFailure> {
  return db.transaction().execute(async (trx) => {
    const referral = await lockReferral(trx, user, referralId, 'referring');
    if (!referral || referral.managed) return notFound;
    if (referral.version !== input.version) return { ok: false, status: 409, message: STALE_MESSAGE } as const;
    const steps = followUpSteps(referral.status as ReferralStatus, input.result);
    if (!steps) return { ok: false, status: 409, message: 'This referral is closed.' } as const;
    for (const step of steps) {
      await applyStep(trx, user, referral, { ...step, eventKind: 'follow-up', followUpResult: input.result, note: input.note }, requestId);
    }
    if (steps.length === 0) {
      await addEvent(trx, {
        referral_id: referral.id,
        kind: 'follow-up',
        reason_kind: 'follow-up',
        reason_code: input.result,
        note: input.note || null,
        actor_user_id: user.id,
        actor_organization_id: user.organizationId,
      });
      await trx.updateTable('referrals').set({ last_activity_at: sql`now()` }).where('id', '=', referral.id).execute();
      await recordAudit(trx, { user, patientId: referral.patient_id, action: 'update', entityType: 'referral', entityId: referral.id, requestId });
    }
    await trx
      .updateTable('follow_up_tasks')
      .set({ status: 'done', completed_at: sql`now()`, completed_by: user.id, completion_note: input.note || null, version: sql`version + 1` })
      .where('referral_id', '=', referral.id)
      .where('kind', '=', 'check-outcome')
      .where('status', '=', 'open')
      .execute();
    if (input.result === 'still-waiting' || (input.result === 'reached' && !isClosed(referral.status as ReferralStatus))) {
      const calendar = await organizationCalendar(trx, user.organizationId);
      await trx
        .insertInto('follow_up_tasks')
        .values({
          organization_id: user.organizationId,
          patient_id: referral.patient_id,
          referral_id: referral.id,
          kind: 'check-outcome',
          due_on: addBusinessDays(localDate(new Date(), calendar.timeZone), calendar.followUpBusinessDays, calendar.holidays),
          assigned_user_id: referral.assigned_user_id ?? user.id,
          created_by: user.id,
        })
        .execute();
    }
    return { ok: true, status: referral.status as ReferralStatus } as const;
  });
}

/** A timeline entry's fields that only some kinds of entry fill in. */
const NO_DETAILS = {
  fromStatus: null,
  toStatus: null,
  reasonKind: null,
  reasonCode: null,
  reason: null,
  note: null,
  subject: null,
  method: null,
  result: null,
} satisfies Partial<TimelineEvent>;

export interface TimelineEvent {
  kind: 'status' | 'consent-withdrawn' | 'consent-expired' | 'assigned' | 'task-completed' | 'follow-up' | 'contact-attempt' | 'handout-given';
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus | null;
  reasonKind: string | null;
  reasonCode: string | null;
  reason: string | null;
  note: string | null;
  /** An assignment's new assignee; a completed task's kind; the last day of consent that expired. */
  subject: string | null;
  method: string | null;
  result: string | null;
  actorName: string | null;
  actorOrganization: string | null;
  at: string;
}

export interface ReferralDetail {
  id: string;
  side: Side;
  managed: boolean;
  status: ReferralStatus;
  reason: { kind: string; code: string; text: string | null } | null;
  version: number;
  serviceId: string;
  serviceName: string;
  serviceOrganization: string;
  referringOrganization: string;
  receivingOrganization: string | null;
  needId: string | null;
  needCategory: string | null;
  /** The need as FHIR exports it, when the reader may see the need. */
  need: { zCode: string | null; resolved: boolean; recordedAt: string } | null;
  referringOrganizationId: string;
  receivingOrganizationId: string | null;
  sentAt: string;
  updatedAt: string;
  responseDueAt: string | null;
  respondedAt: string | null;
  closedAt: string | null;
  overdue: boolean;
  stuck: boolean;
  assignee: { id: string; name: string } | null;
  receivingAssignee: { id: string; name: string } | null;
  replaces: { id: string; serviceName: string; status: ReferralStatus } | null;
  replacedBy: Array<{ id: string; serviceName: string; status: ReferralStatus }>;
  consent: {
    id: string;
    version: number;
    state: ConsentState;
    sharedItems: SharedItem[];
    method: ConsentMethod;
    givenBy: ConsentGiver;
    representativeName: string | null;
    representativeRelationship: string | null;
    recordedBy: string;
    recordedAt: string;
    expiresOn: string;
    withdrawnAt: string | null;
  };
  /** Only what the consent shares with the receiving side; everything for the referring side. */
  patient: {
    id: string | null;
    name: string | null;
    birthDate: string | null;
    preferredLanguage: string | null;
    postalCode: string | null;
    phone: string | null;
    email: string | null;
    address: string | null;
    bestTimeToCall: string | null;
    doNotContact: boolean;
    contactPreference: string | null;
  };
  note: string | null;
  screeningAnswers: SharedScreeningAnswer[] | null;
  timeline: TimelineEvent[];
}

/** Referrals joined with their patient, need, consent and both organisations (the receiving one only when on CareLoop). */
export function referralsWithParties(db: Executor) {
  return db
    .selectFrom('referrals')
    .innerJoin('patients', 'patients.id', 'referrals.patient_id')
    .innerJoin('needs', 'needs.id', 'referrals.need_id')
    .innerJoin('consents', 'consents.id', 'referrals.consent_id')
    .innerJoin('organizations as referring', 'referring.id', 'referrals.organization_id')
    .leftJoin('organizations as receiving', 'receiving.id', 'referrals.receiving_organization_id');
}

/** A referral the user's organisation sent or received; undefined for anyone else. */
export async function getReferralDetail(
  db: Database,
  user: SessionUser,
  referralId: string,
  requestId?: string,
  auditAction: 'read' | 'export' = 'read',
): Promise<ReferralDetail | undefined> {
  const row = await referralsWithParties(db)
    .leftJoin('users as assignee', 'assignee.id', 'referrals.assigned_user_id')
    .leftJoin('users as receiving_assignee', 'receiving_assignee.id', 'referrals.receiving_assigned_user_id')
    .innerJoin('users as recorder', 'recorder.id', 'consents.recorded_by')
    .leftJoin('screenings', 'screenings.id', 'needs.screening_id')
    .select([
      'referrals.id',
      'referrals.organization_id',
      'referrals.receiving_organization_id',
      'referrals.managed',
      'referrals.status',
      'referrals.status_reason_kind',
      'referrals.status_reason_code',
      'referrals.status_reason',
      'referrals.note',
      'referrals.version',
      'referrals.service_id',
      'referrals.service_name',
      'referrals.service_organization_name',
      'referrals.created_at',
      'referrals.updated_at',
      'referrals.last_activity_at',
      'referrals.response_due_at',
      'referrals.responded_at',
      'referrals.closed_at',
      'referrals.replaces_referral_id',
      'referring.name as referring_name',
      'referring.time_zone as referring_time_zone',
      'receiving.name as receiving_name',
      'assignee.id as assignee_id',
      'assignee.full_name as assignee_name',
      'receiving_assignee.id as receiving_assignee_id',
      'receiving_assignee.full_name as receiving_assignee_name',
      'needs.id as need_id',
      'needs.category',
      'needs.domain',
      'needs.z_code',
      'needs.status as need_status',
      'needs.created_at as need_created_at',
      'screenings.instrument',
      'screenings.result as screening_result',
      'screenings.voided_at as screening_voided_at',
      'patients.id as patient_id',
      'patients.given_name',
      'patients.family_name',
      'patients.birth_date',
      'patients.preferred_language',
      'patients.postal_code',
      'patients.phone',
      'patients.email',
      'patients.address_line',
      'patients.city',
      'patients.state',
      'patients.contact_preference',
      'consents.id as consent_id',
      'consents.version as consent_version',
      'consents.shared_items',
      'consents.method',
      'consents.given_by',
      'consents.representative_name',
      'consents.representative_relationship',
      'consents.best_time_to_call',
      'consents.expires_on',
      'consents.withdrawn_at',
      'consents.created_at as consent_created_at',
      'recorder.full_name as recorder_name',
    ])
    .where('referrals.id', '=', referralId)
    .where((eb) =>
      eb.or([eb('referrals.organization_id', '=', user.organizationId), eb('referrals.receiving_organization_id', '=', user.organizationId)]),
    )
    .executeTakeFirst();
  const side = row && sideOf(user, row);
  if (!row || !side) return undefined;

  const [events, attempts, related, handouts] = await Promise.all([
    db
      .selectFrom('referral_events')
      .innerJoin('users', 'users.id', 'referral_events.actor_user_id')
      .innerJoin('organizations', 'organizations.id', 'referral_events.actor_organization_id')
      .leftJoin('users as subject', 'subject.id', 'referral_events.subject_user_id')
      .leftJoin('follow_up_tasks', 'follow_up_tasks.id', 'referral_events.task_id')
      .select([
        'follow_up_tasks.kind as task_kind',
        'referral_events.kind',
        'referral_events.from_status',
        'referral_events.to_status',
        'referral_events.reason_kind',
        'referral_events.reason_code',
        'referral_events.reason',
        'referral_events.note',
        'referral_events.created_at',
        'referral_events.actor_organization_id',
        'users.full_name',
        'organizations.name as organization_name',
        'subject.full_name as subject_name',
      ])
      .where('referral_events.referral_id', '=', row.id)
      .orderBy('referral_events.created_at')
      .execute(),
    db
      .selectFrom('referral_contact_attempts')
      .innerJoin('users', 'users.id', 'referral_contact_attempts.recorded_by')
      .innerJoin('organizations', 'organizations.id', 'referral_contact_attempts.organization_id')
      .select([
        'referral_contact_attempts.attempted_at',
        'referral_contact_attempts.method',
        'referral_contact_attempts.result',
        'referral_contact_attempts.note',
        'users.full_name',
        'organizations.name as organization_name',
      ])
      .where('referral_contact_attempts.referral_id', '=', row.id)
      .execute(),
    db
      .selectFrom('referrals')
      .select(['id', 'service_name', 'status', 'replaces_referral_id'])
      .where('organization_id', '=', row.organization_id)
      .where((eb) => eb.or([eb('replaces_referral_id', '=', row.id), ...(row.replaces_referral_id ? [eb('id', '=', row.replaces_referral_id)] : [])]))
      .execute(),
    // The directory's handout of this service, given to the patient for this need since the referral
    // was made: how the patient of an unmanaged referral got the service's details.
    side === 'referring'
      ? db
          .selectFrom('information_given')
          .innerJoin('information_given_services', 'information_given_services.information_given_id', 'information_given.id')
          .innerJoin('users', 'users.id', 'information_given.given_by')
          .select(['information_given.channel', 'information_given.given_at', 'users.full_name'])
          .where('information_given.organization_id', '=', row.organization_id)
          .where('information_given.patient_id', '=', row.patient_id)
          .where('information_given.need_id', '=', row.need_id)
          .where('information_given_services.service_id', '=', row.service_id)
          .where('information_given.given_at', '>=', row.created_at)
          .execute()
      : Promise.resolve([]),
  ]);

  await recordAudit(db, { user, patientId: row.patient_id, action: auditAction, entityType: 'referral', entityId: row.id, requestId });

  const today = localDate(new Date(), row.referring_time_zone);
  const state = consentState({ expiresOn: row.expires_on, withdrawnAt: row.withdrawn_at }, today);
  const doNotContact = row.contact_preference === 'do-not-contact';
  const sees = visibleItems(side, { sharedItems: row.shared_items, state }, doNotContact);
  const receivingSeesNothing = side === 'receiving' && state !== 'active';
  const ownNote = (organizationId: string) => organizationId === user.organizationId || sees.has('note');
  const needShown = side === 'referring' || receivingSideMaySeeNeed({ category: row.category, domain: row.domain }, [...sees]);
  const address = [row.address_line, row.city, [row.state, row.postal_code].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const screeningAnswers =
    needShown && sees.has('screening-answers') && row.instrument && row.screening_result && row.domain && !row.screening_voided_at
      ? screeningAnswersForNeed(row.instrument, row.screening_result, row.domain)
      : null;

  const timeline: TimelineEvent[] = [
    // An assignment is the business of the side that made it.
    ...events.filter((event) => event.kind !== 'assigned' || event.actor_organization_id === user.organizationId).map((event) => ({
      kind: event.kind as TimelineEvent['kind'],
      fromStatus: event.from_status as ReferralStatus | null,
      toStatus: event.to_status as ReferralStatus | null,
      reasonKind: event.reason_kind,
      reasonCode: event.reason_code,
      reason: receivingSeesNothing ? null : event.reason,
      note: !receivingSeesNothing && ownNote(event.actor_organization_id) ? event.note : null,
      subject: event.kind === 'task-completed' ? event.task_kind : event.subject_name,
      method: null,
      result: null,
      actorName: event.full_name,
      actorOrganization: event.organization_name,
      at: event.created_at.toISOString(),
    })),
    ...attempts.map((attempt) => ({
      ...NO_DETAILS,
      kind: 'contact-attempt' as const,
      note: receivingSeesNothing ? null : attempt.note,
      method: attempt.method,
      result: attempt.result,
      actorName: attempt.full_name,
      actorOrganization: attempt.organization_name,
      at: attempt.attempted_at.toISOString(),
    })),
    ...handouts.map((handout) => ({
      ...NO_DETAILS,
      kind: 'handout-given' as const,
      method: handout.channel,
      actorName: handout.full_name,
      actorOrganization: row.referring_name,
      at: handout.given_at.toISOString(),
    })),
    ...(state === 'expired'
      ? [
          {
            ...NO_DETAILS,
            kind: 'consent-expired' as const,
            subject: row.expires_on,
            actorName: null,
            actorOrganization: null,
            // Consent lasts through its last day in the referring organisation's time zone.
            at: startOfLocalDay(addDays(row.expires_on, 1), row.referring_time_zone).toISOString(),
          },
        ]
      : []),
  ].sort((a, b) => a.at.localeCompare(b.at));

  const replaces = related.find((other) => other.id === row.replaces_referral_id);
  return {
    id: row.id,
    side,
    managed: row.managed,
    status: row.status as ReferralStatus,
    reason:
      row.status_reason_kind && row.status_reason_code
        ? { kind: row.status_reason_kind, code: row.status_reason_code, text: receivingSeesNothing ? null : row.status_reason }
        : null,
    version: row.version,
    serviceId: row.service_id,
    serviceName: row.service_name,
    serviceOrganization: row.service_organization_name ?? row.receiving_name ?? '',
    referringOrganization: row.referring_name,
    receivingOrganization: row.receiving_name,
    needId: side === 'referring' ? row.need_id : null,
    needCategory: needShown ? row.category : null,
    need: needShown ? { zCode: row.z_code, resolved: row.need_status === 'addressed', recordedAt: row.need_created_at.toISOString() } : null,
    referringOrganizationId: row.organization_id,
    receivingOrganizationId: row.receiving_organization_id,
    sentAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    responseDueAt: row.response_due_at?.toISOString() ?? null,
    respondedAt: row.responded_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    overdue: isOverdue({ status: row.status, responseDueAt: row.response_due_at }),
    stuck: isStuck({ status: row.status, lastActivityAt: row.last_activity_at }),
    assignee: side === 'referring' && row.assignee_id ? { id: row.assignee_id, name: row.assignee_name! } : null,
    receivingAssignee: row.receiving_assignee_id ? { id: row.receiving_assignee_id, name: row.receiving_assignee_name! } : null,
    replaces: replaces ? { id: replaces.id, serviceName: replaces.service_name, status: replaces.status as ReferralStatus } : null,
    replacedBy: related
      .filter((other) => other.replaces_referral_id === row.id)
      .map((other) => ({ id: other.id, serviceName: other.service_name, status: other.status as ReferralStatus })),
    consent: {
      id: row.consent_id,
      version: row.consent_version,
      state,
      sharedItems: row.shared_items as SharedItem[],
      method: row.method as ConsentMethod,
      givenBy: row.given_by as ConsentGiver,
      representativeName: receivingSeesNothing ? null : row.representative_name,
      representativeRelationship: receivingSeesNothing ? null : row.representative_relationship,
      recordedBy: row.recorder_name,
      recordedAt: row.consent_created_at.toISOString(),
      expiresOn: row.expires_on,
      withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
    },
    patient: {
      id: side === 'referring' ? row.patient_id : null,
      name: sees.has('identity') ? `${row.given_name} ${row.family_name}` : null,
      birthDate: sees.has('identity') ? row.birth_date : null,
      preferredLanguage: sees.has('language') ? row.preferred_language : null,
      postalCode: sees.has('postal-code') || sees.has('address') ? row.postal_code : null,
      phone: sees.has('phone') && !doNotContact ? row.phone : null,
      email: sees.has('email') && !doNotContact ? row.email : null,
      address: sees.has('address') && !doNotContact && row.address_line ? address : null,
      bestTimeToCall: sees.has('best-time') && !doNotContact ? row.best_time_to_call : null,
      doNotContact: doNotContact && (side === 'referring' || state === 'active'),
      contactPreference: side === 'referring' || sees.has('phone') || sees.has('email') || sees.has('address') ? row.contact_preference : null,
    },
    note: sees.has('note') ? row.note : null,
    screeningAnswers,
    timeline,
  };
}
