// Notifications end to end on real PostgreSQL, a real SMTP server on loopback and a loopback
// server that answers like Twilio's Messages API: the outbox, the dispatch, e-mail, text
// messages, preferences, digests, retries and dead letters.
import { sql } from 'kysely';
import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../app/auth/session.server.js';
import { parseConfig, type Config } from '../../app/config.server.js';
import { enqueueJob } from '../../app/jobs/outbox.server.js';
import { listFailedJobs, queueHealth, retryFailedJob } from '../../app/jobs/queue.server.js';
import { runQueuedJobs } from '../../app/jobs/worker.server.js';
import { closeChannels, createChannels, type Channels } from '../../app/notifications/channels.server.js';
import { sendDigests } from '../../app/notifications/digest.server.js';
import { saveNotificationSettings, unreadCount } from '../../app/notifications/inbox.server.js';
import { retryDelivery } from '../../app/notifications/outbox.server.js';
import { sendSelfScreeningLink } from '../../app/notifications/patient-messages.server.js';
import { changeReferralStatus } from '../../app/referrals/referrals.server.js';
import * as smsInbound from '../../app/routes/api.sms.inbound.js';
import { createSelfScreeningLink, submitThroughLink } from '../../app/screening/self-screening.server.js';
import { call, useAppDatabase } from '../support/app.js';
import type { TestDatabase } from '../support/db.js';
import { patientFixture, referralFixture, sessionUser } from '../support/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { startTwilioServer, type TestTwilioServer } from '../support/twilio-server.js';

const ACCOUNT_SID = `AC${'0'.repeat(31)}1`;
const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';

let database: TestDatabase;
let smtp: TestSmtpServer;
let sms: TestTwilioServer;
let config: Config;
let channels: Channels;
let worker: SessionUser;
let cbo: SessionUser;
let manager: SessionUser;

