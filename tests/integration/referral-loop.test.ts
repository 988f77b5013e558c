import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as newPatient from '../../app/routes/patients.new';
import * as patientPage from '../../app/routes/patients.$patientId._index';
import * as screening from '../../app/routes/patients.$patientId.screenings.new';
import * as screeningPage from '../../app/routes/patients.$patientId.screenings.$screeningId';
import * as needPage from '../../app/routes/patients.$patientId.needs.$needId._index';
import * as refer from '../../app/routes/patients.$patientId.needs.$needId.refer';
import * as portalReferral from '../../app/routes/portal.referrals.$referralId';
import * as inbox from '../../app/routes/portal._index';
import * as caseload from '../../app/routes/caseload';
import * as referralPage from '../../app/routes/referrals.$referralId';
import { call, getRequest, postRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';

let database: TestDatabase;
let worker: Actor;
let cbo: Actor;
let manager: Actor;

const OFTEN_TRUE = 'LA28397-0';
const NEVER_TRUE = 'LA28398-8';
const validPatient = {
  givenName: 'Rosa',
  familyName: 'Marquez',
  birthDate: '1984-03-12',
  postalCode: '94124',
  preferredLanguage: 'es',
  contactPreference: 'phone',
  phone: '(415) 555-0142',
};

async function count(table: 'patients' | 'screenings' | 'needs' | 'referrals' | 'consents' | 'referral_events') {
  const row = await database.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

beforeAll(async () => {
  database = await useAppDatabase();
  worker = await signInAs(database, 'sam.rivera@clinic.example');
  cbo = await signInAs(database, 'dee.johnson@bayviewmission.example');
  manager = await signInAs(database, 'casey.lee@clinic.example');
});
afterAll(() => database.drop());

describe('registering a patient', () => {
  it.each([
    [{ givenName: '' }, 'givenName', "Enter the patient's first name."],
    [{ birthDate: '1984-02-30' }, 'birthDate', 'That date does not exist.'],
    [{ birthDate: '2999-01-01' }, 'birthDate', 'The date of birth cannot be in the future.'],
    [{ postalCode: '9412' }, 'postalCode', 'Enter a 5-digit US ZIP code.'],
    [{ postalCode: '00000' }, 'postalCode', 'We do not know that ZIP code. Check it and try again.'],
    [{ preferredLanguage: 'xx' }, 'preferredLanguage', 'Choose a language from the list.'],
  ])('refuses %o with a message on the field and writes nothing', async (change, field, message) => {
    const before = await count('patients');
    const result = await call(newPatient.action, postRequest('/patients/new', { ...validPatient, ...change }, worker));
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors[field]).toBe(message);
    expect(result.data.values.familyName).toBe('Marquez');
    expect(await count('patients')).toBe(before);
  });
});

describe('the closed loop', () => {
  let patientId: string;
  let needId: string;
  let serviceId: string;
  let referralId: string;

  it('registers the patient and audits it', async () => {
    const result = await call(newPatient.action, postRequest('/patients/new', validPatient, worker));
    expect(result.status).toBe(302);
    patientId = result.location!.split('/').pop()!;
    const audit = await database.db.selectFrom('audit_events').selectAll().where('patient_id', '=', patientId).execute();
    expect(audit).toEqual([expect.objectContaining({ action: 'create', entity_type: 'patient', user_id: worker.userId })]);
  });

  const hvs = (patientId: string) => `/patients/${patientId}/screenings/new?instrument=hunger-vital-sign`;

  it('refuses a screening with an answer the instrument does not have, and writes nothing', async () => {
    const result = await call(screening.action, postRequest(hvs(patientId), { '88122-7': 'LA9999-9', '88123-5': NEVER_TRUE }, worker), { patientId });
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors['88122-7']).toBeTruthy();
    expect(await count('screenings')).toBe(0);
  });

  it('scores a positive Hunger Vital Sign into a proposed food-insecurity need that the worker confirms', async () => {
    const result = await call(screening.action, postRequest(hvs(patientId), { '88122-7': OFTEN_TRUE, '88123-5': NEVER_TRUE }, worker), { patientId });
    expect(result.status).toBe(302);
    const screeningId = result.location!.split('/').pop()!;
    const view = await call(screeningPage.loader, getRequest(result.location!, worker), { patientId, screeningId });
    expect(view.data.screening.score.domains[0]).toMatchObject({ result: 'positive', derived: { code: 'LA19952-3' } });
    expect(view.data.screening.needs).toEqual([expect.objectContaining({ category: 'food-insecurity', status: 'proposed', zCode: 'Z59.41' })]);
    needId = view.data.screening.needs[0].id;

    const confirmed = await call(screeningPage.action, postRequest(result.location!, { intent: 'confirm-need', needId }, worker), { patientId, screeningId });
    expect(confirmed.status).toBe(200);
    const page = await call(patientPage.loader, getRequest(`/patients/${patientId}`, worker), { patientId });
    expect(page.data.needs).toEqual([expect.objectContaining({ id: needId, category: 'food-insecurity', status: 'identified' })]);
  });

  it('lists matching services nearest first, with distances from the patient ZIP', async () => {
    const result = await call(needPage.loader, getRequest(`/patients/${patientId}/needs/${needId}`, worker), { patientId, needId });
    expect(result.status).toBe(200);
    const hits = result.data.hits as Array<{ serviceName: string; distanceKm: number | null; receivingOrganizationId: string | null; serviceId: string; score: number }>;
    expect(hits.length).toBeGreaterThan(5);
    const bayview = hits.find((hit) => hit.serviceName === 'BAYVIEW MISSION - Food Pantries');
    expect(bayview?.receivingOrganizationId).toBeTruthy();
    expect(bayview!.distanceKm!).toBeLessThan(2);
    serviceId = bayview!.serviceId;

    const onlyPortal = await call(needPage.loader, getRequest(`/patients/${patientId}/needs/${needId}?portal=1`, worker), { patientId, needId });
    expect(onlyPortal.data.hits.length).toBeGreaterThan(0);
    expect(onlyPortal.data.hits.every((hit: { receivingOrganizationId: string | null }) => hit.receivingOrganizationId)).toBe(true);
  });

  const consent = () => ({
    serviceId,
    consentGiven: 'on',
    consentMethod: 'verbal',
    sharedItems: ['identity', 'need'],
    consentExpiresOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    note: 'Prefers afternoon calls',
  });

  it.each([
    [{ consentGiven: '' }, 'consentGiven'],
    [{ sharedItems: [] }, 'sharedItems'],
    [{ sharedItems: ['language'] }, 'sharedItems'],
    [{ consentMethod: 'telepathy' }, 'consentMethod'],
    [{ consentExpiresOn: '2001-01-01' }, 'consentExpiresOn'],
  ])('refuses a referral without valid consent (%o) and writes nothing', async (change, field) => {
    const before = [await count('referrals'), await count('consents')];
    const result = await call(refer.action, postRequest(`/patients/${patientId}/needs/${needId}/refer`, { ...consent(), ...change }, worker), {
      patientId,
      needId,
    });
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors[field]).toBeTruthy();
    expect([await count('referrals'), await count('consents')]).toEqual(before);
  });

  it('sends the referral with the recorded consent', async () => {
    const result = await call(refer.action, postRequest(`/patients/${patientId}/needs/${needId}/refer`, consent(), worker), { patientId, needId });
    expect(result.status).toBe(302);
    referralId = result.location!.split('/').pop()!;
    const row = await database.db.selectFrom('referrals').selectAll().where('id', '=', referralId).executeTakeFirstOrThrow();
    expect(row.status).toBe('requested');
  });

  it("shows it in the organisation's inbox with only what the consent shares", async () => {
    const list = await call(inbox.loader, getRequest('/portal', cbo));
    expect(list.data.referrals).toEqual([expect.objectContaining({ id: referralId, patientName: 'Rosa Marquez', status: 'requested' })]);
    const detail = await call(portalReferral.loader, getRequest(`/portal/referrals/${referralId}`, cbo), { referralId });
    expect(detail.data.referral.patient).toMatchObject({
      id: null,
      name: 'Rosa Marquez',
      birthDate: '1984-03-12',
      preferredLanguage: null,
      postalCode: null,
      phone: null,
      email: null,
      address: null,
    });
    expect(detail.data.next).toEqual(['accepted', 'rejected', 'cancelled']);
  });

  it('answers 409 with a clear message for a change the lifecycle does not allow', async () => {
    const result = await call(
      portalReferral.action,
      postRequest(`/portal/referrals/${referralId}`, { status: 'completed', reasonCode: 'service-provided', version: '1' }, cbo),
      { referralId },
    );
    expect(result.status).toBe(409);
    expect(result.data.formError).toBe('A referral that is requested cannot become completed.');
  });

  it('needs a coded reason to decline', async () => {
    const result = await call(portalReferral.action, postRequest(`/portal/referrals/${referralId}`, { status: 'rejected', version: '1' }, cbo), {
      referralId,
    });
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors.reasonCode).toBe('Choose a reason for this change.');
  });

  it('lets the organisation accept, and refuses a second change made from the same stale page', async () => {
    const accepted = await call(portalReferral.action, postRequest(`/portal/referrals/${referralId}`, { status: 'accepted', version: '1' }, cbo), {
      referralId,
    });
    expect(accepted.status).toBe(200);
    const stale = await call(
      portalReferral.action,
      postRequest(`/portal/referrals/${referralId}`, { status: 'rejected', reasonCode: 'at-capacity', version: '1' }, cbo),
      { referralId },
    );
    expect(stale.status).toBe(409);
    expect(stale.data.formError).toMatch(/Someone else changed this referral/);
  });

  it('keeps the referring side from accepting or completing', async () => {
    const result = await call(
      referralPage.action,
      postRequest(`/referrals/${referralId}`, { status: 'completed', reasonCode: 'service-provided', version: '2' }, worker),
      { referralId },
    );
    expect(result.status).toBe(409);
    expect(result.data.formError).toMatch(/Only the receiving organisation/);
  });

  it('completes saying what was delivered, and the case manager sees it closed with its timeline', async () => {
    const missingOutcome = await call(
      portalReferral.action,
      postRequest(`/portal/referrals/${referralId}`, { status: 'completed', version: '2' }, cbo),
      { referralId },
    );
    expect(missingOutcome.status).toBe(400);
    const done = await call(
      portalReferral.action,
      postRequest(`/portal/referrals/${referralId}`, { status: 'completed', reasonCode: 'enrolled-in-program', note: 'Enrolled in weekly pantry', version: '2' }, cbo),
      { referralId },
    );
    expect(done.status).toBe(200);

    // Not the case manager's own caseload (the worker who sent it is responsible), but the organisation's.
    expect((await call(caseload.loader, getRequest('/caseload?tab=closed', manager))).data.referrals).toEqual([]);
    const list = await call(caseload.loader, getRequest('/caseload?tab=closed&scope=all', manager));
    expect(list.data.referrals).toEqual([expect.objectContaining({ id: referralId, status: 'completed' })]);
    const detail = await call(referralPage.loader, getRequest(`/referrals/${referralId}`, manager), { referralId });
    expect(detail.data.referral.reason).toEqual({ kind: 'delivered', code: 'enrolled-in-program', text: null });
    expect(detail.data.referral.timeline.map((event: { toStatus: string }) => event.toStatus)).toEqual(['requested', 'accepted', 'completed']);
    expect(detail.data.referral.timeline[2]).toMatchObject({ reasonKind: 'delivered', reasonCode: 'enrolled-in-program' });
    expect(detail.data.referral.timeline[2]).toMatchObject({ actorName: 'Dee Johnson', note: 'Enrolled in weekly pantry' });

    const need = await database.db.selectFrom('needs').select('status').where('id', '=', needId).executeTakeFirstOrThrow();
    expect(need.status).toBe('addressed');
  });

  it('audited every read and write of the patient, and the audit trail cannot be rewritten', async () => {
    const rows = await database.db.selectFrom('audit_events').select(['action', 'entity_type', 'user_id']).where('patient_id', '=', patientId).execute();
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'create', entity_type: 'screening' }),
        expect.objectContaining({ action: 'create', entity_type: 'referral' }),
        expect.objectContaining({ action: 'read', entity_type: 'inbox', user_id: cbo.userId }),
        expect.objectContaining({ action: 'update', entity_type: 'referral', user_id: cbo.userId }),
        expect.objectContaining({ action: 'read', entity_type: 'referral', user_id: manager.userId }),
      ]),
    );
    await expect(database.db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
    await expect(database.db.updateTable('audit_events').set({ action: 'read' }).execute()).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_events`.execute(database.db)).rejects.toThrow(/append-only/);
  });
});
