// The closed loop people can work, on real PostgreSQL: consent item by item, coded hand-offs,
// contact attempts, messages, re-referral, the duplicate guard, unmanaged referrals, assignment,
// due dates, follow-up tasks, lists, needs that end and merged patients.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../app/auth/session.server.js';
import { mergePatients } from '../../app/patients/merge.server.js';
import { createPatient } from '../../app/patients/patients.server.js';
import { responseDueAt } from '../../app/referrals/business-days.js';
import { listReferrals } from '../../app/referrals/lists.server.js';
import { parseListFilters } from '../../app/referrals/list-filters.js';
import { changeReferralStatus } from '../../app/referrals/referrals.server.js';
import { listReasonCodes } from '../../app/referrals/reasons.server.js';
import { listWorklist } from '../../app/referrals/tasks.server.js';
import { closeNeed, voidScreening } from '../../app/screening/need-closure.server.js';
import * as needPage from '../../app/routes/patients.$patientId.needs.$needId._index';
import * as refer from '../../app/routes/patients.$patientId.needs.$needId.refer';
import * as portalReferral from '../../app/routes/portal.referrals.$referralId';
import * as referralPage from '../../app/routes/referrals.$referralId';
import * as inbox from '../../app/routes/portal._index';
import * as settings from '../../app/routes/settings.organization';
import * as worklist from '../../app/routes/worklist';
import * as patientPage from '../../app/routes/patients.$patientId._index';
import * as handout from '../../app/routes/patients.$patientId.needs.$needId.handout';
import { call, getRequest, postRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';
import { patientFixture, receivingServiceId, referralFixture, sessionUser } from '../support/fixtures';

let database: TestDatabase;
let worker: Actor;
let cbo: Actor;
let manager: Actor;
let otherCbo: Actor;
let workerUser: SessionUser;

beforeAll(async () => {
  database = await useAppDatabase();
  worker = await signInAs(database, 'sam.rivera@clinic.example');
  cbo = await signInAs(database, 'dee.johnson@bayviewmission.example');
  manager = await signInAs(database, 'casey.lee@clinic.example');
  otherCbo = await signInAs(database, 'mei.wong@ccmpantry.example');
  workerUser = await sessionUser(database, 'sam.rivera@clinic.example');
});
afterAll(() => database.drop());

const inNinetyDays = () => new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
const portal = (referralId: string, fields: Record<string, string>, actor = cbo) =>
  call(portalReferral.action, postRequest(`/portal/referrals/${referralId}`, fields, actor), { referralId });
const clinic = (referralId: string, fields: Record<string, string>, actor = worker) =>
  call(referralPage.action, postRequest(`/referrals/${referralId}`, fields, actor), { referralId });
const portalView = async (referralId: string, actor = cbo) =>
  (await call(portalReferral.loader, getRequest(`/portal/referrals/${referralId}`, actor), { referralId })).data;
const count = async (table: 'referrals' | 'referral_messages' | 'referral_contact_attempts' | 'follow_up_tasks' | 'consents' | 'referral_events') =>
  (await database.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

describe('consent item by item', () => {
  let referralId: string;

  it('lets the organisation see exactly the consented items, and call or e-mail the patient', async () => {
    ({ referralId } = await referralFixture(database.db, workerUser, {
      patient: { givenName: 'Itzel', familyName: 'Carrasco', phone: '415-555-0301', email: 'itzel@example.org' },
      sharedItems: ['identity', 'phone', 'need', 'note'],
      note: 'Prefers mornings',
    }));
    const view = await portalView(referralId);
    expect(view.referral.patient).toMatchObject({ name: 'Itzel Carrasco', phone: '415-555-0301', email: null, address: null, preferredLanguage: null });
    expect(view.referral.note).toBe('Prefers mornings');
    expect(view.referral.needCategory).toBe('food-insecurity');
  });

  it('keeps the note to the clinic when the note is not an item the patient agreed to share', async () => {
    const { referralId: quiet } = await referralFixture(database.db, workerUser, { sharedItems: ['identity'], note: 'Lives with an abusive partner' });
    const view = await portalView(quiet);
    expect(view.referral.note).toBeNull();
    expect(view.referral.needCategory).toBeNull();
    expect(JSON.stringify(view)).not.toContain('abusive');
  });

  it('refuses to share contact details of a patient marked "do not contact", and says the patient will call', async () => {
    const patientId = await patientFixture(database.db, workerUser, { contactPreference: 'do-not-contact', phone: '415-555-0302', smsConsent: false });
    const need = await database.db
      .insertInto('needs')
      .values({ organization_id: workerUser.organizationId, patient_id: patientId, category: 'food-insecurity', status: 'identified', source: 'manual', created_by: workerUser.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const serviceId = await receivingServiceId(database.db);
    const path = `/patients/${patientId}/needs/${need.id}/refer`;
    const before = await count('referrals');
    const form = { serviceId, consentGiven: 'on', consentMethod: 'verbal', consentExpiresOn: inNinetyDays() };
    const refused = await call(refer.action, postRequest(path, { ...form, sharedItems: ['identity', 'phone'] }, worker), { patientId, needId: need.id });
    expect(refused.status).toBe(400);
    expect(refused.data.fieldErrors.sharedItems).toBe('The patient asked not to be contacted: their contact details cannot be shared.');
    expect(await count('referrals')).toBe(before);

    const sent = await call(refer.action, postRequest(path, { ...form, sharedItems: ['identity', 'need'] }, worker), { patientId, needId: need.id });
    expect(sent.status).toBe(302);
    const view = await portalView(sent.location!.split('/').pop()!);
    expect(view.referral.patient).toMatchObject({ doNotContact: true, phone: null, email: null });
  });

  it('records how consent was given and by whom, with field messages for what is missing', async () => {
    const patientId = await patientFixture(database.db, workerUser);
    const need = await database.db
      .insertInto('needs')
      .values({ organization_id: workerUser.organizationId, patient_id: patientId, category: 'food-insecurity', status: 'identified', source: 'manual', created_by: workerUser.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = `/patients/${patientId}/needs/${need.id}/refer`;
    const base = { serviceId: await receivingServiceId(database.db), consentGiven: 'on', sharedItems: ['identity', 'best-time'], consentExpiresOn: inNinetyDays() };
    const params = { patientId, needId: need.id };
    const bad = await call(refer.action, postRequest(path, { ...base, consentMethod: 'signed-on-screen', consentGivenBy: 'representative', note: 'a\u0000b' }, worker), params);
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors).toMatchObject({
      signatureName: 'The person giving consent types their name here to sign.',
      representativeName: "Enter the representative's name.",
      bestTimeToCall: 'Enter the best time to call, or untick it.',
      note: 'Remove the invisible control characters from this text.',
    });
    const good = await call(
      refer.action,
      postRequest(
        path,
        { ...base, consentMethod: 'signed-on-screen', signatureName: 'Ana Ruiz', consentGivenBy: 'representative', representativeName: 'Ana Ruiz', representativeRelationship: 'daughter', bestTimeToCall: 'after 5 pm' },
        worker,
      ),
      params,
    );
    expect(good.status).toBe(302);
    expect(good.headers.get('Set-Cookie')).toMatch(/__careloop_flash=/);
    const consent = await database.db
      .selectFrom('consents')
      .innerJoin('referrals', 'referrals.consent_id', 'consents.id')
      .select(['consents.method', 'consents.given_by', 'consents.representative_name', 'consents.signature_name', 'consents.best_time_to_call', 'consents.recorded_by'])
      .where('referrals.id', '=', good.location!.split('/').pop()!)
      .executeTakeFirstOrThrow();
    expect(consent).toEqual({ method: 'signed-on-screen', given_by: 'representative', representative_name: 'Ana Ruiz', signature_name: 'Ana Ruiz', best_time_to_call: 'after 5 pm', recorded_by: worker.userId });
  });

  it('once withdrawn, the organisation sees only that it was withdrawn, is told, and the timeline says when', async () => {
    const view = (await call(referralPage.loader, getRequest(`/referrals/${referralId}`, worker), { referralId })).data;
    const stale = await clinic(referralId, { intent: 'withdraw-consent', consentVersion: String(view.referral.consent.version + 1) });
    expect(stale.status).toBe(409);
    const withdrawn = await clinic(referralId, { intent: 'withdraw-consent', consentVersion: String(view.referral.consent.version), note: 'Patient called' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.data.confirmation.message).toMatch(/Consent withdrawn/);
    const after = await portalView(referralId);
    expect(after.referral.consent.state).toBe('withdrawn');
    expect(after.referral.patient).toMatchObject({ name: null, phone: null, birthDate: null });
    expect(after.referral.note).toBeNull();
    expect(after.messages).toEqual([]);
    expect(JSON.stringify(after)).not.toMatch(/Itzel|Carrasco|415-555-0301|Prefers mornings/);
    expect(after.referral.timeline.map((event: { kind: string }) => event.kind)).toContain('consent-withdrawn');
    const job = await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key LIKE 'notify:consent:%:withdrawn'`.execute(database.db);
    expect(job.rows[0].n).toBe(1);
    expect((await portal(referralId, { intent: 'message', body: 'Can we still help?' })).status).toBe(409);
  });
});

describe('a hand-off coded, explained and on the timeline', () => {
  it('declines only with a reason from the value set, and "other" needs words', async () => {
    const { referralId } = await referralFixture(database.db, workerUser);
    expect((await portal(referralId, { status: 'rejected', reasonCode: 'unable-to-contact', version: '1' })).data.fieldErrors.reasonCode).toBe('Choose a reason from the list.');
    expect((await portal(referralId, { status: 'rejected', reasonCode: 'other', version: '1' })).data.fieldErrors.reason).toBe('Say in a few words what happened.');
    const declined = await portal(referralId, { status: 'rejected', reasonCode: 'at-capacity', reason: 'Full until March', version: '1' });
    expect(declined.status).toBe(200);
    const row = await database.db.selectFrom('referrals').select(['status', 'status_reason_kind', 'status_reason_code', 'status_reason', 'responded_at', 'closed_at']).where('id', '=', referralId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'rejected', status_reason_kind: 'decline', status_reason_code: 'at-capacity', status_reason: 'Full until March' });
    expect(row.responded_at).not.toBeNull();
    expect(row.closed_at).not.toBeNull();
  });

  it('keeps the value sets as data, in English and Spanish, with the IG semantics', async () => {
    const reasons = await listReasonCodes(database.db);
    const codes = (kind: string) => reasons.filter((reason) => reason.kind === kind).map((reason) => reason.code);
    expect(codes('decline')).toEqual(expect.arrayContaining(['at-capacity', 'not-eligible', 'service-not-offered', 'duplicate', 'patient-declined', 'other']));
    expect(codes('failure')).toEqual(expect.arrayContaining(['unable-to-contact', 'no-longer-interested', 'not-eligible-after-assessment', 'other']));
    // Completed means delivered: no "couldn't contact" or "no capacity" among what was delivered.
    expect(codes('delivered')).not.toEqual(expect.arrayContaining(['unable-to-contact']));
    expect(codes('delivered').some((code) => /capacity|contact|eligible/.test(code))).toBe(false);
    for (const kind of ['decline', 'cancel', 'on-hold', 'failure', 'delivered']) {
      expect(reasons.find((reason) => reason.kind === kind && reason.code === 'other')?.needsText).toBe(true);
    }
    expect(reasons.every((reason) => reason.label.es && reason.label.es !== reason.label.en)).toBe(true);
  });

  it('logs contact attempts, and after three failed ones proposes "failed: unable to contact"', async () => {
    const { referralId } = await referralFixture(database.db, workerUser, { sharedItems: ['identity', 'phone'] });
    expect((await portal(referralId, { intent: 'attempt', attemptedAt: '2026-01-01T10:00', method: 'phone', result: 'no-answer' })).data.fieldErrors.attemptedAt).toBe(
      'That is before the referral arrived.',
    );
    await portal(referralId, { status: 'accepted', version: '1' });
    const bad = await portal(referralId, { intent: 'attempt', attemptedAt: '2026-13-45T99:00', method: 'pigeon', result: '' });
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors).toMatchObject({ attemptedAt: 'That date or time does not exist.', method: 'Choose how you tried to reach the patient.', result: 'Choose what happened.' });
    const future = await portal(referralId, { intent: 'attempt', attemptedAt: '2099-01-01T10:00', method: 'phone', result: 'no-answer' });
    expect(future.data.fieldErrors.attemptedAt).toBe('That time is in the future.');
    const now = (await portalView(referralId)).now;
    for (const result of ['no-answer', 'left-message']) {
      expect((await portal(referralId, { intent: 'attempt', attemptedAt: now, method: 'phone', result })).status).toBe(200);
    }
    expect((await portalView(referralId)).proposeUnableToContact).toBe(false);
    await portal(referralId, { intent: 'attempt', attemptedAt: now, method: 'sms', result: 'no-answer' });
    const view = await portalView(referralId);
    expect(view.proposeUnableToContact).toBe(true);
    expect(view.referral.timeline.filter((event: { kind: string }) => event.kind === 'contact-attempt')).toHaveLength(3);
    // The clinic sees the attempts on its timeline too.
    const clinicView = (await call(referralPage.loader, getRequest(`/referrals/${referralId}`, worker), { referralId })).data;
    expect(clinicView.referral.timeline.filter((event: { kind: string }) => event.kind === 'contact-attempt')).toHaveLength(3);
  });

  it('carries messages between the two sides with unread markers, and keeps internal notes inside each organisation', async () => {
    const { referralId } = await referralFixture(database.db, workerUser);
    const messageJobs = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key LIKE 'notify:message:%'`.execute(database.db)).rows[0].n;
    const jobsBefore = await messageJobs();
    expect((await portal(referralId, { intent: 'message', body: '   ' })).data.fieldErrors.body).toBe('Write a message.');
    expect((await portal(referralId, { intent: 'message', body: 'Is the patient free on Tuesday?' })).status).toBe(200);
    expect((await portal(referralId, { intent: 'message', body: 'Left two voicemails', internal: 'on' })).status).toBe(200);
    const caseload = await listReferrals(database.db, workerUser, 'caseload', parseListFilters(new URLSearchParams(), 'mine'));
    expect(caseload.referrals.find((referral) => referral.id === referralId)?.unreadMessages).toBe(1);

    const first = (await call(referralPage.loader, getRequest(`/referrals/${referralId}`, worker), { referralId })).data;
    expect(first.messages).toEqual([expect.objectContaining({ body: 'Is the patient free on Tuesday?', unread: true, authorName: 'Dee Johnson' })]);
    const again = (await call(referralPage.loader, getRequest(`/referrals/${referralId}`, worker), { referralId })).data;
    expect(again.messages[0].unread).toBe(false);
    expect((await portalView(referralId)).messages.map((message: { body: string }) => message.body)).toEqual(['Is the patient free on Tuesday?', 'Left two voicemails']);
    // The message tells the other side; the internal note tells nobody.
    expect((await messageJobs()) - jobsBefore).toBe(1);
  });

  it('refuses a message whose bytes were not UTF-8, and one with a NUL byte, writing nothing', async () => {
    const { referralId } = await referralFixture(database.db, workerUser);
    const before = await count('referral_messages');
    const request = postRequest(`/portal/referrals/${referralId}`, { intent: 'message' }, cbo);
    const garbled = new Request(request.url, {
      method: 'POST',
      headers: request.headers,
      body: `${await request.text()}&body=Caf%C3%28 on Tuesday`,
    });
    const outcome = await call(portalReferral.action, garbled, { referralId });
    expect(outcome.status).toBe(400);
    expect(outcome.data.fieldErrors.body).toBe('Some characters could not be read. Type the text again.');
    const nul = await portal(referralId, { intent: 'message', body: 'Call\u0000 me' });
    expect(nul.data.fieldErrors.body).toBe('Remove the invisible control characters from this text.');
    expect(await count('referral_messages')).toBe(before);
  });
});

describe('re-referral and the duplicate guard', () => {
  it('re-refers a declined referral from its need, the earlier service marked, the new one linked to it', async () => {
    const { referralId, patientId, needId } = await referralFixture(database.db, workerUser);
    await portal(referralId, { status: 'rejected', reasonCode: 'at-capacity', version: '1' });
    const services = await call(needPage.loader, getRequest(`/patients/${patientId}/needs/${needId}?replaces=${referralId}`, worker), { patientId, needId });
    expect(services.data.replaces).toMatchObject({ id: referralId, status: 'rejected' });
    const second = await receivingServiceId(database.db, 'CHINESE CHRISTIAN MISSION FOOD PANTRY');
    const sent = await call(
      refer.action,
      postRequest(`/patients/${patientId}/needs/${needId}/refer`, { serviceId: second, consentGiven: 'on', consentMethod: 'verbal', sharedItems: ['identity', 'need'], consentExpiresOn: inNinetyDays(), replacesReferralId: referralId }, worker),
      { patientId, needId },
    );
    expect(sent.status).toBe(302);
    const newId = sent.location!.split('/').pop()!;
    const view = (await call(referralPage.loader, getRequest(`/referrals/${newId}`, worker), { referralId: newId })).data;
    expect(view.referral.replaces).toMatchObject({ id: referralId, status: 'rejected' });
    const old = (await call(referralPage.loader, getRequest(`/referrals/${referralId}`, worker), { referralId })).data;
    expect(old.referral.replacedBy).toEqual([expect.objectContaining({ id: newId })]);
  });

  it('warns before sending a second open referral for the same patient, need and service', async () => {
    const { patientId, needId } = await referralFixture(database.db, workerUser);
    const serviceId = await receivingServiceId(database.db);
    const form = { serviceId, consentGiven: 'on', consentMethod: 'verbal', sharedItems: ['identity'], consentExpiresOn: inNinetyDays() };
    const path = `/patients/${patientId}/needs/${needId}/refer`;
    const before = await count('referrals');
    const warned = await call(refer.action, postRequest(path, form, worker), { patientId, needId });
    expect(warned.status).toBe(409);
    expect(warned.data.duplicate).toMatchObject({ status: 'requested' });
    expect(await count('referrals')).toBe(before);
    expect((await call(refer.action, postRequest(path, { ...form, confirmDuplicate: 'on' }, worker), { patientId, needId })).status).toBe(302);
  });
});

describe('an unmanaged referral', () => {
  it('is owned by the referring side, due for follow-up in business days, and moves along the lifecycle as the case manager records what happened', async () => {
    const service = await database.db
      .selectFrom('hsds_services')
      .innerJoin('hsds_organizations', 'hsds_organizations.id', 'hsds_services.organization_id')
      .leftJoin('organizations', 'organizations.hsds_organization_id', 'hsds_organizations.id')
      .select(['hsds_services.id', 'hsds_organizations.name'])
      .where('organizations.id', 'is', null)
      .where('hsds_services.name', 'ilike', '%food%')
      .orderBy('hsds_services.id')
      .executeTakeFirstOrThrow();
    const { referralId, patientId, needId } = await referralFixture(database.db, workerUser, { serviceId: service.id });
    const row = await database.db.selectFrom('referrals').select(['managed', 'receiving_organization_id', 'service_organization_name', 'response_due_at']).where('id', '=', referralId).executeTakeFirstOrThrow();
    expect(row).toEqual({ managed: false, receiving_organization_id: null, service_organization_name: service.name, response_due_at: null });
    const tasks = await database.db.selectFrom('follow_up_tasks').select(['kind', 'due_on', 'assigned_user_id']).where('referral_id', '=', referralId).execute();
    expect(tasks).toEqual([expect.objectContaining({ kind: 'check-outcome', assigned_user_id: workerUser.id })]);
    expect(tasks[0].due_on > new Date().toISOString().slice(0, 10)).toBe(true);

    const page = (await call(referralPage.loader, getRequest(`/referrals/${referralId}`, worker), { referralId })).data;
    expect(page.serviceContact.organizationName).toBe(service.name);
    // The patient gets the directory's handout of the service; the referral's timeline says so.
    const handoutPath = `/patients/${patientId}/needs/${needId}/handout?service=${service.id}&referral=${referralId}`;
    const printed = await call(handout.action, postRequest(handoutPath, { intent: 'print', service: service.id, referral: referralId }, worker), { patientId, needId });
    expect(printed.location).toContain(`referral=${referralId}`);
    const handedOut = (await call(referralPage.loader, getRequest(`/referrals/${referralId}`, worker), { referralId })).data;
    expect(handedOut.referral.timeline.filter((event: { kind: string }) => event.kind === 'handout-given')).toEqual([
      expect.objectContaining({ method: 'print', actorName: 'Sam Rivera' }),
    ]);
    // It is in the caseload with every other referral.
    const list = await listReferrals(database.db, workerUser, 'caseload', { ...parseListFilters(new URLSearchParams(), 'mine'), organization: 'unmanaged' });
    expect(list.referrals.map((referral) => referral.id)).toContain(referralId);

    expect((await clinic(referralId, { intent: 'follow-up', result: 'still-waiting', version: '1' })).status).toBe(200);
    const waiting = await database.db.selectFrom('follow_up_tasks').select(['status']).where('referral_id', '=', referralId).orderBy('created_at').execute();
    expect(waiting.map((task) => task.status)).toEqual(['done', 'open']);
    const helped = await clinic(referralId, { intent: 'follow-up', result: 'got-help', version: '1' });
    expect(helped.status).toBe(200);
    const events = await database.db.selectFrom('referral_events').select(['to_status', 'reason_code']).where('referral_id', '=', referralId).orderBy('created_at').execute();
    expect(events).toEqual([
      { to_status: 'requested', reason_code: null },
      { to_status: null, reason_code: 'still-waiting' },
      { to_status: 'accepted', reason_code: 'got-help' },
      { to_status: 'completed', reason_code: 'got-help' },
    ]);
    const need = await database.db.selectFrom('needs').select('status').where('patient_id', '=', patientId).executeTakeFirstOrThrow();
    expect(need.status).toBe('addressed');
  });
});

describe('case management', () => {
  it('assigns a referral, and refuses a reassignment made from a stale page', async () => {
    const { referralId } = await referralFixture(database.db, workerUser);
    const first = await clinic(referralId, { intent: 'assign', assigneeId: manager.userId, seenAssigneeId: worker.userId });
    expect(first.data.confirmation).toEqual({ message: 'Assigned to {{name}}.', params: { name: 'Casey Lee' } });
    const stale = await clinic(referralId, { intent: 'assign', assigneeId: worker.userId, seenAssigneeId: worker.userId });
    expect(stale.status).toBe(409);
    expect((await clinic(referralId, { intent: 'assign', assigneeId: cbo.userId, seenAssigneeId: manager.userId })).data.fieldErrors.assigneeId).toBe('Choose someone from the list.');
    const mine = await listReferrals(database.db, await sessionUser(database, 'casey.lee@clinic.example'), 'caseload', parseListFilters(new URLSearchParams(), 'mine'));
    expect(mine.referrals.map((referral) => referral.id)).toContain(referralId);
  });

  it('fixes the answer due date in the receiving organisation’s business days, holidays and time zone', async () => {
    const { referralId } = await referralFixture(database.db, workerUser);
    const row = await database.db.selectFrom('referrals').select(['created_at', 'response_due_at']).where('id', '=', referralId).executeTakeFirstOrThrow();
    const holidays = new Set((await database.db.selectFrom('holidays').select('holiday_on').where('organization_id', 'is', null).execute()).map((h) => h.holiday_on));
    expect(row.response_due_at!.toISOString()).toBe(responseDueAt(row.created_at, 3, holidays, 'America/Los_Angeles').toISOString());
    expect(holidays.has('2026-11-26')).toBe(true);
    expect(holidays.has('2027-07-05')).toBe(true);
  });

  it('moves waiting referrals’ due dates when the receiving organisation changes its window', async () => {
    const admin = await signInAs(database, 'alex.kim@clinic.example');
    const page = await call(settings.loader, getRequest('/settings/organization', admin));
    expect(page.data.settings.timeZone).toBe('America/Los_Angeles');
    const bad = await call(settings.action, postRequest('/settings/organization', { intent: 'settings', timeZone: 'Mars/Olympus', responseWindowBusinessDays: '0', followUpBusinessDays: '5', version: '1' }, admin));
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors).toMatchObject({ timeZone: 'Choose a time zone from the list.', responseWindowBusinessDays: 'Enter a number of business days from 1 to 60.' });
    const saved = await call(settings.action, postRequest('/settings/organization', { intent: 'settings', timeZone: 'America/New_York', responseWindowBusinessDays: '5', followUpBusinessDays: '7', version: '1' }, admin));
    expect(saved.status).toBe(200);
    const stale = await call(settings.action, postRequest('/settings/organization', { intent: 'settings', timeZone: 'America/Chicago', responseWindowBusinessDays: '5', followUpBusinessDays: '7', version: '1' }, admin));
    expect(stale.status).toBe(409);
    expect((await call(settings.action, postRequest('/settings/organization', { intent: 'add-holiday', holidayOn: '2026-02-30', name: 'x' }, admin))).data.fieldErrors.holidayOn).toBe('That date does not exist.');
    expect((await call(settings.loader, getRequest('/settings/organization', cbo))).status).toBe(404);
  });

  it('keeps follow-up tasks on a worklist sorted by due date; completing one is on the referral’s timeline; a stale completion is refused', async () => {
    const { referralId } = await referralFixture(database.db, workerUser);
    const today = new Date().toISOString().slice(0, 10);
    const later = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    expect((await clinic(referralId, { intent: 'add-task', kind: 'call-patient', dueOn: '2001-01-01' })).data.fieldErrors.dueOn).toBe('The due date cannot be in the past.');
    await clinic(referralId, { intent: 'add-task', kind: 're-screen', dueOn: later, note: 'Six months on' });
    await clinic(referralId, { intent: 'add-task', kind: 'call-patient', dueOn: today });
    const list = await listWorklist(database.db, workerUser, { scope: 'mine', window: 'all' });
    const dates = list.tasks.map((task) => task.dueOn);
    expect(dates).toEqual([...dates].sort());
    const call1 = list.tasks.find((task) => task.kind === 'call-patient' && task.referral?.id === referralId)!;
    expect((await call(worklist.action, postRequest('/worklist', { taskId: call1.id, version: String(call1.version + 1) }, worker))).status).toBe(409);
    expect((await call(worklist.action, postRequest('/worklist', { taskId: call1.id, version: String(call1.version) }, worker))).status).toBe(200);
    const view = (await call(referralPage.loader, getRequest(`/referrals/${referralId}`, worker), { referralId })).data;
    expect(view.referral.timeline).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'task-completed', subject: 'call-patient' })]));
  });
});

