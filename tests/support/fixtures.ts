// Business objects for tests, made through the domain functions the app uses.
import { getUserSession, type SessionUser } from '../../app/auth/session.server.js';
import { createPatient } from '../../app/patients/patients.server.js';
import type { PatientInput } from '../../app/patients/patient.schema.js';
import type { SharedItem } from '../../app/referrals/consent.js';
import { createReferral, patientConsent } from '../../app/referrals/referrals.server.js';
import { addManualNeed } from '../../app/screening/screenings.server.js';
import type { Database } from '../../db/pool.js';
import { ORIGIN, signInAs } from './app.js';
import type { TestDatabase } from './db.js';

export async function sessionUser(database: TestDatabase, email: string): Promise<SessionUser> {
  const actor = await signInAs(database, email);
  const session = await getUserSession(new Request(ORIGIN, { headers: { Cookie: actor.cookie } }), database.db);
  return session!.user;
}

export const SAMPLE_PATIENT: PatientInput = {
  givenName: 'Rosa',
  familyName: 'Marquez',
  birthDate: '1984-03-12',
  postalCode: '94124',
  preferredLanguage: 'es',
  contactPreference: 'sms',
  phone: '415-555-0142',
  email: 'rosa.marquez@example.org',
  smsConsent: true,
  emailConsent: true,
};

export async function patientFixture(db: Database, user: SessionUser, input: Partial<PatientInput> = {}): Promise<string> {
  const result = await createPatient(db, user, { ...SAMPLE_PATIENT, ...input }, { allowDuplicate: true });
  if (!result.ok) throw new Error(`patient fixture: ${result.problem}`);
  return result.patient.id;
}

/** The demo's food pantry that receives referrals in CareLoop (Bayview Mission). */
export async function receivingServiceId(db: Database, organizationName = 'BAYVIEW MISSION'): Promise<string> {
  const row = await db
    .selectFrom('hsds_services')
    .innerJoin('hsds_organizations', 'hsds_organizations.id', 'hsds_services.organization_id')
    .innerJoin('organizations', 'organizations.hsds_organization_id', 'hsds_organizations.id')
    .select('hsds_services.id')
    .where('hsds_organizations.name', '=', organizationName)
    .orderBy('hsds_services.id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A patient with a food need and a referral to `serviceId`, sent by `user`. */
export async function referralFixture(
  db: Database,
  user: SessionUser,
  options: { serviceId?: string; patient?: Partial<PatientInput>; category?: string; sharedItems?: SharedItem[]; note?: string } = {},
): Promise<{ patientId: string; needId: string; referralId: string }> {
  const patientId = await patientFixture(db, user, options.patient);
  const need = await addManualNeed(db, user, patientId, { category: options.category ?? 'food-insecurity', note: '' });
  if (!need.ok) throw new Error(`need fixture: ${need.message}`);
  const referral = await createReferral(db, user, {
    patientId,
    needId: need.needId,
    serviceId: options.serviceId ?? (await receivingServiceId(db)),
    consent: patientConsent(options.sharedItems ?? ['identity', 'need'], '2099-12-31'),
    note: options.note ?? '',
    replacesReferralId: null,
    confirmDuplicate: true,
  });
  if (!referral.ok) throw new Error(`referral fixture: ${referral.message}`);
  return { patientId, needId: need.needId, referralId: referral.referralId };
}
