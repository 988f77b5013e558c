// Reminders to the patient of an open referral: sent through the outbox to the provider's API (a
// loopback server that answers like Twilio), never when the patient may not be reached that way,
// never for a safety-sensitive need, once a day per channel, and shown on the clinic's timeline only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../app/config.server.js';
import { runQueuedJobs } from '../../app/jobs/worker.server.js';
import { closeChannels, createChannels, type Channels } from '../../app/notifications/channels.server.js';
import type { SessionUser } from '../../app/auth/session.server.js';
import * as portalReferral from '../../app/routes/portal.referrals.$referralId';
import * as referralPage from '../../app/routes/referrals.$referralId';
import { call, getRequest, postRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';
import { referralFixture, sessionUser } from '../support/fixtures';
import { startTwilioServer, type TestTwilioServer } from '../support/twilio-server.js';

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
let database: TestDatabase;
let sms: TestTwilioServer;
let config: Config;
let channels: Channels;
let worker: Actor;
let cbo: Actor;
let otherClinic: Actor;
let workerUser: SessionUser;

beforeAll(async () => {
  database = await useAppDatabase();
  sms = await startTwilioServer();
  config = parseConfig({ ...process.env, APP_URL: 'https://careloop.example.org', TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: 'x'.repeat(32), TWILIO_FROM: '+14155550000', TWILIO_API_URL: sms.url });
  channels = createChannels(config);
  worker = await signInAs(database, 'sam.rivera@clinic.example');
  cbo = await signInAs(database, 'dee.johnson@bayviewmission.example');
  otherClinic = await signInAs(database, 'jordan.price@bayviewhealth.example');
  workerUser = await sessionUser(database, 'sam.rivera@clinic.example');
});
afterAll(async () => {
  closeChannels(channels);
  await sms.close();
  await database.drop();
});

const remind = (referralId: string, channel: string, actor = worker) =>
  call(referralPage.action, postRequest(`/referrals/${referralId}`, { intent: 'remind-patient', channel }, actor), { referralId });
const page = async (referralId: string) => (await call(referralPage.loader, getRequest(`/referrals/${referralId}`, worker), { referralId })).data;
const send = () => runQueuedJobs({ db: database.db, config, channels }, ['messages.send']);
const deliveriesOf = (patientId: string) =>
  database.db.selectFrom('message_deliveries').select(['kind', 'channel', 'status']).where('recipient_patient_id', '=', patientId).execute();

describe('reminding the patient of an open referral', () => {
  it('texts the patient in their language whom to expect and how to reach them, without the need, and shows it on the timeline', async () => {
    const { patientId, referralId } = await referralFixture(database.db, workerUser, { patient: { phone: '415-555-0188' } });
    expect((await page(referralId)).reminder).toEqual({ offered: true, channels: { sms: { ok: true }, email: { ok: true } } });
    const before = sms.sent.length;
    const sent = await remind(referralId, 'sms');
    expect(sent.status).toBe(200);
    expect(sent.data.confirmation.message).toBe('Reminder sent to the patient by text message.');
    await send();
    const [message] = sms.sent.slice(before);
    expect(message.to).toBe('+14155550188');
    // The fixture patient reads Spanish; the demo's pantry receives referrals in CareLoop.
    expect(message.body).toMatch(/^Un recordatorio de .+: BAYVIEW MISSION.* tiene su derivación de .+ y se comunicará con usted\./);
    // The service's name says what it offers; the patient's need is not named.
    expect(message.body).not.toMatch(/insecurity|inseguridad/i);
    expect(await deliveriesOf(patientId)).toEqual([{ kind: 'referral.reminder', channel: 'sms', status: 'sent' }]);
    const timeline = (await page(referralId)).referral.timeline;
    expect(timeline.at(-1)).toMatchObject({ kind: 'patient-reminded', method: 'sms', actorName: 'Sam Rivera' });
    const portalTimeline = (await call(portalReferral.loader, getRequest(`/portal/referrals/${referralId}`, cbo), { referralId })).data.referral.timeline;
    expect(portalTimeline.map((event: { kind: string }) => event.kind)).not.toContain('patient-reminded');
  });

  it('sends one reminder a day per channel', async () => {
    const { patientId, referralId } = await referralFixture(database.db, workerUser, { patient: { phone: '415-555-0189' } });
    expect((await remind(referralId, 'email')).status).toBe(200);
    const again = await remind(referralId, 'email');
    expect(again.status).toBe(409);
    expect(again.data.fieldErrors.channel).toBe('A reminder went to the patient this way today already.');
    expect(await deliveriesOf(patientId)).toHaveLength(1);
  });

  it('refuses a patient who may not be reached that way, a safety-sensitive need and a closed referral, writing nothing', async () => {
    const noContact = await referralFixture(database.db, workerUser, { patient: { phone: '415-555-0190', contactPreference: 'do-not-contact' } });
    const refused = await remind(noContact.referralId, 'sms');
    expect(refused.status).toBe(409);
    expect(refused.data.fieldErrors.channel).toBe('The patient asked not to be contacted.');

    const safety = await referralFixture(database.db, workerUser, { patient: { phone: '415-555-0191' }, category: 'intimate-partner-violence' });
    expect((await page(safety.referralId)).reminder).toEqual({ offered: false, reason: 'For the patient’s safety, no reminder of this referral goes by text or e-mail.' });
    expect((await remind(safety.referralId, 'sms')).status).toBe(409);

    const closed = await referralFixture(database.db, workerUser, { patient: { phone: '415-555-0192' } });
    await database.db.updateTable('referrals').set({ status: 'completed' }).where('id', '=', closed.referralId).execute();
    expect((await remind(closed.referralId, 'sms')).status).toBe(409);

    const bad = await remind(closed.referralId, 'pigeon');
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors.channel).toMatch(/text message or e-mail/);
    for (const { patientId } of [noContact, safety, closed]) expect(await deliveriesOf(patientId)).toEqual([]);
  });

  it('answers 404 to another clinic and to the community organisation', async () => {
    const { patientId, referralId } = await referralFixture(database.db, workerUser, { patient: { phone: '415-555-0193' } });
    expect((await remind(referralId, 'sms', otherClinic)).status).toBe(404);
    expect((await call(portalReferral.action, postRequest(`/portal/referrals/${referralId}`, { intent: 'remind-patient', channel: 'sms' }, cbo), { referralId })).status).toBe(404);
    expect(await deliveriesOf(patientId)).toEqual([]);
  });
});
