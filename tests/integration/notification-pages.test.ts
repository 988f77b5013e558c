// The notification screens through their loaders and actions: the list and unread count, opening one,
// e-mail settings, the admin Outbox, and sending a self-screening link by text or e-mail.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQueuedJobs } from '../../app/jobs/worker.server.js';
import * as root from '../../app/root.js';
import * as outbox from '../../app/routes/admin.outbox._index.js';
import * as outboxMessage from '../../app/routes/admin.outbox.$deliveryId.js';
import * as openOne from '../../app/routes/notifications.$notificationId.js';
import * as list from '../../app/routes/notifications._index.js';
import * as selfScreening from '../../app/routes/patients.$patientId.self-screening.js';
import * as settings from '../../app/routes/settings.notifications.js';
import { call, getRequest, postRequest, signInAs, useAppDatabase, type Actor } from '../support/app.js';
import type { TestDatabase } from '../support/db.js';
import { patientFixture, referralFixture, sessionUser } from '../support/fixtures.js';

let database: TestDatabase;
let worker: Actor;
let cbo: Actor;
let admin: Actor;
let otherCbo: Actor;

beforeAll(async () => {
  // Without SMTP_URL, e-mail goes to the local outbox folder under the data directory.
  process.env.CARELOOP_DATA_DIR = `.data/test-mail-${process.pid}`;
  database = await useAppDatabase();
  worker = await signInAs(database, 'sam.rivera@clinic.example');
  cbo = await signInAs(database, 'dee.johnson@bayviewmission.example');
  admin = await signInAs(database, 'admin@careloop.example');
  otherCbo = await signInAs(database, 'mei.wong@ccmpantry.example');
});
afterAll(() => database.drop());

const drain = () => runQueuedJobs({ db: database.db });

describe('the notifications list', () => {
  let referralId: string;

  it('shows the unread count in the header and the new referral in the list', async () => {
    ({ referralId } = await referralFixture(database.db, await sessionUser(database, 'sam.rivera@clinic.example')));
    await drain();
    const header = await call(root.loader, getRequest('/portal', cbo));
    expect(header.data.unreadNotifications).toBe(1);
    const page = await call(list.loader, getRequest('/notifications', cbo));
    expect(page.data.notifications).toEqual([
      expect.objectContaining({ kind: 'referral.requested', read: false, params: expect.objectContaining({ organization: 'Mission Street Clinic' }) }),
    ]);
  });

  it('opening one marks it read and goes to the referral; someone else’s is not found', async () => {
    const [notification] = (await call(list.loader, getRequest('/notifications', cbo))).data.notifications;
    expect((await call(openOne.loader, getRequest(`/notifications/${notification.id}`, otherCbo), { notificationId: notification.id })).status).toBe(404);
    const opened = await call(openOne.loader, getRequest(`/notifications/${notification.id}`, cbo), { notificationId: notification.id });
    expect(opened.status).toBe(302);
    expect(opened.location).toBe(`/portal/referrals/${referralId}`);
    expect((await call(root.loader, getRequest('/portal', cbo))).data.unreadNotifications).toBe(0);
  });

  it('"mark all as read" needs the form token and clears the count', async () => {
    await referralFixture(database.db, await sessionUser(database, 'sam.rivera@clinic.example'));
    await drain();
    expect((await call(root.loader, getRequest('/portal', cbo))).data.unreadNotifications).toBe(1);
    expect((await call(list.action, postRequest('/notifications', {}, cbo, { csrf: 'forged' }))).status).toBe(403);
    expect((await call(root.loader, getRequest('/portal', cbo))).data.unreadNotifications).toBe(1);
    expect((await call(list.action, postRequest('/notifications', {}, cbo))).status).toBe(302);
    expect((await call(root.loader, getRequest('/portal', cbo))).data.unreadNotifications).toBe(0);
  });
});

describe('e-mail settings', () => {
  it('offers the kinds of the person’s side and saves a choice', async () => {
    const page = await call(settings.loader, getRequest('/settings/notifications', cbo));
    expect(page.data.kinds).toContain('referral.requested');
    expect(page.data.kinds).not.toContain('referral.accepted');
    const saved = await call(settings.action, postRequest('/settings/notifications', { locale: 'es', 'email.referral.requested': 'digest' }, cbo));
    expect(saved.data).toEqual({ saved: true, error: null });
    const after = await call(settings.loader, getRequest('/settings/notifications', cbo));
    expect(after.data.settings.locale).toBe('es');
    expect(after.data.settings.email['referral.requested']).toBe('digest');
  });

  it('refuses a value that is not offered and changes nothing', async () => {
    const refused = await call(settings.action, postRequest('/settings/notifications', { locale: 'fr', 'email.referral.requested': 'off' }, cbo));
    expect(refused.status).toBe(400);
    const bad = await call(settings.action, postRequest('/settings/notifications', { locale: 'en', 'email.referral.requested': 'hourly\u0000' }, cbo));
    expect(bad.status).toBe(400);
    const after = await call(settings.loader, getRequest('/settings/notifications', cbo));
    expect(after.data.settings).toMatchObject({ locale: 'es', email: { 'referral.requested': 'digest' } });
  });
});

