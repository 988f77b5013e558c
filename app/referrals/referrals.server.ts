import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';
import { capacityNeedsConfirmation } from '../directory/capacity.js';
import { getServiceForReferral } from '../directory/services.server.js';
import { queueNotification } from '../jobs/outbox.server.js';
import { businessDaysSince } from './business-days.js';
import { OPEN_STATUSES, checkTransition, type ReferralStatus, type Side } from './lifecycle.js';
import type { SharedItem } from './referral.schema.js';
import { receivingSideMaySeeNeed } from '../screening/safety.js';

export type ReferralFailure = { ok: false; status: 400 | 404 | 409; message: string; field?: string };

interface NewReferral {
  patientId: string;
  needId: string;
  serviceId: string;
  consentMethod: 'verbal' | 'written' | 'electronic';
  sharedItems: SharedItem[];
  consentExpiresOn: string;
  note: string;
  /** The worker saw the service's waitlist / no-capacity warning and sends anyway. */
  capacityConfirmed?: boolean;
}

/** Records the patient's consent and sends the referral, in one transaction. */
export async function createReferral(
  db: Database,
  user: SessionUser,
  input: NewReferral,
  requestId?: string,
): Promise<{ ok: true; referralId: string } | ReferralFailure> {
  return db.transaction().execute(async (trx) => {
    const need = await trx
      .selectFrom('needs')
      .innerJoin('patients', 'patients.id', 'needs.patient_id')
      .select(['needs.id', 'needs.status'])
      .where('needs.id', '=', input.needId)
      .where('needs.patient_id', '=', input.patientId)
      .where('patients.organization_id', '=', user.organizationId)
      .executeTakeFirst();
    if (!need) return { ok: false, status: 404, message: 'Not found' } as const;
    if (need.status !== 'identified') {
      return { ok: false, status: 409, field: 'needId', message: 'This need is no longer open.' } as const;
    }
    const service = await getServiceForReferral(trx, input.serviceId);
    if (!service) return { ok: false, status: 400, field: 'serviceId', message: 'That service is not in the directory.' } as const;
    if (!service.receivingOrganizationId) {
      return {
        ok: false,
        status: 400,
        field: 'serviceId',
        message: `${service.organizationName} does not receive referrals through CareLoop yet; give the patient its contact details instead.`,
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
    const receivingOrganizationId = service.receivingOrganizationId;
    const consent = await trx
      .insertInto('consents')
      .values({
        organization_id: user.organizationId,
        patient_id: input.patientId,
        shared_with_organization_id: receivingOrganizationId,
        shared_items: input.sharedItems,
        method: input.consentMethod,
        expires_on: input.consentExpiresOn,
        recorded_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const referral = await trx
      .insertInto('referrals')
      .values({
        organization_id: user.organizationId,
        receiving_organization_id: receivingOrganizationId,
        patient_id: input.patientId,
        need_id: input.needId,
        consent_id: consent.id,
        service_id: service.serviceId,
        service_name: service.serviceName,
        status: 'requested',
        note: input.note || null,
        created_by: user.id,
        target_capacity_status: service.capacityStatus,
        capacity_confirmed: capacityNeedsConfirmation(service.capacityStatus) && input.capacityConfirmed === true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('referral_events')
      .values({
        referral_id: referral.id,
        from_status: null,
        to_status: 'requested',
        note: input.note || null,
        actor_user_id: user.id,
        actor_organization_id: user.organizationId,
      })
      .execute();
    await recordAudit(trx, [
      { user, patientId: input.patientId, action: 'create', entityType: 'consent', entityId: consent.id, requestId },
      { user, patientId: input.patientId, action: 'create', entityType: 'referral', entityId: referral.id, requestId },
    ]);
    await queueNotification(trx, { kind: 'referral.requested', eventKey: `referral:${referral.id}:v1`, subjectId: referral.id, actorUserId: user.id });
    return { ok: true, referralId: referral.id } as const;
  });
}

interface StatusChange {
  status: ReferralStatus;
  reason: string;
  outcome: string;
  note: string;
  /** The version the person saw; a different current version means someone else changed it. */
  version: number;
  /** The side the page acts for (the portal acts for the receiving organisation); anything else is not found. */
  side: Side;
}

function sideOf(user: SessionUser, referral: { organization_id: string; receiving_organization_id: string }): Side | null {
  if (referral.organization_id === user.organizationId) return 'referring';
  if (referral.receiving_organization_id === user.organizationId) return 'receiving';
  return null;
}

export async function changeReferralStatus(
  db: Database,
  user: SessionUser,
  referralId: string,
  change: StatusChange,
  requestId?: string,
): Promise<{ ok: true; status: ReferralStatus } | ReferralFailure> {
  return db.transaction().execute(async (trx) => {
    const referral = await trx
      .selectFrom('referrals')
      .select(['id', 'organization_id', 'receiving_organization_id', 'patient_id', 'need_id', 'status', 'version'])
      .where('id', '=', referralId)
      .where((eb) =>
        eb.or([eb('organization_id', '=', user.organizationId), eb('receiving_organization_id', '=', user.organizationId)]),
      )
      .forUpdate()
      .executeTakeFirst();
    const side = referral && sideOf(user, referral);
    if (!referral || side !== change.side) return { ok: false, status: 404, message: 'Not found' } as const;
    if (referral.version !== change.version) {
      return {
        ok: false,
        status: 409,
        message: 'Someone else changed this referral while you were looking at it. The page now shows the latest; check it and try again.',
      } as const;
    }
    const from = referral.status as ReferralStatus;
    const check = checkTransition({ from, to: change.status, side, reason: change.reason, outcome: change.outcome });
    if (!check.ok) {
      const field = check.problem === 'reason-required' ? 'reason' : check.problem === 'outcome-required' ? 'outcome' : undefined;
      return { ok: false, status: field ? 400 : 409, message: check.message, field } as const;
    }
    const outcome = change.status === 'completed' ? change.outcome : null;
    await trx
      .updateTable('referrals')
      .set({
        status: change.status,
        status_reason: change.reason || null,
        outcome,
        updated_at: sql`now()`,
        version: sql`version + 1`,
      })
      .where('id', '=', referral.id)
      .execute();
    await trx
      .insertInto('referral_events')
      .values({
        referral_id: referral.id,
        from_status: from,
        to_status: change.status,
        reason: change.reason || null,
        outcome,
        note: change.note || null,
        actor_user_id: user.id,
        actor_organization_id: user.organizationId,
      })
      .execute();
    if (change.status === 'completed' && outcome === 'service-delivered') {
      await trx.updateTable('needs').set({ status: 'addressed' }).where('id', '=', referral.need_id).execute();
      await recordAudit(trx, { user, patientId: referral.patient_id, action: 'update', entityType: 'need', entityId: referral.need_id, requestId });
    }
    await recordAudit(trx, {
      user,
      patientId: referral.patient_id,
      action: 'update',
      entityType: 'referral',
      entityId: referral.id,
      requestId,
    });
    await queueNotification(trx, {
      kind: `referral.${change.status}`,
      eventKey: `referral:${referral.id}:v${referral.version + 1}`,
      subjectId: referral.id,
      actorUserId: user.id,
    });
    return { ok: true, status: change.status } as const;
  });
}

export interface TimelineEvent {
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus;
  reason: string | null;
  outcome: string | null;
  note: string | null;
  actorName: string;
  actorOrganization: string;
  at: string;
}

export interface ReferralDetail {
  id: string;
  side: Side;
  status: ReferralStatus;
  statusReason: string | null;
  outcome: string | null;
  note: string | null;
  version: number;
  serviceId: string;
  serviceName: string;
  referringOrganization: string;
  receivingOrganization: string;
  needCategory: string | null;
  sentAt: string;
  updatedAt: string;
  consent: { sharedItems: SharedItem[]; method: string; expiresOn: string };
  /** Only what the consent shares with the receiving side; everything for the referring side. */
  patient: {
    id: string | null;
    name: string | null;
    birthDate: string | null;
    preferredLanguage: string | null;
    postalCode: string | null;
  };
  timeline: TimelineEvent[];
}

/** Referrals joined with their patient, need, consent and both organisations. */
function referralsWithParties(db: Database) {
  return db
    .selectFrom('referrals')
    .innerJoin('patients', 'patients.id', 'referrals.patient_id')
    .innerJoin('needs', 'needs.id', 'referrals.need_id')
    .innerJoin('consents', 'consents.id', 'referrals.consent_id')
    .innerJoin('organizations as referring', 'referring.id', 'referrals.organization_id')
    .innerJoin('organizations as receiving', 'receiving.id', 'referrals.receiving_organization_id');
}

/**
 * What one side may see of a referral's patient: everything for the referring side; for the
 * receiving side, only the items the consent shares, and only while it lasts.
 */
function consentView(side: Side, consent: { sharedItems: readonly string[]; expiresOn: string }, today = new Date().toISOString().slice(0, 10)) {
  const active = consent.expiresOn >= today;
  return {
    active: side === 'referring' || active,
    sees: (item: SharedItem) => side === 'referring' || (active && consent.sharedItems.includes(item)),
    seesNeed: (need: { category: string; domain: string | null }) => side === 'referring' || (active && receivingSideMaySeeNeed(need, consent.sharedItems)),
  };
}

/** A referral the user's organisation sent or received; undefined for anyone else. */
export async function getReferralDetail(
  db: Database,
  user: SessionUser,
  referralId: string,
  requestId?: string,
): Promise<ReferralDetail | undefined> {
  const row = await referralsWithParties(db)
    .select([
      'referrals.id',
      'referrals.organization_id',
      'referrals.receiving_organization_id',
      'referrals.status',
      'referrals.status_reason',
      'referrals.outcome',
      'referrals.note',
      'referrals.version',
      'referrals.service_id',
      'referrals.service_name',
      'referrals.created_at',
      'referrals.updated_at',
      'referring.name as referring_name',
      'receiving.name as receiving_name',
      'needs.category',
      'needs.domain',
      'patients.id as patient_id',
      'patients.given_name',
      'patients.family_name',
      'patients.birth_date',
      'patients.preferred_language',
      'patients.postal_code',
      'consents.shared_items',
      'consents.method',
      'consents.expires_on',
    ])
    .where('referrals.id', '=', referralId)
    .where((eb) =>
      eb.or([
        eb('referrals.organization_id', '=', user.organizationId),
        eb('referrals.receiving_organization_id', '=', user.organizationId),
      ]),
    )
    .executeTakeFirst();
  const side = row && sideOf(user, row);
  if (!row || !side) return undefined;

  const events = await db
    .selectFrom('referral_events')
    .innerJoin('users', 'users.id', 'referral_events.actor_user_id')
    .innerJoin('organizations', 'organizations.id', 'referral_events.actor_organization_id')
    .select([
      'referral_events.from_status',
      'referral_events.to_status',
      'referral_events.reason',
      'referral_events.outcome',
      'referral_events.note',
      'referral_events.created_at',
      'users.full_name',
      'organizations.name as organization_name',
    ])
    .where('referral_events.referral_id', '=', row.id)
    .orderBy('referral_events.created_at')
    .execute();

  await recordAudit(db, { user, patientId: row.patient_id, action: 'read', entityType: 'referral', entityId: row.id, requestId });

  const { active: consentActive, sees, seesNeed } = consentView(side, { sharedItems: row.shared_items, expiresOn: row.expires_on });
  return {
    id: row.id,
    side,
    status: row.status as ReferralStatus,
    statusReason: row.status_reason,
    outcome: row.outcome,
    // Free text typed by the referring worker is patient information: shared only while consent lasts.
    note: consentActive ? row.note : null,
    version: row.version,
    serviceId: row.service_id,
    serviceName: row.service_name,
    referringOrganization: row.referring_name,
    receivingOrganization: row.receiving_name,
    needCategory: seesNeed(row) ? row.category : null,
    sentAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    consent: { sharedItems: row.shared_items as SharedItem[], method: row.method, expiresOn: row.expires_on },
    patient: {
      id: side === 'referring' ? row.patient_id : null,
      name: sees('identity') ? `${row.given_name} ${row.family_name}` : null,
      birthDate: sees('identity') ? row.birth_date : null,
      preferredLanguage: sees('language') ? row.preferred_language : null,
      postalCode: sees('postal-code') ? row.postal_code : null,
    },
    timeline: events.map((event) => ({
      fromStatus: event.from_status as ReferralStatus | null,
      toStatus: event.to_status as ReferralStatus,
      reason: event.reason,
      outcome: event.outcome,
      note: consentActive ? event.note : null,
      actorName: event.full_name,
      actorOrganization: event.organization_name,
      at: event.created_at.toISOString(),
    })),
  };
}

export interface ReferralListEntry {
  id: string;
  status: ReferralStatus;
  serviceName: string;
  counterpart: string;
  patientName: string | null;
  needCategory: string | null;
  sentAt: string;
  updatedAt: string;
  overdue: boolean;
}


/**
 * Referrals the organisation sent (caseload) or received (inbox), open ones first. A referral
 * is overdue when the receiving organisation has not answered within its response window.
 */
export async function listReferrals(
  db: Database,
  user: SessionUser,
  view: 'caseload' | 'inbox',
  requestId?: string,
): Promise<ReferralListEntry[]> {
  const ownColumn = view === 'caseload' ? 'referrals.organization_id' : 'referrals.receiving_organization_id';
  const rows = await referralsWithParties(db)
    .select([
      'referrals.id',
      'referrals.status',
      'referrals.service_name',
      'referrals.created_at',
      'referrals.updated_at',
      'referrals.patient_id',
      'referring.name as referring_name',
      'receiving.name as receiving_name',
      'receiving.response_window_business_days',
      'needs.category',
      'needs.domain',
      'patients.given_name',
      'patients.family_name',
      'consents.shared_items',
      'consents.expires_on',
    ])
    .where(ownColumn, '=', user.organizationId)
    .orderBy(sql`referrals.status = ANY(${OPEN_STATUSES})`, 'desc')
    .orderBy('referrals.updated_at', 'desc')
    .limit(500)
    .execute();

  await recordAudit(
    db,
    rows.map((row) => ({ user, patientId: row.patient_id, action: 'read' as const, entityType: view, entityId: row.id, requestId })),
  );

  const side: Side = view === 'caseload' ? 'referring' : 'receiving';
  return rows.map((row) => {
    const { sees, seesNeed } = consentView(side, { sharedItems: row.shared_items, expiresOn: row.expires_on });
    const status = row.status as ReferralStatus;
    return {
      id: row.id,
      status,
      serviceName: row.service_name,
      counterpart: view === 'caseload' ? row.receiving_name : row.referring_name,
      patientName: sees('identity') ? `${row.given_name} ${row.family_name}` : null,
      needCategory: seesNeed(row) ? row.category : null,
      sentAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      overdue: status === 'requested' && businessDaysSince(row.created_at) > row.response_window_business_days,
    };
  });
}