const deps = () => ({ db: database.db, config, channels });
/** Runs every job that is due, the way the worker would, until the queue has nothing due. */
const drain = async () => {
  for (let round = 0; round < 5; round++) {
    await runQueuedJobs(deps());
    // A failed attempt is recorded just after the run returns: wait for it before looking.
    for (let wait = 0; wait < 100; wait++) {
      const locked = await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE locked_at IS NOT NULL`.execute(database.db);
      if (locked.rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const due = await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE run_at <= now() AND attempts < max_attempts AND locked_at IS NULL`.execute(database.db);
    if (due.rows[0].n === 0) return;
  }
};
const notificationsOf = (userId: string) =>
  database.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
const deliveriesFor = (userId: string) =>
  database.db.selectFrom('message_deliveries').selectAll().where('recipient_user_id', '=', userId).orderBy('created_at').execute();
const jobCount = async (task?: string) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE ${task ?? null}::text IS NULL OR task_identifier = ${task ?? null}`.execute(database.db)).rows[0].n;
/** Jobs that failed and wait for their retry are made due now (the backoff is seconds to hours). */
const makeRetriesDue = () => sql`SELECT graphile_worker.reschedule_jobs(ARRAY(SELECT id FROM graphile_worker.jobs WHERE attempts > 0), run_at := now())`.execute(database.db);

// The SMS webhook reads the process configuration: Twilio is configured for this whole file.
const TWILIO_ENV = { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM: '+14155550000', APP_URL: 'https://careloop.example.org' };

beforeAll(async () => {
  Object.assign(process.env, TWILIO_ENV);
  database = await useAppDatabase();
  smtp = await startSmtpServer();
  sms = await startTwilioServer();
  config = parseConfig({
    ...process.env,
    APP_URL: 'https://careloop.example.org',
    SMTP_URL: smtp.url,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM: '+14155550000',
    TWILIO_API_URL: sms.url,
  });
  channels = createChannels(config);
  worker = await sessionUser(database, 'sam.rivera@clinic.example');
  cbo = await sessionUser(database, 'dee.johnson@bayviewmission.example');
  manager = await sessionUser(database, 'casey.lee@clinic.example');
});
afterAll(async () => {
  closeChannels(channels);
  await smtp.close();
  await sms.close();
  await database.drop();
});
beforeEach(() => {
  smtp.refuseWith(null);
  sms.failWith(null);
});

describe('the transactional outbox', () => {
  it('adds no job when the business write rolls back, and exactly one when it commits', async () => {
    const before = await jobCount();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await enqueueJob(trx, 'sessions.purge', {});
        throw new Error('the business write failed');
      }),
    ).rejects.toThrow('the business write failed');
    expect(await jobCount()).toBe(before);

    const { referralId } = await referralFixture(database.db, worker);
    const jobs = await sql<{ key: string; task_identifier: string }>`SELECT key, task_identifier FROM graphile_worker.jobs WHERE key = ${`notify:referral:${referralId}:v1`}`.execute(database.db);
    expect(jobs.rows).toEqual([{ key: `notify:referral:${referralId}:v1`, task_identifier: 'notifications.dispatch' }]);
    await drain();
  });
});

describe('a new referral', () => {
  let referralId: string;

  it('reaches the receiving organisation in the app and by e-mail, with no patient details', async () => {
    ({ referralId } = await referralFixture(database.db, worker, { patient: { givenName: 'Imelda', familyName: 'Quiroga' } }));
    const unreadBefore = await unreadCount(database.db, cbo.id);
    await drain();

    expect(await unreadCount(database.db, cbo.id)).toBe(unreadBefore + 1);
    const [notification] = (await notificationsOf(cbo.id)).filter((row) => row.event_key === `referral:${referralId}:v1`);
    expect(notification).toMatchObject({ kind: 'referral.requested', link: `/portal/referrals/${referralId}`, read_at: null });
    // The sender is not told about their own referral.
    expect((await notificationsOf(worker.id)).some((row) => row.event_key === `referral:${referralId}:v1`)).toBe(false);

    const mail = await smtp.waitFor((message) => message.text.includes(referralId));
    expect(mail.to).toEqual(['dee.johnson@bayviewmission.example']);
    expect(mail.subject).toBe('You have a new referral at CareLoop');
    expect(mail.text).toContain(`https://careloop.example.org/portal/referrals/${referralId}`);
    expect(mail.html).toContain(`https://careloop.example.org/portal/referrals/${referralId}`);
    for (const part of [mail.text, mail.html, mail.subject]) {
      expect(part).not.toMatch(/Imelda|Quiroga|1984|94124|415-555/);
    }
    const [delivery] = (await deliveriesFor(cbo.id)).filter((row) => row.idempotency_key === `email:referral:${referralId}:v1:${cbo.id}`);
    expect(delivery.status).toBe('sent');
    expect(mail.messageId).toBe(delivery.message_id);
  });

  it('notifies once however often its jobs run again', async () => {
    const mailsBefore = smtp.received.length;
    await enqueueJob(database.db, 'notifications.dispatch', { kind: 'referral.requested', eventKey: `referral:${referralId}:v1`, subjectId: referralId });
    const [delivery] = (await deliveriesFor(cbo.id)).filter((row) => row.idempotency_key.includes(referralId));
    await enqueueJob(database.db, 'messages.send', { deliveryKey: delivery.idempotency_key });
    await drain();
    expect((await notificationsOf(cbo.id)).filter((row) => row.event_key === `referral:${referralId}:v1`)).toHaveLength(1);
    expect(smtp.received.length).toBe(mailsBefore);
  });

  it('tells the person responsible for the referral when the organisation accepts, not the one who accepted', async () => {
    await changeReferralStatus(database.db, cbo, referralId, { status: 'accepted', reasonCode: '', reason: '', note: '', version: 1, side: 'receiving' });
    await drain();
    const key = `referral:${referralId}:v2`;
    // The sender is responsible until someone else is assigned.
    const [notification] = (await notificationsOf(worker.id)).filter((row) => row.event_key === key);
    expect(notification).toMatchObject({ kind: 'referral.accepted', link: `/referrals/${referralId}` });
    expect((await notificationsOf(manager.id)).some((row) => row.event_key === key)).toBe(false);
    expect((await notificationsOf(cbo.id)).some((row) => row.event_key === key)).toBe(false);
    const mail = await smtp.waitFor((message) => message.to.includes('sam.rivera@clinic.example') && message.text.includes(referralId));
    expect(mail.subject).toBe('A referral was accepted');
    expect(mail.text).toContain('Bayview Mission accepted a referral to');
  });

  it('once the case manager is responsible, tells the case manager instead', async () => {
    const { referralId: other } = await referralFixture(database.db, worker);
    await database.db.updateTable('referrals').set({ assigned_user_id: manager.id }).where('id', '=', other).execute();
    await changeReferralStatus(database.db, cbo, other, { status: 'accepted', reasonCode: '', reason: '', note: '', version: 1, side: 'receiving' });
    await drain();
    const key = `referral:${other}:v2`;
    expect((await notificationsOf(manager.id)).filter((row) => row.event_key === key)).toHaveLength(1);
    expect((await notificationsOf(worker.id)).some((row) => row.event_key === key)).toBe(false);
  });
});

