import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { recordAudit } from '../audit/audit.server.js';
import { hashToken, type SessionUser } from '../auth/session.server.js';
import { queueNotification } from '../jobs/outbox.server.js';
import type { AnswerProblem, InstrumentId, Language, ScreeningAnswers } from './instrument.js';
import { saveScreening } from './screenings.server.js';

export const LINK_LIFETIME_HOURS = 72;
// What createSelfScreeningLink issues (32 random bytes, base64url); anything else is not looked up.
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A one-time link for the patient; only its hash is stored, so the link is shown once. */
export async function createSelfScreeningLink(
  db: Database,
  user: SessionUser,
  input: { patientId: string; instrumentId: InstrumentId; language: Language },
  requestId?: string,
): Promise<{ id: string; token: string; expiresAt: Date } | undefined> {
  return db.transaction().execute(async (trx) => {
    const patient = await trx
      .selectFrom('patients')
      .select('id')
      .where('id', '=', input.patientId)
      .where('organization_id', '=', user.organizationId)
      .executeTakeFirst();
    if (!patient) return undefined;
    const token = randomBytes(32).toString('base64url');
    const link = await trx
      .insertInto('self_screening_links')
      .values({
        token_hash: hashToken(token),
        organization_id: user.organizationId,
        patient_id: input.patientId,
        instrument: input.instrumentId,
        language: input.language,
        created_by: user.id,
        expires_at: sql`now() + make_interval(hours => ${LINK_LIFETIME_HOURS})`,
      })
      .returning(['id', 'expires_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { user, patientId: input.patientId, action: 'create', entityType: 'self-screening-link', entityId: link.id, requestId });
    return { id: link.id, token, expiresAt: link.expires_at };
  });
}

export interface OpenLink {
  id: string;
  instrumentId: InstrumentId;
  language: Language;
}

/** The link behind a token if it can still be used; expired, used and unknown tokens look the same. */
export async function findOpenLink(db: Database, token: string): Promise<OpenLink | undefined> {
  if (!TOKEN.test(token)) return undefined;
  const link = await db
    .selectFrom('self_screening_links')
    .select(['id', 'instrument', 'language'])
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return link ? { id: link.id, instrumentId: link.instrument as InstrumentId, language: link.language as Language } : undefined;
}

/**
 * Stores the patient's answers as a submitted screening for the worker to review, and uses up the
 * link, in one transaction: a second submission of the same link is refused.
 */
type PostedAnswers = { answers: ScreeningAnswers; problems: AnswerProblem[] };

/**
 * Stores the patient's answers as a submitted screening for the worker to review, and uses up the
 * link, in one transaction: a second submission of the same link is refused. The posted form is
 * read only once the link (and so its instrument) is known.
 */
export async function submitThroughLink(
  db: Database,
  token: string,
  readAnswers: (instrumentId: InstrumentId) => PostedAnswers,
  language: Language,
  requestId?: string,
  /** The official translation the questions were shown in, if one is loaded for the language. */
  translationOf: (instrumentId: InstrumentId) => Promise<{ id: string } | undefined> = async () => undefined,
): Promise<{ ok: true } | { ok: false; reason: 'invalid' } | ({ ok: false; reason: 'answers' } & PostedAnswers)> {
  if (!TOKEN.test(token)) return { ok: false, reason: 'invalid' };
  return db.transaction().execute(async (trx) => {
    const link = await trx
      .selectFrom('self_screening_links')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .forUpdate()
      .executeTakeFirst();
    if (!link) return { ok: false, reason: 'invalid' } as const;
    const posted = readAnswers(link.instrument as InstrumentId);
    if (posted.problems.length > 0) return { ok: false, reason: 'answers', ...posted } as const;
    const translation = language === 'en' ? undefined : await translationOf(link.instrument as InstrumentId);
    const saved = await saveScreening(trx, { kind: 'patient-link', organizationId: link.organization_id, linkCreatedBy: link.created_by }, {
      patientId: link.patient_id,
      instrumentId: link.instrument as InstrumentId,
      answers: posted.answers,
      intent: 'submit',
      language,
      mode: 'self',
      translationId: translation?.id ?? null,
      requestId,
    });
    if (!saved.ok) return { ok: false, reason: 'invalid' } as const;
    await trx.updateTable('self_screening_links').set({ used_at: sql`now()`, screening_id: saved.screeningId }).where('id', '=', link.id).execute();
    await queueNotification(trx, { kind: 'self-screening.completed', eventKey: `screening:${saved.screeningId}:self-completed`, subjectId: saved.screeningId });
    return { ok: true } as const;
  });
}

export interface PendingReview {
  screeningId: string;
  patientId: string;
  patientName: string;
  instrumentId: InstrumentId;
  submittedAt: string;
}

/** Screenings patients completed through a link that no worker has reviewed yet; each read is audited. */
export async function listPendingReviews(db: Database, user: SessionUser, requestId?: string): Promise<PendingReview[]> {
  const rows = await db
    .selectFrom('screenings')
    .innerJoin('patients', 'patients.id', 'screenings.patient_id')
    .select(['screenings.id', 'screenings.patient_id', 'screenings.instrument', 'screenings.submitted_at', 'patients.given_name', 'patients.family_name'])
    .where('screenings.organization_id', '=', user.organizationId)
    .where('screenings.mode', '=', 'self')
    .where('screenings.status', '=', 'submitted')
    .where('screenings.reviewed_at', 'is', null)
    .orderBy('screenings.submitted_at')
    .limit(50)
    .execute();
  await recordAudit(
    db,
    rows.map((row) => ({ user, patientId: row.patient_id, action: 'read' as const, entityType: 'screening' as const, entityId: row.id, requestId })),
  );
  return rows.map((row) => ({
    screeningId: row.id,
    patientId: row.patient_id,
    patientName: `${row.given_name} ${row.family_name}`,
    instrumentId: row.instrument as InstrumentId,
    submittedAt: (row.submitted_at ?? new Date()).toISOString(),
  }));
}

/** Marks a patient's own screening as reviewed; false when it is not one of the organisation's. */
export async function markReviewed(db: Database, user: SessionUser, patientId: string, screeningId: string, requestId?: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('screenings')
      .set({ reviewed_at: sql`coalesce(reviewed_at, now())` })
      .where('id', '=', screeningId)
      .where('patient_id', '=', patientId)
      .where('organization_id', '=', user.organizationId)
      .where('mode', '=', 'self')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await recordAudit(trx, { user, patientId, action: 'update', entityType: 'screening', entityId: screeningId, requestId });
    return true;
  });
}
