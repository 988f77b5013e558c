// Background-work benchmark (`npm run bench`): what the transactional outbox adds to a business
// write, and how long a notification takes from the write to a real SMTP server on loopback,
// with the worker running as in `npm start`. Prints a table and writes bench-results/jobs.json.
import fs from 'node:fs';
import os from 'node:os';
import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import { getUserSession, type SessionUser } from '../app/auth/session.server.js';
import { parseConfig } from '../app/config.server.js';
import { queueNotification } from '../app/jobs/outbox.server.js';
import { startWorker } from '../app/jobs/worker.server.js';
import { createChannels } from '../app/notifications/channels.server.js';
import { createReferral, patientConsent } from '../app/referrals/referrals.server.js';
import { addManualNeed } from '../app/screening/screenings.server.js';
import { createPatient } from '../app/patients/patients.server.js';
import { createUserSession } from '../app/auth/session.server.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrateToLatest } from '../db/migrate.js';
import { createDatabase, type Database } from '../db/pool.js';
import { seedDemo } from '../db/seed.js';
import { startSmtpServer } from '../tests/support/smtp.js';
import { databaseUrl, recreateDatabase } from '../tests/support/templates.js';

const WRITES = 600;
const RATE_PER_SECOND = 50;
const DELIVERY_WRITES = 500;

interface Distribution {
  what: string;
  n: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

function distribution(what: string, samples: number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
  const round = (ms: number) => Number(ms.toFixed(2));
  return { what, n: sorted.length, p50Ms: round(at(0.5)), p95Ms: round(at(0.95)), maxMs: round(sorted[sorted.length - 1]) };
}

async function userSession(db: Database, email: string): Promise<SessionUser> {
  const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const cookie = (await createUserSession(new Request('http://bench'), user.id, db)).split(';')[0];
  return (await getUserSession(new Request('http://bench', { headers: { Cookie: cookie } }), db))!.user;
}

/** The business write of a status change: the referral row and its timeline event, with or without its outbox job. */
async function statusWrite(db: Database, referralId: string, actor: SessionUser, withOutbox: boolean): Promise<number> {
  const started = performance.now();
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('referrals')
      .set({ updated_at: sql`now()`, version: sql`version + 1` })
      .where('id', '=', referralId)
      .returning('version')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('referral_events')
      .values({ referral_id: referralId, from_status: 'accepted', to_status: 'accepted', actor_user_id: actor.id, actor_organization_id: actor.organizationId })
      .execute();
    if (withOutbox) {
      await queueNotification(trx, { kind: 'bench.no-listener', eventKey: `bench:${referralId}:v${row.version}`, subjectId: referralId, actorUserId: actor.id });
    }
  });
  return performance.now() - started;
}

// The domain functions read the process configuration (sessions are signed).
process.env.SESSION_SECRET ??= 'bench-session-secret-0123456789abcdef';
process.env.LOG_LEVEL ??= 'warn';