describe('the inbox and the caseload', () => {
  it('counts each tab under the same filters, and lets the receiving side search only names the patients shared', async () => {
    const user = await sessionUser(database, 'dee.johnson@bayviewmission.example');
    const named = await referralFixture(database.db, workerUser, { patient: { givenName: 'Zacarías', familyName: 'Quintero' }, sharedItems: ['identity'] });
    const hidden = await referralFixture(database.db, workerUser, { patient: { givenName: 'Zacarías', familyName: 'Quiñones' }, sharedItems: ['need'] });
    const all = await listReferrals(database.db, user, 'inbox', parseListFilters(new URLSearchParams('tab=all'), 'all'));
    expect(all.counts.all).toBe(all.counts.open + all.counts.closed);
    expect(all.counts.new).toBeGreaterThanOrEqual(2);
    const search = await call(inbox.action, postRequest('/portal?tab=all', { q: 'zacarias' }, cbo));
    const ids = search.data.referrals.map((referral: { id: string }) => referral.id);
    expect(ids).toContain(named.referralId);
    expect(ids).not.toContain(hidden.referralId);
    const byNeed = await listReferrals(database.db, user, 'inbox', parseListFilters(new URLSearchParams('tab=all&need=food-insecurity'), 'all'));
    expect(byNeed.referrals.map((referral) => referral.id)).not.toContain(named.referralId);
    const junk = await call(inbox.loader, getRequest('/portal?tab=%00&page=-1&from=2026-02-31&organization=x&sort=drop', cbo));
    expect(junk.status).toBe(200);
  });

  it('shows another organisation none of it, and answers 404 for its referrals', async () => {
    const { referralId } = await referralFixture(database.db, workerUser);
    expect((await call(portalReferral.loader, getRequest(`/portal/referrals/${referralId}`, otherCbo), { referralId })).status).toBe(404);
    for (const fields of [
      { intent: 'message', body: 'hi' } as Record<string, string>,
      { intent: 'attempt', attemptedAt: '2026-01-01T10:00', method: 'phone', result: 'reached' },
      { intent: 'assign', assigneeId: '', seenAssigneeId: '' },
    ]) {
      expect((await portal(referralId, fields, otherCbo)).status).toBe(404);
    }
    const other = await signInAs(database, 'jordan.price@bayviewhealth.example');
    expect((await clinic(referralId, { intent: 'withdraw-consent', consentVersion: '1' }, other)).status).toBe(404);
    expect((await clinic(referralId, { intent: 'add-task', kind: 'other', dueOn: new Date().toISOString().slice(0, 10) }, other)).status).toBe(404);
  });
});

