import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';
import type { InstrumentId, ItemAnswer, Language, ScreeningAnswers, ScreeningScore } from './instrument.js';
import { itemNeedCategory, suggestedZCodeFor } from './need-categories.js';
import { isAbsent as isAbsentAnswer } from './scoring.js';
import { ageOn, calendarDate } from './age.js';
import { findItem, getInstrument } from './instruments/index.js';
import { OPEN_NEED_STATUSES, needKey } from './need.schema.js';
import { RULE_TABLES } from './rules.js';
import { scoreScreening, validateAnswers } from './scoring.js';
import { isSdohCategory } from './sdoh-categories.js';

export type ScreeningFailure = { ok: false; status: 400 | 404 | 409; message: string; problems?: Array<{ item: string; message: string }> };

/** Who is saving: a signed-in worker, or a patient through a one-time link. */
export type ScreeningActor =
  | { kind: 'user'; user: SessionUser }
  /** Needs a patient's own screening proposes are recorded as created by the worker who sent the link. */
  | { kind: 'patient-link'; organizationId: string; linkCreatedBy: string };

interface SaveScreening {
  patientId: string;
  instrumentId: InstrumentId;
  answers: ScreeningAnswers;
  intent: 'draft' | 'submit';
  language: Language;
  mode: 'staff' | 'self';
  /** Resuming a draft: its id and the version the worker loaded. */
  screeningId?: string;
  version?: number;
  /** The official translation the questions were shown in, if any. */
  translationId?: string | null;
  /** Staff read the questions through an interpreter. */
  interpreter?: boolean;
  requestId?: string;
}

/** On submission, an item left without an answer or a reason was not asked. */
export function withUnaskedItems(instrumentId: InstrumentId, answers: ScreeningAnswers): Record<string, ItemAnswer> {
  const complete: Record<string, ItemAnswer> = {};
  for (const item of getInstrument(instrumentId).items) {
    complete[item.code] = answers[item.code] ?? { absent: 'not-asked' };
  }
  return complete;
}

function auditActor(actor: ScreeningActor) {
  return actor.kind === 'user'
    ? { user: { id: actor.user.id, organizationId: actor.user.organizationId } }
    : { user: { id: null, organizationId: actor.organizationId }, actor: 'patient-link' as const };
}

/**
 * Saves a draft, or submits and scores a screening, in one transaction: the screening row, a
 * proposed need for each positive domain (unless the patient already has that need open), and the
 * audit rows. Undefined patient (or draft) of another organisation answers 404.
 */
