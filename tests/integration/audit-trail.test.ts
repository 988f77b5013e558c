// The audit trail proves itself: every row is chained by the database as it arrives, and
// `npm run audit:verify` finds the first altered, inserted or missing row.
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../app/audit/audit.server';
import { verifyAuditTrail } from '../../app/audit/verify.server';
import { getDb } from '../../app/db.server';
import { runInRequestContext, updateRequestContext } from '../../app/request-context.server';
import * as patientsIndex from '../../app/routes/patients._index';
import { createDatabase } from '../../db/pool';
import { call, getRequest, signInAs, useAppDatabase } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';

let database: TestDatabase;
let clinic: { id: string; userId: string };

beforeAll(async () => {
  database = await useAppDatabase();
  const user = await database.db.selectFrom('users').select(['id', 'organization_id']).where('email', '=', 'sam.rivera@clinic.example').executeTakeFirstOrThrow();
  clinic = { id: user.organization_id, userId: user.id };
});
afterAll(() => database.drop());

const verify = (url: string) => {
  const platform = createDatabase(url, { max: 1 });
  return verifyAuditTrail(platform).finally(() => platform.destroy());
};

/** `npm run audit:verify` against a test database. */
function runVerify(target: TestDatabase) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
    env: { ...process.env, DATABASE_URL: target.appUrl, DATABASE_PLATFORM_URL: target.platformUrl, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** Runs SQL as the server's superuser, who can do anything the roles cannot: how a trail is tampered with. */
async function asSuperuser(target: TestDatabase, statements: string[]) {
  const client = new pg.Client({ connectionString: target.adminUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    for (const statement of statements) await client.query(statement);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

describe('the hash chain', () => {
  it('is written by the database as the app audits, and recomputes to the same hashes', async () => {
    const worker = await signInAs(database, 'sam.rivera@clinic.example');
    expect((await call(patientsIndex.loader, getRequest('/patients', worker))).status).toBe(200);
    const rows = await database.db.selectFrom('audit_events').select(['chain', 'chain_seq', 'prev_hash', 'row_hash']).where('chain', '=', clinic.id).orderBy('chain_seq').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ chain_seq: '1', prev_hash: '0'.repeat(64) });
    expect(await verify(database.platformUrl)).toMatchObject({ ok: true });
  });

  it('stays one unbroken chain per organisation when many requests audit at once', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        runInRequestContext({ requestId: `parallel-${index}` }, async () => {
          updateRequestContext({ organizationId: clinic.id, userId: clinic.userId });
          await recordAudit(getDb(), { user: { id: clinic.userId, organizationId: clinic.id }, patientId: null, action: 'read', entityType: 'caseload' });
        }),
      ),
    );
    const result = await verify(database.platformUrl);
    expect(result).toMatchObject({ ok: true });
    const positions = await database.db.selectFrom('audit_events').select('chain_seq').where('chain', '=', clinic.id).orderBy('chain_seq').execute();
    expect(positions.map((row) => Number(row.chain_seq))).toEqual(positions.map((_, index) => index + 1));
  });

  it('cannot be given a time, position or hash by whoever inserts the row', async () => {
    await database.db
      .insertInto('audit_events')
      .values({
        organization_id: clinic.id,
        user_id: clinic.userId,
        patient_id: null,
        action: 'read',
        entity_type: 'caseload',
        occurred_at: '2001-01-01T00:00:00Z',
        chain: 'someone-else',
        chain_seq: '1',
        prev_hash: 'x',
        row_hash: 'y',
      })
      .execute();
    const row = await database.db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(row.chain).toBe(clinic.id);
    expect(row.occurred_at.getUTCFullYear()).toBeGreaterThan(2001);
    expect(row.row_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verify(database.platformUrl)).toMatchObject({ ok: true });
  });
});

describe('refused access', () => {
  it("is audited for the person who asked: another organisation's patient answers 404 and leaves a row", async () => {
    const { id: patientId } = await database.db
      .insertInto('patients')
      .values({ organization_id: clinic.id, given_name: 'Ana', family_name: 'Lopez', birth_date: '1990-01-01', postal_code: '94110', preferred_language: 'en', created_by: clinic.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const stranger = await signInAs(database, 'jordan.price@bayviewhealth.example');
    const { loader } = await import('../../app/routes/patients.$patientId._index');
    expect((await call(loader, getRequest(`/patients/${patientId}`, stranger), { patientId })).status).toBe(404);
    const portal = await import('../../app/routes/portal._index');
    expect((await call(portal.loader, getRequest('/portal', stranger))).status).toBe(404);
    const rows = await database.db
      .selectFrom('audit_events')
      .select(['action', 'entity_type', 'entity_id', 'patient_id'])
      .where('user_id', '=', stranger.userId)
      .where('action', '=', 'refused')
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { action: 'refused', entity_type: 'page', entity_id: `GET /patients/${patientId}`, patient_id: null },
      { action: 'refused', entity_type: 'page', entity_id: 'GET /portal', patient_id: null },
    ]);
  });
});

