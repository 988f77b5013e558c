import { sql, type Selectable } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { Patients } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';
import { OPEN_STATUSES } from '../referrals/lifecycle.js';
import { OPEN_NEED_STATUSES } from '../screening/need.schema.js';
import type { ContactPreference, PatientInput } from './patient.schema.js';

export interface Patient {
  id: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  mrn: string | null;
  phone: string | null;
  email: string | null;
  addressLine: string | null;
  city: string | null;
  state: string | null;
  postalCode: string;
  preferredLanguage: string;
  contactPreference: ContactPreference;
  /** The patient agreed to text messages / e-mail from the organisation. */
  smsConsent: boolean;
  emailConsent: boolean;
  version: number;
}

function toPatient(row: Selectable<Patients>): Patient {
  return {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    birthDate: row.birth_date,
    mrn: row.mrn,
    phone: row.phone,
    email: row.email,
    addressLine: row.address_line,
    city: row.city,
    state: row.state,
    postalCode: row.postal_code,
    preferredLanguage: row.preferred_language,
    contactPreference: row.contact_preference as ContactPreference,
    smsConsent: row.sms_consent_at !== null,
    emailConsent: row.email_consent_at !== null,
    version: row.version,
  };
}

function columns(input: PatientInput) {
  return {
    given_name: input.givenName,
    family_name: input.familyName,
    birth_date: input.birthDate,
    mrn: input.mrn ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    address_line: input.addressLine ?? null,
    city: input.city ?? null,
    state: input.state ?? null,
    postal_code: input.postalCode,
    preferred_language: input.preferredLanguage,
    contact_preference: input.contactPreference,
    name_key: nameKey(input.givenName, input.familyName),
    // When the patient first agreed is kept while the agreement stands.
    sms_consent_at: input.smsConsent ? sql<Date>`coalesce(patients.sms_consent_at, now())` : null,
    email_consent_at: input.emailConsent ? sql<Date>`coalesce(patients.email_consent_at, now())` : null,
  };
}

/** The name as the duplicate check compares it: no accents, case, spaces or punctuation. */
export const nameKey = (givenName: string, familyName: string) =>
  (givenName + familyName)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

export interface DuplicateCandidate {
  id: string;
  name: string;
  birthDate: string;
  mrn: string | null;
}

export type PatientWriteResult =
  | { ok: true; patient: Patient }
  | { ok: false; problem: 'duplicate'; duplicates: DuplicateCandidate[] }
  | { ok: false; problem: 'mrn-taken' | 'stale' | 'not-found'; message: string };

function isMrnConflict(error: unknown): boolean {
  return (error as { code?: string; constraint?: string }).code === '23505' && (error as { constraint?: string }).constraint === 'patients_mrn_idx';
}

/**
 * Registers a patient of the user's organisation. A likely duplicate (same normalised name and
 * date of birth) is returned for the worker to look at first, unless they chose to go ahead.
 */
export async function createPatient(
  db: Database,
  user: SessionUser,
  input: PatientInput,
  options: { allowDuplicate?: boolean; requestId?: string } = {},
): Promise<PatientWriteResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      if (!options.allowDuplicate) {
        const duplicates = await trx
          .selectFrom('patients')
          .select(['id', 'given_name', 'family_name', 'birth_date', 'mrn'])
          .where('organization_id', '=', user.organizationId)
          .where('name_key', '=', nameKey(input.givenName, input.familyName))
          .where('birth_date', '=', input.birthDate)
          .execute();
        if (duplicates.length > 0) {
          await recordAudit(
            trx,
            duplicates.map((row) => ({ user, patientId: row.id, action: 'read' as const, entityType: 'patient' as const, entityId: row.id, requestId: options.requestId })),
          );
          return {
            ok: false,
            problem: 'duplicate',
            duplicates: duplicates.map((row) => ({ id: row.id, name: `${row.given_name} ${row.family_name}`, birthDate: row.birth_date, mrn: row.mrn })),
          } as const;
        }
      }
      const row = await trx
        .insertInto('patients')
        .values({
          ...columns(input),
          sms_consent_at: input.smsConsent ? sql<Date>`now()` : null,
          email_consent_at: input.emailConsent ? sql<Date>`now()` : null,
          organization_id: user.organizationId,
          created_by: user.id,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { user, patientId: row.id, action: 'create', entityType: 'patient', entityId: row.id, requestId: options.requestId });
      return { ok: true, patient: toPatient(row) } as const;
    });
  } catch (error) {
    if (isMrnConflict(error)) return { ok: false, problem: 'mrn-taken', message: 'Another patient of your organisation has this MRN.' };
    throw error;
  }
}