const server = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: '.data/bench-postgres', fast: true });
const adminUrl = process.env.DATABASE_URL ?? server!.url;
await recreateDatabase(adminUrl, 'careloop_bench_jobs');
const db = createDatabase(databaseUrl(adminUrl, 'careloop_bench_jobs'), { max: 20 });
const smtp = await startSmtpServer();
try {
  await migrateToLatest(db);
  await seedDemo(db);
  const config = parseConfig({ ...process.env, SMTP_URL: smtp.url });
  const worker = await userSession(db, 'sam.rivera@clinic.example');
  const cbo = await userSession(db, 'dee.johnson@bayviewmission.example');
  const serviceId = (
    await db
      .selectFrom('hsds_services')
      .innerJoin('organizations', 'organizations.hsds_organization_id', 'hsds_services.organization_id')
      .select('hsds_services.id')
      .where('organizations.name', '=', 'Bayview Mission')
      .executeTakeFirstOrThrow()
  ).id;

  async function newReferral(index: number): Promise<{ referralId: string; committedAt: number; writeMs: number }> {
    const patient = await createPatient(
      db,
      worker,
      { givenName: 'Bench', familyName: `Patient${index}`, birthDate: '1980-01-01', postalCode: '94124', preferredLanguage: 'en', contactPreference: 'phone', phone: '415-555-0100', smsConsent: false, emailConsent: false },
      { allowDuplicate: true },
    );
    if (!patient.ok) throw new Error('bench patient');
    const need = await addManualNeed(db, worker, patient.patient.id, { category: 'food-insecurity', note: '' });
    if (!need.ok) throw new Error('bench need');
    const started = performance.now();
    const referral = await createReferral(db, worker, {
      patientId: patient.patient.id,
      needId: need.needId,
      serviceId,
      consent: patientConsent(['identity', 'need'], '2099-12-31'),
      note: '',
      replacesReferralId: null,
      confirmDuplicate: true,
    });
    const committedAt = Date.now();
    if (!referral.ok) throw new Error('bench referral');
    return { referralId: referral.referralId, committedAt, writeMs: performance.now() - started };
  }

  // 1. What the outbox adds to a write: the same status-change transaction with and without its job, interleaved.
  const target = await newReferral(-1);
  const withJob: number[] = [];
  const withoutJob: number[] = [];
  for (let i = 0; i < 50; i++) await statusWrite(db, target.referralId, cbo, i % 2 === 0);
  for (let i = 0; i < WRITES; i++) {
    if (i % 2 === 0) withJob.push(await statusWrite(db, target.referralId, cbo, true));
    else withoutJob.push(await statusWrite(db, target.referralId, cbo, false));
  }
  await sql`DELETE FROM graphile_worker._private_jobs`.execute(db);

  // 2. From the write to the SMTP server: referrals created at RATE_PER_SECOND with the worker running.
  const running = await startWorker({ db, config, channels: createChannels(config), concurrency: config.WORKER_CONCURRENCY });
  const writes: Array<{ referralId: string; committedAt: number; writeMs: number }> = [];
  const started = Date.now();
  for (let i = 0; i < DELIVERY_WRITES; i++) {
    const due = started + (i * 1000) / RATE_PER_SECOND;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    writes.push(await newReferral(i));
  }
  const deadline = Date.now() + 60_000;
  const arrived = () => writes.filter((write) => smtp.received.some((mail) => mail.text.includes(write.referralId))).length;
  while (arrived() < writes.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await running.stop();
  const seconds = (Date.now() - started) / 1000;
  const latencies = writes.flatMap((write) => {
    const mail = smtp.received.find((message) => message.text.includes(write.referralId));
    return mail ? [mail.receivedAt - write.committedAt] : [];
  });

  // Baseline: the same e-mail sent straight from the request, no queue (what the write would wait for).
  const direct = nodemailer.createTransport(smtp.url);
  const directSends: number[] = [];
  for (let i = 0; i < 200; i++) {
    const sendStarted = performance.now();
    await direct.sendMail({ from: config.MAIL_FROM, to: 'dee.johnson@bayviewmission.example', subject: 'Baseline', text: `direct ${i}` });
    directSends.push(performance.now() - sendStarted);
  }

  const rows = [
    distribution('status-change write, with its outbox job', withJob),
    distribution('status-change write, no job (baseline)', withoutJob),
    distribution('referral write (incl. outbox job) at 50/s', writes.map((write) => write.writeMs)),
    distribution('write → e-mail at the SMTP server, via the queue', latencies),
    distribution('one SMTP send from the request, no queue (baseline)', directSends),
  ];
  const outboxP95Cost = Number((rows[0].p95Ms - rows[1].p95Ms).toFixed(2));
  console.log(`\nBackground jobs — ${os.cpus().length} cores; ${writes.length} referrals at ${RATE_PER_SECOND}/s over ${seconds.toFixed(1)} s, worker concurrency ${config.WORKER_CONCURRENCY}`);
  console.table(rows);
  console.log(`Outbox job adds ${outboxP95Cost} ms to the write's p95 (target ≤ 2 ms).`);
  console.log(`Delivered ${latencies.length} of ${writes.length} e-mails; p95 ${(rows[3].p95Ms / 1000).toFixed(2)} s from the write (target ≤ 5 s).`);
  fs.mkdirSync('bench-results', { recursive: true });
  fs.writeFileSync(
    'bench-results/jobs.json',
    `${JSON.stringify({ measuredAt: new Date().toISOString(), cores: os.cpus().length, ratePerSecond: RATE_PER_SECOND, delivered: latencies.length, writes: writes.length, outboxP95CostMs: outboxP95Cost, rows }, null, 2)}\n`,
  );
} finally {
  await smtp.close();
  await db.destroy();
  await server?.stop();
}
