import { sql, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB, Patients } from '../../db/schema.js';
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
  /** The worker or case manager responsible for the patient. */
  assignedUserId: string | null;
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
    assignedUserId: row.assigned_user_id,
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
  phone: string | null;
  version: number;
  /** Why it looks like the same person: the same birth date, and the same name (however written), a name a letter or two apart, or the same phone. */
  why: 'same-name' | 'similar-name' | 'same-phone';
}

/** Names a letter or two apart ("Gonzales" / "Gonzalez"); one for short names, where two letters make another name. */
const similarNameDistance = (key: string) => (key.length >= 8 ? 2 : 1);

/**
 * Patients of the organisation born on that date whose name is the same or nearly the same (in
 * either order), or who have the same phone number.
 */
export async function findLikelyDuplicates(
  db: Database | Transaction<DB>,
  organizationId: string,
  person: { givenName: string; familyName: string; birthDate: string; phone?: string | null },
  excludeId?: string,
): Promise<DuplicateCandidate[]> {
  const key = nameKey(person.givenName, person.familyName);
  const swapped = nameKey(person.familyName, person.givenName);
  const digits = person.phone?.replace(/\D/g, '') ?? '';
  const phoneDigits = sql<string>`regexp_replace(coalesce(patients.phone, ''), '\\D', '', 'g')`;
  const rows = await db
    .selectFrom('patients')
    .select(['id', 'given_name', 'family_name', 'birth_date', 'mrn', 'name_key', 'phone', 'version'])
    .select(sql<boolean>`${digits} <> '' AND ${phoneDigits} = ${digits}`.as('same_phone'))
    .where('organization_id', '=', organizationId)
    .where('merged_into_id', 'is', null)
    .where('birth_date', '=', person.birthDate)
    .$if(excludeId !== undefined, (qb) => qb.where('id', '<>', excludeId!))
    .where((eb) =>
      eb.or([
        eb('name_key', 'in', [key, swapped]),
        eb(sql<number>`levenshtein(name_key, ${key})`, '<=', similarNameDistance(key)),
        ...(digits ? [eb(phoneDigits, '=', digits)] : []),
      ]),
    )
    .limit(20)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: `${row.given_name} ${row.family_name}`,
    birthDate: row.birth_date,
    mrn: row.mrn,
    phone: row.phone,
    version: row.version,
    why: row.name_key === key || row.name_key === swapped ? 'same-name' : row.same_phone ? 'same-phone' : 'similar-name',
  }));
}

export type PatientWriteResult =
  | { ok: true; patient: Patient }
  | { ok: false; problem: 'duplicate'; duplicates: DuplicateCandidate[] }
  | { ok: false; problem: 'mrn-taken' | 'stale' | 'not-found'; message: string };

function isMrnConflict(error: unknown): boolean {
  return (error as { code?: string; constraint?: string }).code === '23505' && (error as { constraint?: string }).constraint === 'patients_mrn_idx';
}

/**
 * Registers a patient of the user's organisation. Likely duplicates (findLikelyDuplicates) are
 * returned for the worker to look at first, unless they chose to go ahead.
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
        const duplicates = await findLikelyDuplicates(trx, user.organizationId, input);
        if (duplicates.length > 0) {
          await recordAudit(
            trx,
            duplicates.map((row) => ({ user, patientId: row.id, action: 'read' as const, entityType: 'patient' as const, entityId: row.id, requestId: options.requestId })),
          );
          return { ok: false, problem: 'duplicate', duplicates } as const;
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
        .where('merged_into_id', 'is', null)
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
    .where('merged_into_id', 'is', null)
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
export async function listPatients(
  db: Database,
  user: SessionUser,
  query = '',
  requestId?: string,
  options: { assignedToMe?: boolean } = {},
): Promise<PatientListEntry[]> {
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
    .where('organization_id', '=', user.organizationId)
    .where('merged_into_id', 'is', null)
    .$if(options.assignedToMe === true, (qb) => qb.where('assigned_user_id', '=', user.id));
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
