// kill -9 of `npm start` in the middle of screening submissions and referral changes: the embedded
// PostgreSQL it started is left running (this once made the next start refuse), the next start
// succeeds by itself, and no record is partial.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../app/audit/verify.server';
import { freePort, runningEmbeddedPostgres } from '../../db/embedded';
import { createDatabase } from '../../db/pool';
import { MAINTENANCE_SETTINGS, roleUrls } from '../../db/roles';
import { DEMO_PASSWORD } from '../../db/seed';
import { SERVER_ENTRY } from '../../scripts/http-app';
import { stopChild, waitForHealth } from '../support/server';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-crash-'));
const running: ChildProcess[] = [];

async function start(port: number) {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: { ...process.env, NODE_ENV: undefined, DATABASE_URL: undefined, DATABASE_OWNER_URL: undefined, DATABASE_PLATFORM_URL: undefined, CARELOOP_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  const lines: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  await waitForHealth(`http://localhost:${port}`, child, lines, 180_000);
  return child;
}

afterAll(async () => {
  for (const child of running) await stopChild(child);
  const orphan = runningEmbeddedPostgres(path.join(dataDir, 'postgres'));
  if (orphan) process.kill(Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]), 'SIGINT');
});

/** A browser-like client: cookies kept, forms posted with the page's CSRF token. */
class Browser {
  cookies = new Map<string, string>();
  constructor(readonly base: string) {}
  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair.split('=');
      this.cookies.set(name, value);
    }
  }
  get header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  async get(pathname: string) {
    const response = await fetch(`${this.base}${pathname}`, { headers: { Cookie: this.header }, redirect: 'manual' });
    this.remember(response);
    return { status: response.status, text: await response.text(), location: response.headers.get('location') };
  }
  /** Reads the CSRF token a page's forms carry (the session's, or the sign-in page's own). */
  async tokenFrom(pathname: string) {
    this.token = /name="csrf" value="([^"]*)"/.exec((await this.get(pathname)).text)?.[1] ?? '';
  }
  token = '';
  async post(pathname: string, fields: Record<string, string | string[]>) {
    const body = new URLSearchParams({ csrf: this.token });
    for (const [key, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(key, item);
    const response = await fetch(`${this.base}${pathname}`, {
      method: 'POST',
      body,
      headers: { Cookie: this.header, 'Content-Type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    this.remember(response);
    return { status: response.status, location: response.headers.get('location') };
  }
}

describe('kill -9 of the server', () => {
  it('leaves no partial record, and the next start succeeds by itself', async () => {
    const port = await freePort();
    const first = await start(port);
    const base = `http://localhost:${port}`;

    const worker = new Browser(base);
    await worker.tokenFrom('/login');
    expect((await worker.post('/login', { email: 'sam.rivera@clinic.example', password: DEMO_PASSWORD })).status).toBe(302);
    await worker.tokenFrom('/patients');
    const created = await worker.post('/patients/new', { givenName: 'Crash', familyName: 'Test', birthDate: '1980-01-01', postalCode: '94124', preferredLanguage: 'en', contactPreference: 'do-not-contact' });
    const patientId = created.location!.split('/').pop()!;
    const cbo = new Browser(base);
    await cbo.tokenFrom('/login');
    expect((await cbo.post('/login', { email: 'dee.johnson@bayviewmission.example', password: DEMO_PASSWORD })).status).toBe(302);
    await cbo.tokenFrom('/portal');

    const cluster = runningEmbeddedPostgres(path.join(dataDir, 'postgres'))!;
    const urls = roleUrls(cluster.url, 'careloop');
    const owner = createDatabase(urls.owner, { max: 2, sessionSettings: () => MAINTENANCE_SETTINGS });
    const service = await owner.selectFrom('hsds_services').select('id').where('name', '=', 'BAYVIEW MISSION - Food Pantries').executeTakeFirstOrThrow();
    await owner.destroy();

    let stop = false;
    let accepted = 0;
    const consentEnds = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const screenings = (async () => {
      while (!stop) {
        await worker
          .post(`/patients/${patientId}/screenings/new?instrument=hunger-vital-sign`, { intent: 'submit', '88122-7': 'LA28397-0', '88123-5': 'LA28398-8' })
          .catch(() => undefined);
      }
    })();
    const referred: string[] = [];
    const referrals = (async () => {
      for (let round = 0; !stop; round++) {
        try {
          // A patient of its own each round: one open need per category and patient.
          const registered = await worker.post('/patients/new', {
            givenName: 'Loop',
            familyName: `Round${round}`,
            birthDate: '1970-01-01',
            postalCode: '94124',
            preferredLanguage: 'en',
            contactPreference: 'do-not-contact',
          });
          const loopPatient = registered.location?.split('/').pop();
          if (!loopPatient) continue;
          referred.push(loopPatient);
          await worker.post(`/patients/${loopPatient}/needs/new`, { category: 'food-insecurity', note: 'crash loop' });
          const needId = /\/needs\/([0-9a-f-]{36})/.exec((await worker.get(`/patients/${loopPatient}`)).text)?.[1];
          if (!needId) continue;
          const sent = await worker.post(`/patients/${loopPatient}/needs/${needId}/refer`, {
            serviceId: service.id,
            consentGiven: 'on',
            consentMethod: 'verbal',
            sharedItems: ['identity'],
            consentExpiresOn: consentEnds,
            note: '',
          });
          const referralId = sent.location?.split('/').pop();
          if (referralId && (await cbo.post(`/portal/referrals/${referralId}`, { status: 'accepted', version: '1' })).status === 200) accepted++;
        } catch {
          // the server is gone
        }
      }
    })();

    // Killed while both loops are mid-way, once some referrals have gone all the way round.
    const deadline = Date.now() + 120_000;
    while (accepted < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 300));
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    stop = true;
    await Promise.all([screenings, referrals]);

    // The embedded server outlives the process that started it…
    expect(runningEmbeddedPostgres(path.join(dataDir, 'postgres'))).toBeDefined();
    // …and the next start takes over by itself.
    const second = await start(port);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    const restarted = runningEmbeddedPostgres(path.join(dataDir, 'postgres'))!;
    const after = roleUrls(restarted.url, 'careloop');
    const db = createDatabase(after.owner, { max: 2, sessionSettings: () => MAINTENANCE_SETTINGS });
    try {
      const submitted = await db.selectFrom('screenings').select(['id', 'result']).where('patient_id', '=', patientId).where('status', '=', 'submitted').execute();
      expect(submitted.length).toBeGreaterThan(0);
      // Each submitted screening has its result, its proposed need or its audit row: all or nothing.
      for (const row of submitted) {
        expect(row.result).not.toBeNull();
        const audit = await db.selectFrom('audit_events').select('id').where('entity_id', '=', row.id).where('action', '=', 'create').execute();
        expect(audit.length).toBeGreaterThan(0);
      }
      const { rows: partialReferrals } = await sql<{ id: string }>`
        SELECT r.id FROM referrals r
         -- The referrals this loop sent (the demo's own have follow-ups that change no version).
         WHERE r.patient_id = ANY(${referred}::uuid[]) AND (NOT EXISTS (SELECT 1 FROM consents c WHERE c.id = r.consent_id)
            OR r.version <> (SELECT count(*) FROM referral_events e WHERE e.referral_id = r.id)
            OR r.status <> (SELECT e.to_status FROM referral_events e WHERE e.referral_id = r.id ORDER BY e.created_at DESC LIMIT 1)
            OR NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.entity_id = r.id::text AND a.action = 'create'))`.execute(db);
      expect(partialReferrals).toEqual([]);
      const sentReferrals = await db.selectFrom('referrals').select('status').where('patient_id', 'in', referred).execute();
      expect(sentReferrals.filter((referral) => referral.status === 'accepted').length).toBeGreaterThanOrEqual(2);
      const platform = createDatabase(after.platform, { max: 1 });
      expect(await verifyAuditTrail(platform)).toMatchObject({ ok: true });
      await platform.destroy();
    } finally {
      await db.destroy();
      await stopChild(second);
    }
  }, 400_000);
});