describe('preferences', () => {
  it('writes e-mail in the language the person chose', async () => {
    await saveNotificationSettings(database.db, cbo, { locale: 'es', email: {} });
    const { referralId } = await referralFixture(database.db, worker);
    await drain();
    const mail = await smtp.waitFor((message) => message.text.includes(referralId));
    expect(mail.subject).toBe('Tiene una nueva derivación en CareLoop');
    expect(mail.raw.headers.get('content-language') ?? mail.html).toContain('es');
    await saveNotificationSettings(database.db, cbo, { locale: 'en', email: {} });
  });

  it('with "no e-mail" only the in-app notification arrives', async () => {
    await saveNotificationSettings(database.db, cbo, { locale: 'en', email: { 'referral.requested': 'off' } });
    const { referralId } = await referralFixture(database.db, worker);
    await drain();
    expect((await notificationsOf(cbo.id)).some((row) => row.event_key === `referral:${referralId}:v1`)).toBe(true);
    expect((await deliveriesFor(cbo.id)).some((row) => row.idempotency_key.includes(referralId))).toBe(false);
    expect(smtp.received.some((message) => message.text.includes(referralId))).toBe(false);
  });

  it('with "daily digest" the day’s notifications come in one e-mail at 7 in the morning, organisation time', async () => {
    await saveNotificationSettings(database.db, cbo, { locale: 'en', email: { 'referral.requested': 'digest' } });
    const first = await referralFixture(database.db, worker);
    const second = await referralFixture(database.db, worker);
    await drain();
    expect(smtp.received.some((message) => message.text.includes(first.referralId))).toBe(false);

    // 14:00 UTC is 6 in the morning in San Francisco in winter: not yet; 15:00 UTC is 7.
    const today = new Date();
    const at = (hourUtc: number) => new Date(Date.UTC(today.getUTCFullYear(), 0, 15, hourUtc, 5));
    await sql`UPDATE notifications SET created_at = ${at(12)} WHERE user_id = ${cbo.id} AND emailed_at IS NULL`.execute(database.db);
    expect(await sendDigests(database.db, config, at(14))).toBe(0);
    expect(await sendDigests(database.db, config, at(15))).toBe(1);
    expect(await sendDigests(database.db, config, at(15))).toBe(0);
    await drain();
    const digest = await smtp.waitFor((message) => message.subject.startsWith('Your CareLoop updates'));
    expect(digest.to).toEqual(['dee.johnson@bayviewmission.example']);
    expect(digest.text).toContain(`/portal/referrals/${first.referralId}`);
    expect(digest.text).toContain(`/portal/referrals/${second.referralId}`);
    await saveNotificationSettings(database.db, cbo, { locale: 'en', email: { 'referral.requested': 'immediate' } });
  });
});