describe('needs and patients', () => {
  it('ends a need as resolved with how, or voids it with a reason (kept, marked, out of open needs)', async () => {
    const { needId, patientId, referralId } = await referralFixture(database.db, workerUser);
    const need = await database.db.selectFrom('needs').select('version').where('id', '=', needId).executeTakeFirstOrThrow();
    expect(await closeNeed(database.db, workerUser, patientId, needId, { ending: 'void', resolutionCode: '', note: 'Wrong patient', version: need.version })).toMatchObject({ status: 409 });
    await changeReferralStatus(database.db, workerUser, referralId, { status: 'cancelled', reasonCode: 'sent-by-mistake', reason: '', note: '', version: 1, side: 'referring' });
    expect(await closeNeed(database.db, workerUser, patientId, needId, { ending: 'resolve', resolutionCode: 'made-up', note: '', version: need.version })).toMatchObject({ field: 'resolutionCode' });
    expect(await closeNeed(database.db, workerUser, patientId, needId, { ending: 'void', resolutionCode: '', note: 'Wrong patient', version: need.version })).toEqual({ ok: true });
    const row = await database.db.selectFrom('needs').select(['status', 'resolution_note']).where('id', '=', needId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'entered-in-error', resolution_note: 'Wrong patient' });
    const page = await call(patientPage.loader, getRequest(`/patients/${patientId}`, worker), { patientId });
    expect(page.data.needs).toEqual([expect.objectContaining({ id: needId, status: 'entered-in-error' })]);

    const other = await referralFixture(database.db, workerUser);
    const version = (await database.db.selectFrom('needs').select('version').where('id', '=', other.needId).executeTakeFirstOrThrow()).version;
    expect(await closeNeed(database.db, workerUser, other.patientId, other.needId, { ending: 'resolve', resolutionCode: 'resolved-by-patient', note: '', version })).toEqual({ ok: true });
  });

  it('voids a screening entered by mistake with the needs it proposed that nobody decided on', async () => {
    const patientId = await patientFixture(database.db, workerUser);
    const screening = await database.db
      .insertInto('screenings')
      .values({ organization_id: workerUser.organizationId, patient_id: patientId, instrument: 'hunger-vital-sign', instrument_version: '1', answers: '{}', result: '{}', administered_by: workerUser.id })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('needs')
      .values({ organization_id: workerUser.organizationId, patient_id: patientId, screening_id: screening.id, category: 'food-insecurity', status: 'proposed', created_by: workerUser.id })
      .execute();
    expect(await voidScreening(database.db, workerUser, patientId, screening.id, { reason: 'Answers of another patient', version: screening.version })).toEqual({ ok: true });
    expect(await voidScreening(database.db, workerUser, patientId, screening.id, { reason: 'again', version: screening.version + 1 })).toMatchObject({ status: 409 });
    expect((await database.db.selectFrom('needs').select('status').where('screening_id', '=', screening.id).executeTakeFirstOrThrow()).status).toBe('entered-in-error');
  });

  it('catches likely duplicates beyond exact names: accents and a letter or two, or the same birth date and phone', async () => {
    const base = { birthDate: '1966-07-14', postalCode: '94110', preferredLanguage: 'es' as const, contactPreference: 'phone' as const, smsConsent: false, emailConsent: false };
    const first = await createPatient(database.db, workerUser, { ...base, givenName: 'María', familyName: 'Gonzales', phone: '415-555-0399' });
    expect(first.ok).toBe(true);
    const similar = await createPatient(database.db, workerUser, { ...base, givenName: 'Maria', familyName: 'Gonzalez', phone: '415-555-0398' });
    expect(similar).toMatchObject({ ok: false, problem: 'duplicate', duplicates: [expect.objectContaining({ why: 'similar-name' })] });
    const samePhone = await createPatient(database.db, workerUser, { ...base, givenName: 'Mary', familyName: 'Smith', phone: '(415) 555-0399' });
    expect(samePhone).toMatchObject({ ok: false, duplicates: [expect.objectContaining({ why: 'same-phone' })] });
    const stranger = await createPatient(database.db, workerUser, { ...base, givenName: 'Roberto', familyName: 'Díaz', phone: '415-555-0397' });
    expect(stranger.ok).toBe(true);
  });

  it('merges two records of the same patient: one survives with the other’s screenings, needs, referrals and audit trail', async () => {
    const survivorId = await patientFixture(database.db, workerUser, { givenName: 'Ofelia', familyName: 'Ramos' });
    const { patientId: mergedId, referralId } = await referralFixture(database.db, workerUser, { patient: { givenName: 'Ofelia', familyName: 'Ramoz' } });
    const versions = await database.db.selectFrom('patients').select(['id', 'version']).where('id', 'in', [survivorId, mergedId]).execute();
    const versionOf = (id: string) => versions.find((row) => row.id === id)!.version;
    expect(await mergePatients(database.db, workerUser, { survivorId, mergedId, survivorVersion: versionOf(survivorId) + 1, mergedVersion: versionOf(mergedId) })).toMatchObject({ status: 409 });
    const merged = await mergePatients(database.db, workerUser, { survivorId, mergedId, survivorVersion: versionOf(survivorId), mergedVersion: versionOf(mergedId) });
    expect(merged).toMatchObject({ ok: true, moved: { referrals: 1, needs: 1, consents: 1 } });
    expect((await database.db.selectFrom('referrals').select('patient_id').where('id', '=', referralId).executeTakeFirstOrThrow()).patient_id).toBe(survivorId);
    const old = await call(patientPage.loader, getRequest(`/patients/${mergedId}`, worker), { patientId: mergedId });
    expect(old.status).toBe(302);
    expect(old.location).toBe(`/patients/${survivorId}`);
    const audit = await database.db.selectFrom('audit_events').select('entity_type').where('patient_id', '=', mergedId).where('entity_type', '=', 'patient-merge').execute();
    expect(audit).toHaveLength(1);
    const other = await signInAs(database, 'jordan.price@bayviewhealth.example');
    const otherUser = await sessionUser(database, 'jordan.price@bayviewhealth.example');
    expect(other.userId).toBe(otherUser.id);
    expect(await mergePatients(database.db, otherUser, { survivorId, mergedId: await patientFixture(database.db, otherUser), survivorVersion: 1, mergedVersion: 1 })).toMatchObject({ status: 404 });
  });
});