describe('the Outbox page', () => {
  it('is the platform admin’s only: anyone else gets not found', async () => {
    for (const actor of [worker, cbo]) expect((await call(outbox.loader, getRequest('/admin/outbox', actor))).status).toBe(404);
    const page = await call(outbox.loader, getRequest('/admin/outbox', admin));
    expect(page.status).toBe(200);
    expect(page.data.localEmail).toBe(true);
  });

  it('lists what was sent and shows a locally kept e-mail', async () => {
    await referralFixture(database.db, await sessionUser(database, 'sam.rivera@clinic.example'));
    await sql`UPDATE users SET locale = 'en' WHERE email = 'dee.johnson@bayviewmission.example'`.execute(database.db);
    await sql`DELETE FROM notification_preferences`.execute(database.db);
    await referralFixture(database.db, await sessionUser(database, 'sam.rivera@clinic.example'));
    await drain();
    const page = await call(outbox.loader, getRequest('/admin/outbox', admin));
    const delivery = page.data.deliveries.find((entry: { recipient: string; status: string }) => entry.recipient === 'dee.johnson@bayviewmission.example' && entry.status === 'sent');
    expect(delivery).toMatchObject({ channel: 'email', viewable: true });
    const message = await call(outboxMessage.loader, getRequest(`/admin/outbox/${delivery.id}`, admin), { deliveryId: delivery.id });
    expect(message.data.message).toMatchObject({ channel: 'email', to: 'dee.johnson@bayviewmission.example', subject: 'You have a new referral at CareLoop' });
    expect((await call(outboxMessage.loader, getRequest(`/admin/outbox/${delivery.id}`, cbo), { deliveryId: delivery.id })).status).toBe(404);
  });

  it('refuses an action on something that is not a failed job or message', async () => {
    const result = await call(outbox.action, postRequest('/admin/outbox', { intent: 'retry-job', id: '999999' }, admin));
    expect(result.status).toBe(409);
    expect((await call(outbox.action, postRequest('/admin/outbox', { intent: 'drop-table', id: '1' }, admin))).status).toBe(400);
  });
});

describe('sending a self-screening link from the patient page', () => {
  it('queues it by text message to a patient who agreed, and masks the number on the Outbox', async () => {
    const user = await sessionUser(database, 'sam.rivera@clinic.example');
    const patientId = await patientFixture(database.db, user, { phone: '415-555-0190' });
    const result = await call(
      selfScreening.action,
      postRequest(`/patients/${patientId}/self-screening`, { instrumentId: 'hunger-vital-sign', language: 'es', delivery: 'sms', acknowledge: 'english-questions' }, worker),
      { patientId },
    );
    expect(result.status).toBe(200);
    expect(result.data.sent).toBe('sms');
    await drain();
    const page = await call(outbox.loader, getRequest('/admin/outbox', admin));
    const sms = page.data.deliveries.find((entry: { channel: string }) => entry.channel === 'sms');
    expect(sms).toMatchObject({ status: 'sent', recipient: '•••-•••-0190', organization: 'Mission Street Clinic' });
  });

  it('refuses, on the field and without making a link, for a patient who must not be texted', async () => {
    const user = await sessionUser(database, 'sam.rivera@clinic.example');
    const patientId = await patientFixture(database.db, user, { contactPreference: 'do-not-contact' });
    const links = async () => (await database.db.selectFrom('self_screening_links').select('id').where('patient_id', '=', patientId).execute()).length;
    const page = await call(selfScreening.loader, getRequest(`/patients/${patientId}/self-screening`, worker), { patientId });
    expect(page.data.channels.sms).toEqual({ ok: false, reason: 'The patient asked not to be contacted.' });
    const result = await call(
      selfScreening.action,
      postRequest(`/patients/${patientId}/self-screening`, { instrumentId: 'hunger-vital-sign', language: 'en', delivery: 'sms' }, worker),
      { patientId },
    );
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors.delivery).toBe('The patient asked not to be contacted.');
    expect(await links()).toBe(0);
  });
});