export async function saveScreening(
  db: Database | Transaction<DB>,
  actor: ScreeningActor,
  input: SaveScreening,
): Promise<{ ok: true; screeningId: string; status: 'draft' | 'submitted'; score?: ScreeningScore } | ScreeningFailure> {
  const problems = validateAnswers(input.instrumentId, input.answers);
  if (problems.length > 0) return { ok: false, status: 400, message: 'Some answers need attention.', problems };
  const organizationId = actor.kind === 'user' ? actor.user.organizationId : actor.organizationId;
  const actorUserId = actor.kind === 'user' ? actor.user.id : null;
  const instrument = getInstrument(input.instrumentId);

  const run = async (trx: Transaction<DB>) => {
    // Locking the patient serialises screenings of one patient, so two cannot propose the same need.
    const patient = await trx
      .selectFrom('patients')
      .select(['id', 'birth_date'])
      .where('id', '=', input.patientId)
      .where('organization_id', '=', organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!patient) return { ok: false, status: 404, message: 'Not found' } as const;

    const submitting = input.intent === 'submit';
    const answers = submitting ? withUnaskedItems(input.instrumentId, input.answers) : input.answers;
    // Age-dependent rules use the patient's age on the day of the screening.
    const age = ageOn(patient.birth_date, calendarDate(new Date()));
    const score = submitting ? scoreScreening(input.instrumentId, answers, { age }) : undefined;
    const columns = {
      answers: JSON.stringify(answers),
      result: score ? JSON.stringify(score) : null,
      status: submitting ? 'submitted' : 'draft',
      language: input.language,
      translation_id: input.translationId ?? null,
      interpreter: input.interpreter ?? false,
      updated_at: sql<Date>`now()`,
      submitted_at: submitting ? sql<Date>`now()` : null,
    };

    let screeningId: string;
    if (input.screeningId) {
      const draft = await trx
        .selectFrom('screenings')
        .select(['id', 'status', 'version', 'instrument'])
        .where('id', '=', input.screeningId)
        .where('patient_id', '=', input.patientId)
        .where('organization_id', '=', organizationId)
        .forUpdate()
        .executeTakeFirst();
      if (!draft || draft.instrument !== instrument.id) return { ok: false, status: 404, message: 'Not found' } as const;
      if (draft.status !== 'draft') return { ok: false, status: 409, message: 'This screening was already submitted.' } as const;
      if (draft.version !== input.version) {
        return {
          ok: false,
          status: 409,
          message: 'Someone else saved this draft while you were working on it. Reload it to see their answers, then add yours.',
        } as const;
      }
      await trx
        .updateTable('screenings')
        .set({ ...columns, version: sql`version + 1` })
        .where('id', '=', draft.id)
        .execute();
      screeningId = draft.id;
    } else {
      const row = await trx
        .insertInto('screenings')
        .values({
          ...columns,
          organization_id: organizationId,
          patient_id: input.patientId,
          instrument: instrument.id,
          instrument_version: instrument.version,
          mode: input.mode,
          administered_by: actorUserId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      screeningId = row.id;
    }

    let needIds: string[] = [];
    if (score) {
      const open = await trx
        .selectFrom('needs')
        .select(['category', 'category_text'])
        .where('patient_id', '=', input.patientId)
        .where('status', 'in', OPEN_NEED_STATUSES)
        .execute();
      // One proposal per need, and none for a need the patient already has open.
      const taken = new Set(open.map((need) => needKey(need.category, need.category_text)));
      const proposals = score.needs.filter((need) => {
        const key = needKey(need.sdohCategory, need.sdohCategoryText ?? null);
        return !taken.has(key) && taken.add(key);
      });
      if (proposals.length > 0) {
        const rows = await trx
          .insertInto('needs')
          .values(
            proposals.map((need) => ({
              organization_id: organizationId,
              patient_id: input.patientId,
              screening_id: screeningId,
              category: need.sdohCategory,
              category_text: need.sdohCategoryText ?? null,
              evidence_items: [...need.evidenceItems],
              domain: need.domain,
              z_code: need.suggestedZCode?.code ?? null,
              status: 'proposed',
              source: 'screening',
              created_by: actor.kind === 'user' ? actor.user.id : actor.linkCreatedBy,
            })),
          )
          .returning('id')
          .execute();
        needIds = rows.map((row) => row.id);
      }
    }

    const who = auditActor(actor);
    await recordAudit(trx, [
      {
        ...who,
        patientId: input.patientId,
        action: input.screeningId ? 'update' : 'create',
        entityType: 'screening',
        entityId: screeningId,
        requestId: input.requestId,
      },
      ...needIds.map((id) => ({ ...who, patientId: input.patientId, action: 'create' as const, entityType: 'need' as const, entityId: id, requestId: input.requestId })),
    ]);
    return { ok: true, screeningId, status: submitting ? 'submitted' : 'draft', score } as const;
  };
  return db.isTransaction ? run(db as Transaction<DB>) : db.transaction().execute(run);
}

/**
 * The stored result, or, for a screening scored before results carried their rules version (the
 * first Hunger Vital Sign shape), the same answers scored again.
 */
function currentScore(status: string, instrumentId: InstrumentId, answers: ScreeningAnswers, stored: unknown, age: number | undefined): ScreeningScore | null {
  if (status !== 'submitted') return null;
  if (stored && typeof stored === 'object' && 'rulesVersion' in stored) return stored as ScreeningScore;
  return scoreScreening(instrumentId, answers, { age });
}

export interface ScreeningView {
  id: string;
  patientId: string;
  instrumentId: InstrumentId;
  status: 'draft' | 'submitted';
  mode: 'staff' | 'self';
  language: Language;
  version: number;
  answers: ScreeningAnswers;
  score: ScreeningScore | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  administeredBy: string | null;
  interpreter: boolean;
  translationId: string | null;
  needs: Array<{ id: string; category: string; categoryText: string | null; domain: string | null; status: string; zCode: string | null; evidenceItems: string[]; decidedBy: string | null; decidedAt: string | null; createdAt: string }>;
  /** The patient's previous submitted screening with the same instrument, for "what changed". */
  previous: { id: string; submittedAt: string; score: ScreeningScore } | null;
}

/** A screening of the user's organisation, with the needs it proposed; the read is audited. */
export async function getScreening(
  db: Database,
  user: SessionUser,
  patientId: string,
  screeningId: string,
  requestId?: string,
  auditAction: 'read' | 'export' = 'read',
): Promise<ScreeningView | undefined> {
  const row = await db
    .selectFrom('screenings')
    .leftJoin('users', 'users.id', 'screenings.administered_by')
    .innerJoin('patients', 'patients.id', 'screenings.patient_id')
    .selectAll('screenings')
    .select(['users.full_name', 'patients.birth_date'])
    .where('screenings.id', '=', screeningId)
    .where('screenings.patient_id', '=', patientId)
    .where('screenings.organization_id', '=', user.organizationId)
    .executeTakeFirst();
  if (!row) return undefined;
  const [needs, previous] = await Promise.all([
    db
      .selectFrom('needs')
      .select(['id', 'category', 'category_text', 'domain', 'status', 'z_code', 'evidence_items', 'decided_by', 'decided_at', 'created_at'])
      .where('screening_id', '=', row.id)
      .orderBy('created_at')
      .execute(),
    row.submitted_at
      ? db
          .selectFrom('screenings')
          .select(['id', 'submitted_at', 'result', 'answers'])
          .where('patient_id', '=', patientId)
          .where('organization_id', '=', user.organizationId)
          .where('instrument', '=', row.instrument)
          .where('status', '=', 'submitted')
          .where('submitted_at', '<', row.submitted_at)
          .orderBy('submitted_at', 'desc')
          .executeTakeFirst()
      : undefined,
  ]);
  await recordAudit(db, { user, patientId, action: auditAction, entityType: 'screening', entityId: row.id, requestId });
  const ageAt = (at: Date | null) => ageOn(row.birth_date, calendarDate(at ?? new Date()));
  return {
    id: row.id,
    patientId,
    instrumentId: row.instrument as InstrumentId,
    status: row.status as 'draft' | 'submitted',
    mode: row.mode as 'staff' | 'self',
    language: row.language as Language,
    version: row.version,
    answers: row.answers as ScreeningAnswers,
    score: currentScore(row.status, row.instrument as InstrumentId, row.answers as ScreeningAnswers, row.result, ageAt(row.submitted_at)),
    submittedAt: row.submitted_at?.toISOString() ?? null,
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
    administeredBy: row.full_name,
    interpreter: row.interpreter,
    translationId: row.translation_id,
    needs: needs.map((need) => ({
      id: need.id,
      category: need.category,
      categoryText: need.category_text,
      domain: need.domain,
      status: need.status,
      zCode: need.z_code,
      evidenceItems: need.evidence_items,
      decidedBy: need.decided_by,
      decidedAt: need.decided_at?.toISOString() ?? null,
      createdAt: need.created_at.toISOString(),
    })),
    previous:
      previous?.submitted_at && previous.result
        ? {
            id: previous.id,
            submittedAt: previous.submitted_at.toISOString(),
            score: currentScore('submitted', row.instrument as InstrumentId, previous.answers as ScreeningAnswers, previous.result, ageAt(previous.submitted_at))!,
          }
        : null,
  };
}

/**
 * The worker confirms a proposed need (it becomes open), possibly under another category than the one
 * proposed (a safety screen: intimate-partner-violence rather than unspecified), or dismisses it; a
 * self-screening counts as reviewed.
 */
export async function decideNeed(
  db: Database,
  user: SessionUser,
  patientId: string,
  needId: string,
  decision: 'confirm' | 'dismiss',
  requestId?: string,
  category?: string,
): Promise<{ ok: true } | ScreeningFailure> {
  if (category !== undefined && !isSdohCategory(category)) return { ok: false, status: 400, message: 'Choose the kind of need.' };
  return db.transaction().execute(async (trx) => {
    const need = await trx
      .selectFrom('needs')
      .select(['id', 'status', 'screening_id', 'category', 'category_text'])
      .where('id', '=', needId)
      .where('patient_id', '=', patientId)
      .where('organization_id', '=', user.organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!need) return { ok: false, status: 404, message: 'Not found' } as const;
    if (need.status !== 'proposed') return { ok: false, status: 409, message: 'This need was already decided.' } as const;
    const recategorised = decision === 'confirm' && category !== undefined && category !== need.category;
    if (recategorised) {
      const open = await openNeedOf(trx, patientId, category, null);
      if (open) return { ok: false, status: 409, message: 'The patient already has this need open.' } as const;
    }
    await trx
      .updateTable('needs')
      .set({
        status: decision === 'confirm' ? 'identified' : 'dismissed',
        decided_by: user.id,
        decided_at: sql`now()`,
        ...(recategorised ? { category, category_text: null, z_code: suggestedZCodeFor(category)?.code ?? null } : {}),
      })
      .where('id', '=', needId)
      .execute();
    if (need.screening_id) {
      await trx.updateTable('screenings').set({ reviewed_at: sql`coalesce(reviewed_at, now())` }).where('id', '=', need.screening_id).execute();
    }
    await recordAudit(trx, { user, patientId, action: 'update', entityType: 'need', entityId: needId, requestId });
    return { ok: true } as const;
  });
}

/** An open (proposed or confirmed) need of the patient with this category and text, if any. */
function openNeedOf(db: Database | Transaction<DB>, patientId: string, category: string, categoryText: string | null) {
  return db
    .selectFrom('needs')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('category', '=', category)
    .where(sql<string>`coalesce(category_text, '')`, '=', categoryText ?? '')
    .where('status', 'in', OPEN_NEED_STATUSES)
    .executeTakeFirst();
}

/**
 * The worker adds a need from one answered item of a submitted screening, in one step: the item's
 * SDOHCC category and its suggested Z-code, with the item as the evidence. It is open at once.
 */
export async function addNeedFromItem(
  db: Database,
  user: SessionUser,
  patientId: string,
  screeningId: string,
  itemCode: string,
  requestId?: string,
): Promise<{ ok: true; needId: string } | ScreeningFailure> {
  return db.transaction().execute(async (trx) => {
    const screening = await trx
      .selectFrom('screenings')
      .innerJoin('patients', 'patients.id', 'screenings.patient_id')
      .select(['screenings.id', 'screenings.instrument', 'screenings.status', 'screenings.answers'])
      .where('screenings.id', '=', screeningId)
      .where('screenings.patient_id', '=', patientId)
      .where('screenings.organization_id', '=', user.organizationId)
      .forUpdate(['patients'])
      .executeTakeFirst();
    if (!screening) return { ok: false, status: 404, message: 'Not found' } as const;
    const instrumentId = screening.instrument as InstrumentId;
    const item = findItem(getInstrument(instrumentId), itemCode);
    const answer = (screening.answers as ScreeningAnswers)[itemCode];
    const category = item ? itemNeedCategory(item) : undefined;
    if (screening.status !== 'submitted' || !item || !category || answer === undefined || isAbsentAnswer(answer)) {
      return { ok: false, status: 400, message: 'A need can be added only from an answered question that has an SDOH category.' } as const;
    }
    const domain = RULE_TABLES[instrumentId].domains.find((entry) => entry.items.includes(itemCode));
    return insertOpenNeed(trx, user, patientId, { category, screeningId: screening.id, domain: domain?.id ?? null, evidenceItems: [itemCode], source: 'screening' }, requestId);
  });
}

/** A need the worker adds by hand (e.g. help with Medicaid renewal paperwork); it is open at once. */
export async function addManualNeed(
  db: Database,
  user: SessionUser,
  patientId: string,
  input: { category: string; note: string },
  requestId?: string,
): Promise<{ ok: true; needId: string } | ScreeningFailure> {
  return db.transaction().execute(async (trx) => {
    const patient = await trx
      .selectFrom('patients')
      .select('id')
      .where('id', '=', patientId)
      .where('organization_id', '=', user.organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!patient) return { ok: false, status: 404, message: 'Not found' } as const;
    return insertOpenNeed(trx, user, patientId, { category: input.category, note: input.note || null, source: 'manual' }, requestId);
  });
}

/** A need the worker decided on at once (by hand, or from an item): open, unless the patient already has it open. */
async function insertOpenNeed(
  trx: Transaction<DB>,
  user: SessionUser,
  patientId: string,
  need: { category: string; source: 'screening' | 'manual'; screeningId?: string; domain?: string | null; evidenceItems?: string[]; note?: string | null },
  requestId?: string,
): Promise<{ ok: true; needId: string } | ScreeningFailure> {
  if (await openNeedOf(trx, patientId, need.category, null)) return { ok: false, status: 409, message: 'The patient already has this need open.' };
  const row = await trx
    .insertInto('needs')
    .values({
      organization_id: user.organizationId,
      patient_id: patientId,
      screening_id: need.screeningId ?? null,
      category: need.category,
      domain: need.domain ?? null,
      evidence_items: need.evidenceItems ?? [],
      status: 'identified',
      source: need.source,
      note: need.note ?? null,
      z_code: suggestedZCodeFor(need.category)?.code ?? null,
      created_by: user.id,
      decided_by: user.id,
      decided_at: sql`now()`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, { user, patientId, action: 'create', entityType: 'need', entityId: row.id, requestId });
  return { ok: true, needId: row.id };
}

/** A need of a patient of the user's organisation (the caller has loaded and audited the patient). */
export async function getPatientNeed(db: Database, user: SessionUser, patientId: string, needId: string) {
  return db
    .selectFrom('needs')
    .select(['id', 'category', 'status'])
    .where('id', '=', needId)
    .where('patient_id', '=', patientId)
    .where('organization_id', '=', user.organizationId)
    .executeTakeFirst();
}

/** Which instrument and language a screening of the user's organisation uses, to read its posted form. */
export async function getScreeningForm(db: Database, user: SessionUser, patientId: string, screeningId: string) {
  const row = await db
    .selectFrom('screenings')
    .select(['instrument', 'language', 'translation_id', 'interpreter'])
    .where('id', '=', screeningId)
    .where('patient_id', '=', patientId)
    .where('organization_id', '=', user.organizationId)
    .executeTakeFirst();
  return row
    ? { instrumentId: row.instrument as InstrumentId, language: row.language as Language, translationId: row.translation_id, interpreter: row.interpreter }
    : undefined;
}
