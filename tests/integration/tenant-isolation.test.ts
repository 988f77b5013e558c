import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as patientsIndex from '../../app/routes/patients._index';
import * as newPatient from '../../app/routes/patients.new';
import * as patientPage from '../../app/routes/patients.$patientId._index';
import * as screening from '../../app/routes/patients.$patientId.screenings.new';
import * as needPage from '../../app/routes/patients.$patientId.needs.$needId._index';
import * as refer from '../../app/routes/patients.$patientId.needs.$needId.refer';
import * as portalReferral from '../../app/routes/portal.referrals.$referralId';
import * as inbox from '../../app/routes/portal._index';
import * as caseload from '../../app/routes/caseload';
import * as referralPage from '../../app/routes/referrals.$referralId';
import * as admin from '../../app/routes/admin._index';
import { call, getRequest, postRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';

let database: TestDatabase;
let owner: Actor;
let otherClinic: Actor;
let otherCbo: Actor;
let patientId: string;
let needId: string;
let referralId: string;
let serviceId: string;

beforeAll(async () => {
  database = await useAppDatabase();
  owner = await signInAs(database, 'sam.rivera@clinic.example');
  otherClinic = await signInAs(database, 'jordan.price@bayviewhealth.example');
  otherCbo = await signInAs(database, 'mei.wong@ccmpantry.example');

  const created = await call(
    newPatient.action,
    postRequest('/patients/new', { givenName: 'Ana', familyName: 'Lopez', birthDate: '1990-01-01', postalCode: '94124', preferredLanguage: 'en', contactPreference: 'do-not-contact' }, owner),
  );
  patientId = created.location!.split('/').pop()!;
  await call(
    screening.action,
    postRequest(`/patients/${patientId}/screenings/new?instrument=hunger-vital-sign`, { '88122-7': 'LA6729-3', '88123-5': 'LA6729-3' }, owner),
    { patientId },
  );
  needId = (await database.db.selectFrom('needs').select('id').where('patient_id', '=', patientId).executeTakeFirstOrThrow()).id;
  await database.db.updateTable('needs').set({ status: 'identified' }).where('id', '=', needId).execute();
  const service = await database.db
    .selectFrom('hsds_services')
    .select('id')
    .where('name', '=', 'BAYVIEW MISSION - Food Pantries')
    .executeTakeFirstOrThrow();
  serviceId = service.id;
  const sent = await call(
    refer.action,
    postRequest(
      `/patients/${patientId}/needs/${needId}/refer`,
      { serviceId, consentGiven: 'on', consentMethod: 'written', sharedItems: ['identity'], consentExpiresOn: new Date().toISOString().slice(0, 10) },
      owner,
    ),
    { patientId, needId },
  );
  referralId = sent.location!.split('/').pop()!;
});
afterAll(() => database.drop());

describe('another clinic', () => {
  it.each([
    ['patient page', () => call(patientPage.loader, getRequest(`/patients/${patientId}`, otherClinic), { patientId })],
    ['screening form', () => call(screening.loader, getRequest(`/patients/${patientId}/screenings/new`, otherClinic), { patientId })],
    [
      'screening submission',
      () =>
        call(
          screening.action,
          postRequest(`/patients/${patientId}/screenings/new?instrument=hunger-vital-sign`, { '88122-7': 'LA6729-3', '88123-5': 'LA6729-3' }, otherClinic),
          { patientId },
        ),
    ],
    ['need services', () => call(needPage.loader, getRequest(`/patients/${patientId}/needs/${needId}`, otherClinic), { patientId, needId })],
    ['referral form', () => call(refer.loader, getRequest(`/patients/${patientId}/needs/${needId}/refer?service=${serviceId}`, otherClinic), { patientId, needId })],
    ['referral page', () => call(referralPage.loader, getRequest(`/referrals/${referralId}`, otherClinic), { referralId })],
    [
      'referral cancel',
      () => call(referralPage.action, postRequest(`/referrals/${referralId}`, { status: 'cancelled', reason: 'x', version: '1' }, otherClinic), { referralId }),
    ],
  ])('gets 404 for the %s', async (_name, request) => {
    expect((await request()).status).toBe(404);
  });

  it('sees none of it in its lists', async () => {
    const patients = await call(patientsIndex.loader, getRequest('/patients', otherClinic));
    expect(patients.data.patients.map((patient: { id: string }) => patient.id)).not.toContain(patientId);
    const list = await call(caseload.loader, getRequest('/caseload', otherClinic));
    expect(list.data.referrals).toEqual([]);
  });
});

describe('another community organisation', () => {
  it('gets 404 for a referral sent to someone else, and cannot change it', async () => {
    expect((await call(portalReferral.loader, getRequest(`/portal/referrals/${referralId}`, otherCbo), { referralId })).status).toBe(404);
    const change = await call(portalReferral.action, postRequest(`/portal/referrals/${referralId}`, { status: 'accepted', version: '1' }, otherCbo), {
      referralId,
    });
    expect(change.status).toBe(404);
    const unchanged = await database.db.selectFrom('referrals').select('status').where('id', '=', referralId).executeTakeFirstOrThrow();
    expect(unchanged.status).toBe('requested');
    expect((await call(inbox.loader, getRequest('/portal', otherCbo))).data.referrals).toEqual([]);
  });

  it('cannot open clinic pages at all', async () => {
    expect((await call(patientPage.loader, getRequest(`/patients/${patientId}`, otherCbo), { patientId })).status).toBe(404);
    expect((await call(patientsIndex.loader, getRequest('/patients', otherCbo))).status).toBe(404);
    expect((await call(admin.loader, getRequest('/admin', otherCbo))).status).toBe(404);
  });
});

describe('the clinic itself', () => {
  it("cannot act as the receiving side through the portal, even as the organisation's admin", async () => {
    const admin = await signInAs(database, 'alex.kim@clinic.example');
    const result = await call(
      portalReferral.action,
      postRequest(`/portal/referrals/${referralId}`, { status: 'cancelled', reason: 'test', version: '1' }, admin),
      { referralId },
    );
    expect(result.status).toBe(404);
    const unchanged = await database.db.selectFrom('referrals').select('status').where('id', '=', referralId).executeTakeFirstOrThrow();
    expect(unchanged.status).toBe('requested');
  });

  it('cannot open the portal view of its own referral', async () => {
    expect((await call(portalReferral.loader, getRequest(`/portal/referrals/${referralId}`, owner), { referralId })).status).toBe(404);
  });

  it('gets 404, not an error, for ids that are not ids', async () => {
    expect((await call(patientPage.loader, getRequest('/patients/not-a-uuid', owner), { patientId: 'not-a-uuid' })).status).toBe(404);
    expect((await call(referralPage.loader, getRequest("/referrals/1' OR 1=1", owner), { referralId: "1' OR 1=1" })).status).toBe(404);
  });

  it('sends anyone signed out to sign-in', async () => {
    const result = await call(patientPage.loader, getRequest(`/patients/${patientId}`), { patientId });
    expect(result.status).toBe(302);
    expect(result.location).toMatch(/^\/login\?redirectTo=/);
  });
});