/** Saves an edit made from the version the worker saw; a newer version is never overwritten. */
export async function updatePatient(
  db: Database,
  user: SessionUser,
  patientId: string,
  input: PatientInput,
  seenVersion: number,
  requestId?: string,
): Promise<PatientWriteResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('patients')
        .select(['id', 'version'])
        .where('id', '=', patientId)
        .where('organization_id', '=', user.organizationId)
        .forUpdate()
        .executeTakeFirst();
      if (!current) return { ok: false, problem: 'not-found', message: 'Not found' } as const;
      if (current.version !== seenVersion) {
        return {
          ok: false,
          problem: 'stale',
          message: 'Someone else changed this patient while you were editing. The form now shows their changes; make yours again.',
        } as const;
      }
      const row = await trx
        .updateTable('patients')
        .set({ ...columns(input), updated_at: sql`now()`, version: sql`version + 1` })
        .where('id', '=', patientId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { user, patientId, action: 'update', entityType: 'patient', entityId: patientId, requestId });
      return { ok: true, patient: toPatient(row) } as const;
    });
  } catch (error) {
    if (isMrnConflict(error)) return { ok: false, problem: 'mrn-taken', message: 'Another patient of your organisation has this MRN.' };
    throw error;
  }
}

/** The patient, if they belong to the user's organisation; the read is audited. */
export async function getPatient(db: Database, user: SessionUser, patientId: string, requestId?: string): Promise<Patient | undefined> {
  const row = await db
    .selectFrom('patients')
    .selectAll()
    .where('id', '=', patientId)
    .where('organization_id', '=', user.organizationId)
    .executeTakeFirst();
  if (!row) return undefined;
  await recordAudit(db, { user, patientId: row.id, action: 'read', entityType: 'patient', entityId: row.id, requestId });
  return toPatient(row);
}

export interface PatientListEntry extends Patient {
  openNeeds: number;
  activeReferrals: number;
}

/** Turns what a worker types into the ways a patient can be found: name, MRN, birth date, phone. */
function searchTerms(query: string) {
  const trimmed = query.trim();
  const usDate = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  const birthDate = /^\d{4}-\d{2}-\d{2}$/.test(trimmed)
    ? trimmed
    : usDate
      ? `${usDate[3]}-${usDate[1].padStart(2, '0')}-${usDate[2].padStart(2, '0')}`
      : null;
  const digits = trimmed.replace(/\D/g, '');
  return { text: trimmed, birthDate, phoneDigits: digits.length >= 7 && !birthDate ? digits : null };
}

/**
 * The organisation's patients, newest first, or those matching a search (name, MRN, date of
 * birth or phone); one audit row per patient shown.
 */
export async function listPatients(db: Database, user: SessionUser, query = '', requestId?: string): Promise<PatientListEntry[]> {
  const terms = searchTerms(query);
  let select = db
    .selectFrom('patients')
    .selectAll('patients')
    .select((eb) => [
      eb
        .selectFrom('needs')
        .select(eb.fn.countAll<number>().as('count'))
        .whereRef('needs.patient_id', '=', 'patients.id')
        .where('needs.status', 'in', OPEN_NEED_STATUSES)
        .as('open_needs'),
      eb
        .selectFrom('referrals')
        .select(eb.fn.countAll<number>().as('count'))
        .whereRef('referrals.patient_id', '=', 'patients.id')
        .where('referrals.status', 'in', OPEN_STATUSES)
        .as('active_referrals'),
    ])
    .where('organization_id', '=', user.organizationId);
  if (terms.text) {
    const fullName = sql<string>`unaccent(patients.given_name || ' ' || patients.family_name)`;
    const typed = sql<string>`unaccent(${terms.text})`;
    select = select
      .where((eb) =>
        eb.or([
          // LIKE's own wildcards in what was typed match only themselves.
          eb(fullName, 'ilike', sql<string>`'%' || unaccent(${terms.text.replace(/[\\%_]/g, (c) => `\\${c}`)}) || '%'`),
          eb(sql<number>`word_similarity(${typed}, ${fullName})`, '>', 0.5),
          eb('mrn', '=', terms.text),
          ...(terms.birthDate ? [eb('birth_date', '=', terms.birthDate)] : []),
          ...(terms.phoneDigits ? [eb(sql<string>`regexp_replace(coalesce(phone, ''), '\\D', '', 'g')`, 'like', `%${terms.phoneDigits}%`)] : []),
        ]),
      )
      .orderBy(sql`word_similarity(${typed}, ${fullName})`, 'desc');
  }
  const rows = await select.orderBy('created_at', 'desc').limit(100).execute();
  await recordAudit(
    db,
    rows.map((row) => ({ user, patientId: row.id, action: 'read' as const, entityType: 'patient-list' as const, requestId })),
  );
  return rows.map((row) => ({
    ...toPatient(row),
    openNeeds: Number(row.open_needs ?? 0),
    activeReferrals: Number(row.active_referrals ?? 0),
  }));
}
