// Regression tests: input a person can type that once reached PostgreSQL and failed there (a NUL
// byte: 22021/22P05; an impossible date: 22008) now gets a field-level message and changes nothing.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as addNeed from '../../app/routes/patients.$patientId.needs.new';
import * as editPatient from '../../app/routes/patients.$patientId.edit';
import * as refer from '../../app/routes/patients.$patientId.needs.$needId.refer';
import * as newPatient from '../../app/routes/patients.new';
import * as patientList from '../../app/routes/patients._index';
import * as newScreening from '../../app/routes/patients.$patientId.screenings.new';
import * as portalReferral from '../../app/routes/portal.referrals.$referralId';
import { getDb } from '../../app/db.server';
import { createPatient } from '../../app/patients/patients.server';
import { runInRequestContext, updateRequestContext } from '../../app/request-context.server';
import { CONTROL_CHARACTER_MESSAGE } from '../../app/validation/text';

// The referral workflow's forms word it their own way (app/plain-text.ts).
const REFERRAL_CONTROL_CHARACTER_MESSAGE = 'Remove the invisible control characters from this text.';
import { call, postRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';

let database: TestDatabase;
let worker: Actor;
let cbo: Actor;
let patientId: string;
let needId: string;
let referralId: string;
let serviceId: string;

const NUL = 'Ana\u0000Lopez';
const patient = {
  givenName: 'Ana',
  familyName: 'Lopez',
  birthDate: '1990-01-01',
  postalCode: '94124',
  preferredLanguage: 'en',
  contactPreference: 'mail',
  addressLine: '1 Main St',
  city: 'San Francisco',
};

/** Every row of the tables a form can write, to show that a refused form wrote nothing. */
async function snapshot() {
  const counts = await sql<{ name: string; count: number }>`
    SELECT 'patients' AS name, count(*)::int AS count FROM patients UNION ALL
    SELECT 'screenings', count(*)::int FROM screenings UNION ALL
    SELECT 'needs', count(*)::int FROM needs UNION ALL
    SELECT 'consents', count(*)::int FROM consents UNION ALL
    SELECT 'referrals', count(*)::int FROM referrals UNION ALL
    SELECT 'referral_events', count(*)::int FROM referral_events`.execute(database.db);
  const referral = await database.db.selectFrom('referrals').select(['status', 'version']).where('id', '=', referralId).executeTakeFirst();
  const person = await database.db.selectFrom('patients').select(['given_name', 'version']).where('id', '=', patientId).executeTakeFirst();
  return { counts: counts.rows, referral, person };
}

beforeAll(async () => {
  database = await useAppDatabase();
  worker = await signInAs(database, 'sam.rivera@clinic.example');
  cbo = await signInAs(database, 'dee.johnson@bayviewmission.example');
  const created = await call(newPatient.action, postRequest('/patients/new', patient, worker));
  patientId = created.location!.split('/').pop()!;
  const added = await call(addNeed.action, postRequest(`/patients/${patientId}/needs/new`, { category: 'food-insecurity', note: '' }, worker), { patientId });
  expect(added.status).toBe(302);
  needId = (await database.db.selectFrom('needs').select('id').where('patient_id', '=', patientId).executeTakeFirstOrThrow()).id;
  serviceId = (await database.db.selectFrom('hsds_services').select('id').where('name', '=', 'BAYVIEW MISSION - Food Pantries').executeTakeFirstOrThrow()).id;
  const sent = await call(
    refer.action,
    postRequest(`/patients/${patientId}/needs/${needId}/refer`, referralForm(), worker),
    { patientId, needId },
  );
  referralId = sent.location!.split('/').pop()!;
});
afterAll(() => database.drop());

function referralForm(overrides: Record<string, string | string[]> = {}) {
  const inThirtyDays = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  return { serviceId, consentGiven: 'on', consentMethod: 'verbal', sharedItems: ['identity'], consentExpiresOn: inThirtyDays, note: '', ...overrides };
}

describe('a NUL byte in a text field', () => {
  it.each([
    ['first name', 'givenName'],
    ['last name', 'familyName'],
    ['street address', 'addressLine'],
    ['city', 'city'],
  ])('in the %s of a new patient is refused next to the field', async (_label, field) => {
    const before = await snapshot();
    const result = await call(newPatient.action, postRequest('/patients/new', { ...patient, familyName: 'Other', [field]: NUL }, worker));
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors[field]).toBe(CONTROL_CHARACTER_MESSAGE);
    expect(await snapshot()).toEqual(before);
  });

  it('in an edit of the patient is refused next to the field', async () => {
    const before = await snapshot();
    const result = await call(
      editPatient.action,
      postRequest(`/patients/${patientId}/edit`, { ...patient, city: 'San\u0000Francisco', version: '1' }, worker),
      { patientId },
    );
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors.city).toBe(CONTROL_CHARACTER_MESSAGE);
    expect(await snapshot()).toEqual(before);
  });

  it('in a patient search is refused with its message', async () => {
    const result = await call(patientList.action, postRequest('/patients', { q: NUL }, worker));
    expect(result.status).toBe(400);
    expect(result.data.error).toBe(CONTROL_CHARACTER_MESSAGE);
  });

  it('in the note of a need is refused next to the field', async () => {
    const before = await snapshot();
    const result = await call(addNeed.action, postRequest(`/patients/${patientId}/needs/new`, { category: 'housing-instability', note: NUL }, worker), { patientId });
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors.note).toBe(CONTROL_CHARACTER_MESSAGE);
    expect(await snapshot()).toEqual(before);
  });

  it('in the note of a referral is refused next to the field', async () => {
    const before = await snapshot();
    const result = await call(refer.action, postRequest(`/patients/${patientId}/needs/${needId}/refer`, referralForm({ note: NUL }), worker), { patientId, needId });
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors.note).toBe(REFERRAL_CONTROL_CHARACTER_MESSAGE);
    expect(await snapshot()).toEqual(before);
  });

  it('in the reason a community organisation gives for declining is refused next to the field', async () => {
    const before = await snapshot();
    const result = await call(
      portalReferral.action,
      postRequest(`/portal/referrals/${referralId}`, { status: 'rejected', reason: NUL, version: '1' }, cbo),
      { referralId },
    );
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors.reason).toBe(REFERRAL_CONTROL_CHARACTER_MESSAGE);
    expect(await snapshot()).toEqual(before);
  });

  it('in a free-text PRAPARE answer is refused next to the question', async () => {
    const before = await snapshot();
    const result = await call(
      newScreening.action,
      postRequest(`/patients/${patientId}/screenings/new?instrument=prapare`, { intent: 'submit', '56799-0': NUL }, worker),
      { patientId },
    );
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors['56799-0']).toBe(CONTROL_CHARACTER_MESSAGE);
    expect(await snapshot()).toEqual(before);
  });

  it('that slips past a form check still gets a 400 from the data layer, never a 500, and writes nothing', async () => {
    const before = await snapshot();
    const user = (await database.db
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select(['users.id', 'users.email', 'users.full_name as fullName', 'users.role', 'users.organization_id as organizationId', 'organizations.name as organizationName', 'organizations.kind as organizationKind'])
      .where('users.id', '=', worker.userId)
      .executeTakeFirstOrThrow()) as never as Parameters<typeof createPatient>[1];
    const thrown = await runInRequestContext({}, async () => {
      updateRequestContext({ userId: user.id, organizationId: user.organizationId });
      return createPatient(getDb(), user, { ...patient, givenName: NUL, familyName: 'Unchecked', contactPreference: 'mail' } as never).catch((error: unknown) => error);
    });
    expect(thrown).toMatchObject({ type: 'DataWithResponseInit', init: { status: 400 } });
    expect(await snapshot()).toEqual(before);
  });
});

describe('an impossible consent date', () => {
  it.each(['02-30', '04-31'])('(next year, %s) is refused next to the field', async (day) => {
    const before = await snapshot();
    const date = `${new Date().getUTCFullYear() + 1}-${day}`;
    const result = await call(refer.action, postRequest(`/patients/${patientId}/needs/${needId}/refer`, referralForm({ consentExpiresOn: date }), worker), {
      patientId,
      needId,
    });
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors.consentExpiresOn).toBe('That date does not exist.');
    expect(await snapshot()).toEqual(before);
  });
});