describe('when the mail server refuses', () => {
  it('retries a temporary refusal and delivers once the server takes it', async () => {
    smtp.refuseWith(451);
    const { referralId } = await referralFixture(database.db, worker);
    await drain();
    const key = `email:referral:${referralId}:v1:${cbo.id}`;
    const waiting = await database.db.selectFrom('message_deliveries').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting.error).toMatch(/SMTP 451/);

    smtp.refuseWith(null);
    await makeRetriesDue();
    await drain();
    const sent = await database.db.selectFrom('message_deliveries').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    expect(sent.status).toBe('sent');
    expect(smtp.received.filter((message) => message.text.includes(referralId))).toHaveLength(1);
  });

  it('dead-letters a permanent refusal with the server’s reason, and an admin can send it again', async () => {
    smtp.refuseWith(550);
    const { referralId } = await referralFixture(database.db, worker);
    await drain();
    const key = `email:referral:${referralId}:v1:${cbo.id}`;
    const failed = await database.db.selectFrom('message_deliveries').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^SMTP 550: .*Mailbox unavailable/);

    smtp.refuseWith(null);
    expect(await retryDelivery(database.db, failed.id)).toBe(true);
    expect(await retryDelivery(database.db, failed.id)).toBe(false);
    await drain();
    expect((await database.db.selectFrom('message_deliveries').select('status').where('id', '=', failed.id).executeTakeFirstOrThrow()).status).toBe('sent');
    expect(smtp.received.filter((message) => message.text.includes(referralId))).toHaveLength(1);
  });

  it('a job that keeps failing ends as a dead letter the admin sees and can retry', async () => {
    await enqueueJob(database.db, 'notifications.dispatch', { kind: 'referral.requested', eventKey: 'broken', subjectId: 'not-a-uuid' }, { maxAttempts: 2 });
    await drain();
    await makeRetriesDue();
    await drain();
    const failed = (await listFailedJobs(database.db)).find((job) => job.task === 'notifications.dispatch');
    expect(failed).toMatchObject({ attempts: 2 });
    expect(failed!.lastError).toMatch(/uuid/);
    expect((await queueHealth(database.db)).failed).toBeGreaterThanOrEqual(1);
    expect(await retryFailedJob(database.db, failed!.id)).toBe(true);
    const retried = await sql<{ attempts: number }>`SELECT attempts FROM graphile_worker.jobs WHERE id = ${failed!.id}::bigint`.execute(database.db);
    expect(retried.rows).toEqual([{ attempts: 0 }]);
    await sql`SELECT graphile_worker.complete_jobs(ARRAY[${failed!.id}::bigint])`.execute(database.db);
  });

  it('a job whose object was deleted ends quietly', async () => {
    await enqueueJob(database.db, 'messages.send', { deliveryKey: 'no-such-delivery' });
    await enqueueJob(database.db, 'notifications.dispatch', { kind: 'referral.accepted', eventKey: 'gone', subjectId: '00000000-0000-4000-8000-000000000000' });
    await drain();
    expect(await jobCount('messages.send')).toBe(0);
    expect(await jobCount('notifications.dispatch')).toBe(0);
  });
});

