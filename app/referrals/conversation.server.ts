// What the two sides say to each other about a referral (a thread with unread markers, and
// internal notes kept inside one's own organisation), and the receiving side's attempts to reach
// the patient.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';
import { queueNotification } from '../jobs/outbox.server.js';
import type { ConsentState } from './consent.js';
import type { ContactMethod, ContactResult } from './contact-attempts.js';
import { OPEN_STATUSES, type ReferralStatus, type Side } from './lifecycle.js';
import { lockReferral, type ReferralFailure } from './referrals.server.js';

export interface ReferralMessage {
  id: string;
  body: string;
  internal: boolean;
  authorName: string;
  authorOrganization: string;
  mine: boolean;
  unread: boolean;
  at: string;
}

const consentEnded = { ok: false, status: 409, message: 'The patient’s consent has ended: the referral’s details and conversation are no longer shared.' } as const;

async function receivingConsentActive(db: Database | Transaction<DB>, consentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('consents')
    .innerJoin('organizations', 'organizations.id', 'consents.organization_id')
    .select(sql<boolean>`consents.withdrawn_at IS NULL AND consents.expires_on >= (now() AT TIME ZONE organizations.time_zone)::date`.as('active'))
    .where('consents.id', '=', consentId)
    .executeTakeFirstOrThrow();
  return row.active;
}

export async function postMessage(
  db: Database,
  user: SessionUser,
  referralId: string,
  side: Side,
  input: { body: string; internal: boolean },
  requestId?: string,
): Promise<{ ok: true } | ReferralFailure> {
  return db.transaction().execute(async (trx) => {
    const referral = await lockReferral(trx, user, referralId, side);
    if (!referral) return { ok: false, status: 404, message: 'Not found' } as const;
    // Without a receiving organisation on CareLoop, everything written is an internal note.
    const internal = input.internal || !referral.managed;
    if (side === 'receiving' && !(await receivingConsentActive(trx, referral.consent_id))) return consentEnded;
    const message = await trx
      .insertInto('referral_messages')
      .values({ referral_id: referral.id, organization_id: user.organizationId, author_user_id: user.id, body: input.body, internal })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    await trx.updateTable('referrals').set({ last_activity_at: sql`now()` }).where('id', '=', referral.id).execute();
    await trx
      .insertInto('referral_reads')
      .values({ referral_id: referral.id, user_id: user.id, read_at: message.created_at })
      .onConflict((conflict) => conflict.columns(['referral_id', 'user_id']).doUpdateSet({ read_at: message.created_at }))
      .execute();
    await recordAudit(trx, { user, patientId: referral.patient_id, action: 'create', entityType: 'referral-message', entityId: message.id, requestId });
    if (!internal) {
      await queueNotification(trx, { kind: 'referral.message', eventKey: `message:${message.id}`, subjectId: referral.id, actorUserId: user.id });
    }
    return { ok: true } as const;
  });
}

/**
 * The thread as this user may see it (the other side's internal notes never; nothing for the
 * receiving side once consent has ended), each marked unread if it came after the user last
 * looked; looking now marks it all read.
 */
export async function readMessages(
  db: Database,
  user: SessionUser,
  referral: { id: string; side: Side; consentState: ConsentState },
): Promise<ReferralMessage[]> {
  if (referral.side === 'receiving' && referral.consentState !== 'active') return [];
  const [rows, read] = await Promise.all([
    db
      .selectFrom('referral_messages')
      .innerJoin('users', 'users.id', 'referral_messages.author_user_id')
      .innerJoin('organizations', 'organizations.id', 'referral_messages.organization_id')
      .select([
        'referral_messages.id',
        'referral_messages.body',
        'referral_messages.internal',
        'referral_messages.author_user_id',
        'referral_messages.created_at',
        'users.full_name',
        'organizations.name as organization_name',
      ])
      .where('referral_messages.referral_id', '=', referral.id)
      .where((eb) => eb.or([eb('referral_messages.internal', '=', false), eb('referral_messages.organization_id', '=', user.organizationId)]))
      .orderBy('referral_messages.created_at')
      .execute(),
    db.selectFrom('referral_reads').select('read_at').where('referral_id', '=', referral.id).where('user_id', '=', user.id).executeTakeFirst(),
  ]);
  const lastRead = read?.read_at.getTime() ?? -Infinity;
  if (rows.length) {
    const newest = rows[rows.length - 1].created_at;
    await db
      .insertInto('referral_reads')
      .values({ referral_id: referral.id, user_id: user.id, read_at: newest })
      .onConflict((conflict) => conflict.columns(['referral_id', 'user_id']).doUpdateSet({ read_at: sql`greatest(referral_reads.read_at, excluded.read_at)` }))
      .execute();
  }
  return rows.map((row) => ({
    id: row.id,
    body: row.body,
    internal: row.internal,
    authorName: row.full_name,
    authorOrganization: row.organization_name,
    mine: row.author_user_id === user.id,
    unread: row.author_user_id !== user.id && row.created_at.getTime() > lastRead,
    at: row.created_at.toISOString(),
  }));
}

/** A future attempt is a typing mistake; a few minutes' clock difference is not. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export async function logContactAttempt(
  db: Database,
  user: SessionUser,
  referralId: string,
  input: { attemptedAt: Date; method: ContactMethod; result: ContactResult; note: string },
  requestId?: string,
): Promise<{ ok: true } | ReferralFailure> {
  return db.transaction().execute(async (trx) => {
    const referral = await lockReferral(trx, user, referralId, 'receiving');
    if (!referral) return { ok: false, status: 404, message: 'Not found' } as const;
    if (!(await receivingConsentActive(trx, referral.consent_id))) return consentEnded;
    // Calling before answering is how an organisation checks it can help; a closed referral takes no more attempts.
    if (!OPEN_STATUSES.includes(referral.status as ReferralStatus)) {
      return { ok: false, status: 409, message: 'This referral is closed.' } as const;
    }
    const sent = await trx.selectFrom('referrals').select('created_at').where('id', '=', referral.id).executeTakeFirstOrThrow();
    if (input.attemptedAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
      return { ok: false, status: 400, field: 'attemptedAt', message: 'That time is in the future.' } as const;
    }
    if (input.attemptedAt.getTime() < sent.created_at.getTime() - 60_000) {
      return { ok: false, status: 400, field: 'attemptedAt', message: 'That is before the referral arrived.' } as const;
    }
    const attempt = await trx
      .insertInto('referral_contact_attempts')
      .values({
        referral_id: referral.id,
        organization_id: user.organizationId,
        attempted_at: input.attemptedAt,
        method: input.method,
        result: input.result,
        note: input.note || null,
        recorded_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('referrals').set({ last_activity_at: sql`now()` }).where('id', '=', referral.id).execute();
    await recordAudit(trx, { user, patientId: referral.patient_id, action: 'create', entityType: 'contact-attempt', entityId: attempt.id, requestId });
    return { ok: true } as const;
  });
}
