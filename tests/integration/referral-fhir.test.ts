// A referral exported as FHIR R4, validated against the R4 structure definitions by an independent
// validator and against the SDOH CC IG's rules (the helper every FHIR export's tests use).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../app/auth/session.server.js';
import { changeReferralStatus } from '../../app/referrals/referrals.server.js';
import * as fhir from '../../app/routes/referrals.$referralId_.fhir';
import { call, getRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';
import { fhirProblems } from '../support/fhir';
import { referralFixture, sessionUser } from '../support/fixtures';

let database: TestDatabase;
let worker: Actor;
let cbo: Actor;
let workerUser: SessionUser;
let cboUser: SessionUser;

beforeAll(async () => {
  database = await useAppDatabase();
  worker = await signInAs(database, 'sam.rivera@clinic.example');
  cbo = await signInAs(database, 'dee.johnson@bayviewmission.example');
  workerUser = await sessionUser(database, 'sam.rivera@clinic.example');
  cboUser = await sessionUser(database, 'dee.johnson@bayviewmission.example');
});
afterAll(() => database.drop());

const exportOf = async (referralId: string, actor: Actor) => call(fhir.loader, getRequest(`/referrals/${referralId}/fhir`, actor), { referralId });
const resource = (bundle: any, type: string) => bundle.entry.map((entry: any) => entry.resource).find((r: any) => r.resourceType === type);
const change = (referralId: string, status: 'accepted' | 'completed' | 'rejected', version: number, reasonCode = '', reason = '') =>
  changeReferralStatus(database.db, cboUser, referralId, { status, reasonCode, reason, note: '', version, side: 'receiving' });

describe('the FHIR export of a referral', () => {
  it('is a valid Bundle with the SDOHCC ServiceRequest and Task, in step while open', async () => {
    const { referralId } = await referralFixture(database.db, workerUser, { sharedItems: ['identity', 'need', 'phone'] });
    const result = await exportOf(referralId, worker);
    expect(result.status).toBe(200);
    expect(result.headers.get('Content-Type')).toBe('application/fhir+json');
    const bundle = result.data;
    expect(fhirProblems(bundle)).toEqual([]);
    const serviceRequest = resource(bundle, 'ServiceRequest');
    const task = resource(bundle, 'Task');
    const condition = resource(bundle, 'Condition');
    // As the IG's examples have them (SDOHCC-ServiceRequestActiveFoodPantryApplicationAssistExample, SDOHCC-TaskReferralManagement…).
    expect(serviceRequest).toMatchObject({
      status: 'active',
      intent: 'order',
      category: [{ coding: [{ system: 'http://snomed.info/sct', code: '410606002' }] }, { coding: [{ code: 'food-insecurity' }] }],
      reasonReference: [{ reference: `Condition/${condition.id}` }],
    });
    expect(task).toMatchObject({
      status: 'requested',
      intent: 'order',
      code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
      focus: { reference: `ServiceRequest/${serviceRequest.id}` },
      owner: { display: 'Bayview Mission' },
      requester: { display: 'Mission Street Clinic' },
    });
    expect(task.meta.profile).toEqual(['http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-TaskForReferralManagement']);
    expect(condition.code.coding[0].system).toBe('http://hl7.org/fhir/sid/icd-10-cm');
    const audit = await database.db.selectFrom('audit_events').select('action').where('entity_id', '=', referralId).where('action', '=', 'export').execute();
    expect(audit).toHaveLength(1);
  });

  it('completes the ServiceRequest and puts what was delivered in the Task output', async () => {
    const { referralId } = await referralFixture(database.db, workerUser);
    await change(referralId, 'accepted', 1);
    await change(referralId, 'completed', 2, 'goods-provided');
    const bundle = (await exportOf(referralId, worker)).data;
    expect(fhirProblems(bundle)).toEqual([]);
    const task = resource(bundle, 'Task');
    const procedure = resource(bundle, 'Procedure');
    expect(resource(bundle, 'ServiceRequest').status).toBe('completed');
    expect(task.status).toBe('completed');
    expect(task.output).toEqual([
      {
        type: { coding: [{ system: 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes', code: 'resulting-activity', display: 'Resulting Activity' }] },
        valueReference: { reference: `Procedure/${procedure.id}` },
      },
    ]);
    expect(procedure).toMatchObject({ status: 'completed', basedOn: [{ reference: `ServiceRequest/${referralId}` }], code: { text: 'Food, goods or supplies provided' } });
  });

  it('revokes the ServiceRequest of a declined referral, with the coded reason as the Task’s statusReason', async () => {
    const { referralId } = await referralFixture(database.db, workerUser);
    await change(referralId, 'rejected', 1, 'at-capacity', 'Full until March');
    const bundle = (await exportOf(referralId, cbo)).data;
    expect(fhirProblems(bundle)).toEqual([]);
    expect(resource(bundle, 'ServiceRequest').status).toBe('revoked');
    expect(resource(bundle, 'Task')).toMatchObject({
      status: 'rejected',
      statusReason: { coding: [{ code: 'at-capacity' }], text: 'At capacity — no room for new clients — Full until March' },
    });
  });

  it('gives the receiving side only what the consent shares, and another organisation nothing', async () => {
    const { referralId } = await referralFixture(database.db, workerUser, { sharedItems: ['identity'], patient: { givenName: 'Nidia', familyName: 'Solano', phone: '415-555-0777' } });
    const bundle = (await exportOf(referralId, cbo)).data;
    expect(fhirProblems(bundle)).toEqual([]);
    expect(resource(bundle, 'Patient')).toMatchObject({ name: [{ text: 'Nidia Solano' }] });
    expect(resource(bundle, 'Patient').telecom).toBeUndefined();
    expect(resource(bundle, 'Condition')).toBeUndefined();
    expect(JSON.stringify(bundle)).not.toMatch(/food-insecurity|415-555-0777/);
    const other = await signInAs(database, 'mei.wong@ccmpantry.example');
    expect((await exportOf(referralId, other)).status).toBe(404);
    expect((await exportOf('not-an-id', worker)).status).toBe(404);
  });
});