describe('text messages to patients', () => {
  const linkFor = async (patientId: string) => {
    const link = await createSelfScreeningLink(database.db, worker, { patientId, instrumentId: 'hunger-vital-sign', language: 'es' });
    return { link: link!, url: `https://careloop.example.org/s/${link!.token}?lng=es` };
  };

  it('sends the self-screening link through the provider, in the patient’s language, without health details', async () => {
    const patientId = await patientFixture(database.db, worker, { givenName: 'Lucinda', phone: '415-555-0177' });
    const { link, url } = await linkFor(patientId);
    const decision = await sendSelfScreeningLink(database.db, config, worker, { patientId, linkId: link.id, channel: 'sms', url, hours: 72, locale: 'es' });
    expect(decision).toEqual({ ok: true });
    await drain();
    const [message] = sms.sent.filter((sent) => sent.to === '+14155550177');
    expect(message).toMatchObject({ accountSid: ACCOUNT_SID, from: '+14155550000' });
    expect(message.body).toContain(url);
    expect(message.body).toContain('Mission Street Clinic');
    expect(message.body).toContain('72 horas');
    expect(message.body).not.toMatch(/Lucinda|Marquez/);
    expect(message.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
    // The link is a secret: once sent it is not kept with the delivery.
    const delivery = await database.db.selectFrom('message_deliveries').select(['status', 'payload']).where('idempotency_key', '=', `self-screening:${link.id}:sms`).executeTakeFirstOrThrow();
    expect(delivery.status).toBe('sent');
    expect(JSON.stringify(delivery.payload)).not.toContain(link.token);
  });

  it('never texts a patient marked "do not contact" or one who has not agreed', async () => {
    const doNotContact = await patientFixture(database.db, worker, { contactPreference: 'do-not-contact', phone: '415-555-0178' });
    const noConsent = await patientFixture(database.db, worker, { smsConsent: false, phone: '415-555-0179' });
    for (const [patientId, reason] of [
      [doNotContact, 'The patient asked not to be contacted.'],
      [noConsent, 'The patient has not agreed to text messages.'],
    ] as const) {
      const { link, url } = await linkFor(patientId);
      expect(await sendSelfScreeningLink(database.db, config, worker, { patientId, linkId: link.id, channel: 'sms', url, hours: 72, locale: 'es' })).toEqual({ ok: false, reason });
    }
    await drain();
    expect(sms.sent.some((sent) => sent.to === '+14155550178' || sent.to === '+14155550179')).toBe(false);
  });

  it('honours a STOP reply signed by the provider, and refuses an unsigned one', async () => {
    {
      const patientId = await patientFixture(database.db, worker, { phone: '415-555-0181' });
      const params = { From: '+14155550181', To: '+14155550000', Body: ' stop ', MessageSid: `SM${'1'.repeat(32)}` };
      const body = new URLSearchParams(params).toString();
      const post = (signature: string) =>
        new Request('http://internal:3000/api/sms/inbound', {
          method: 'POST',
          body,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(body.length), 'X-Twilio-Signature': signature },
        });
      expect((await call(smsInbound.action, post('forged'))).status).toBe(403);
      expect(await database.db.selectFrom('sms_opt_outs').select('phone').where('phone', '=', '+14155550181').executeTakeFirst()).toBeUndefined();

      const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, 'https://careloop.example.org/api/sms/inbound', params);
      expect((await call(smsInbound.action, post(signature))).status).toBe(200);
      const { link, url } = await linkFor(patientId);
      expect(await sendSelfScreeningLink(database.db, config, worker, { patientId, linkId: link.id, channel: 'sms', url, hours: 72, locale: 'es' })).toEqual({
        ok: false,
        reason: 'The patient replied STOP to our text messages.',
      });
    }
  });

  it('records the provider’s "unsubscribed" refusal as an opt-out and does not retry it', async () => {
    const patientId = await patientFixture(database.db, worker, { phone: '415-555-0182' });
    const { link, url } = await linkFor(patientId);
    sms.failWith({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    await sendSelfScreeningLink(database.db, config, worker, { patientId, linkId: link.id, channel: 'sms', url, hours: 72, locale: 'es' });
    await drain();
    const delivery = await database.db.selectFrom('message_deliveries').selectAll().where('idempotency_key', '=', `self-screening:${link.id}:sms`).executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1 });
    expect(delivery.error).toMatch(/Twilio 21610/);
    expect(await database.db.selectFrom('sms_opt_outs').select('source').where('phone', '=', '+14155550182').executeTakeFirst()).toEqual({ source: 'provider' });
  });
});

describe('a completed self-screening', () => {
  it('tells the worker who sent the link', async () => {
    const patientId = await patientFixture(database.db, worker);
    const link = await createSelfScreeningLink(database.db, worker, { patientId, instrumentId: 'hunger-vital-sign', language: 'en' });
    const submitted = await submitThroughLink(
      database.db,
      link!.token,
      () => ({ answers: { '88122-7': 'LA28397-0', '88123-5': 'LA28398-8' }, problems: [] }),
      'en',
    );
    expect(submitted).toEqual({ ok: true });
    await drain();
    const screening = await database.db.selectFrom('self_screening_links').select('screening_id').where('id', '=', link!.id).executeTakeFirstOrThrow();
    const [notification] = (await notificationsOf(worker.id)).filter((row) => row.kind === 'self-screening.completed');
    expect(notification.link).toBe(`/patients/${patientId}/screenings/${screening.screening_id}`);
  });
});
