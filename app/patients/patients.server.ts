import type { Database } from '../../db/pool.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';
import type { PatientInput } from './patient.schema.js';

export interface Patient {
  id: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  postalCode: string;
  preferredLanguage: string;
}

const patientColumns = ['id', 'given_name', 'family_name', 'birth_date', 'postal_code', 'preferred_language'] as const;

function toPatient(row: {
  id: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  postal_code: string;
  preferred_language: string;
}): Patient {
  return {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    birthDate: row.birth_date,
    postalCode: row.postal_code,
    preferredLanguage: row.preferred_language,
  };
}

export async function createPatient(db: Database, user: SessionUser, input: PatientInput, requestId?: string): Promise<Patient> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('patients')
      .values({
        organization_id: user.organizationId,
        given_name: input.givenName,
        family_name: input.familyName,
        birth_date: input.birthDate,
        postal_code: input.postalCode,
        preferred_language: input.preferredLanguage,
        created_by: user.id,
      })
      .returning(patientColumns)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { user, patientId: row.id, action: 'create', entityType: 'patient', entityId: row.id, requestId });
    return toPatient(row);
  });
}

/** The patient, if they belong to the user's organisation; the read is audited. */
export async function getPatient(db: Database, user: SessionUser, patientId: string, requestId?: string): Promise<Patient | undefined> {
  const row = await db
    .selectFrom('patients')
    .select(patientColumns)
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

/** The organisation's patients, newest first; one audit row per patient shown. */
export async function listPatients(db: Database, user: SessionUser, requestId?: string): Promise<PatientListEntry[]> {
  const rows = await db
    .selectFrom('patients')
    .select((eb) => [
      ...patientColumns,
      eb
        .selectFrom('needs')
        .select(eb.fn.countAll<number>().as('count'))
        .whereRef('needs.patient_id', '=', 'patients.id')
        .where('needs.status', '=', 'identified')
        .as('open_needs'),
      eb
        .selectFrom('referrals')
        .select(eb.fn.countAll<number>().as('count'))
        .whereRef('referrals.patient_id', '=', 'patients.id')
        .where('referrals.status', 'in', ['draft', 'requested', 'accepted', 'in-progress', 'on-hold'])
        .as('active_referrals'),
    ])
    .where('organization_id', '=', user.organizationId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
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