/** A fresh database whose clinic has three audit rows. */
async function trailOfThree() {
  const fresh = await createTestDatabase('demo');
  const user = await fresh.db.selectFrom('users').select(['id', 'organization_id']).where('email', '=', 'casey.lee@clinic.example').executeTakeFirstOrThrow();
  for (let index = 0; index < 3; index += 1) {
    await recordAudit(fresh.db, { user: { id: user.id, organizationId: user.organization_id }, patientId: null, action: 'read', entityType: 'caseload' });
  }
  return { fresh, user };
}

describe('npm run audit:verify', () => {
  let target: TestDatabase;
  const ids: string[] = [];
  beforeAll(async () => {
    target = await createTestDatabase('demo');
    const user = await target.db.selectFrom('users').select(['id', 'organization_id']).where('email', '=', 'casey.lee@clinic.example').executeTakeFirstOrThrow();
    for (let index = 0; index < 5; index += 1) {
      await recordAudit(target.db, { user: { id: user.id, organizationId: user.organization_id }, patientId: null, action: 'read', entityType: 'caseload', entityId: `view-${index}` });
    }
    const rows = await target.db.selectFrom('audit_events').select('id').orderBy('id').execute();
    ids.push(...rows.map((row) => row.id));
  });
  afterAll(() => target.drop());

  it('says the trail is intact and exits 0', () => {
    const run = runVerify(target);
    expect(run.stdout.trim()).toBe('audit:verify: The audit trail is intact: 5 rows in 1 chain.');
    expect(run.status).toBe(0);
  });

  it('names the first altered row and exits 1', async () => {
    await asSuperuser(target, [`UPDATE audit_events SET entity_id = 'view-x' WHERE id = ${ids[2]}`]);
    const run = runVerify(target);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^audit:verify: The audit trail of Mission Street Clinic was altered: row ${ids[2]} \\(position 3, .*\\) no longer matches its hash\\.`));
    await asSuperuser(target, [`UPDATE audit_events SET entity_id = 'view-2' WHERE id = ${ids[2]}`]);
    expect(runVerify(target).status).toBe(0);
  });

  it('names a missing row and exits 1', async () => {
    await asSuperuser(target, [`DELETE FROM audit_events WHERE id = ${ids[1]}`]);
    const run = runVerify(target);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^audit:verify: The audit trail of Mission Street Clinic is missing rows: 1 row is missing before row ${ids[2]} \\(position 3`));
  });

  it('names rows missing at the end and exits 1', async () => {
    const { fresh } = await trailOfThree();
    try {
      const last = await fresh.db.selectFrom('audit_events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
      await asSuperuser(fresh, [`DELETE FROM audit_events WHERE id = ${last.id}`]);
      const run = runVerify(fresh);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/is missing rows: 1 row is missing after row \d+ \(position 2, .*\), at the end\./);
    } finally {
      await fresh.drop();
    }
  });

  it('names an inserted row and exits 1', async () => {
    const { fresh, user } = await trailOfThree();
    try {
      // A forged copy of the second row, slipped in beside it with the triggers off.
      await asSuperuser(fresh, [
        'DROP INDEX audit_events_chain_idx',
        `INSERT INTO audit_events (organization_id, user_id, action, entity_type, entity_id, chain, chain_seq, prev_hash, row_hash, occurred_at)
           SELECT organization_id, user_id, action, entity_type, 'forged', chain, chain_seq, prev_hash, row_hash, occurred_at
             FROM audit_events WHERE chain_seq = 2 AND chain = '${user.organization_id}'`,
      ]);
      const forged = await fresh.db.selectFrom('audit_events').select('id').where('entity_id', '=', 'forged').executeTakeFirstOrThrow();
      const run = runVerify(fresh);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(
        new RegExp(`^audit:verify: A row was inserted into the audit trail of Mission Street Clinic: row ${forged.id} \\(position 2, .*\\) does not follow the row before it\\.`),
      );
    } finally {
      await fresh.drop();
    }
  });
});
