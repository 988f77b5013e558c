// Least privilege in the database: the roles the app and the platform connect as, and the row-level
// security under them. The first block reproduces what an attack did as the app's connection when
// it was a superuser.
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrate';
import { checkRole } from '../../db/roles';
import { PATIENT_TABLES_OF_LATER_MIGRATIONS } from '../../db/row-level-security';
import { SERVER_ENTRY } from '../../scripts/http-app';
import { createTestDatabase, type TestDatabase } from '../support/db';

let database: TestDatabase;
let clinicId: string;
let otherClinicId: string;
let pantryId: string;
let patientId: string;
let referredPatientId: string;

async function query(url: string, text: string, settings: Record<string, string> = {}) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (const [name, value] of Object.entries(settings)) await client.query('SELECT set_config($1, $2, true)', [name, value]);
    const result = await client.query(text);
    await client.query('COMMIT');
    return result.rows;
  } finally {
    await client.end();
  }
}

const refusal = (url: string, text: string) => query(url, text).then(() => 'allowed', (error: Error) => error.message);

beforeAll(async () => {
  database = await createTestDatabase('demo');
  const organization = (name: string) => database.db.selectFrom('organizations').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  clinicId = (await organization('Mission Street Clinic')).id;
  otherClinicId = (await organization('Bayview Health Center')).id;
  pantryId = (await organization('Bayview Mission')).id;
  const worker = await database.db.selectFrom('users').select('id').where('email', '=', 'sam.rivera@clinic.example').executeTakeFirstOrThrow();
  const patient = (familyName: string) =>
    database.db
      .insertInto('patients')
      .values({ organization_id: clinicId, given_name: 'Ana', family_name: familyName, birth_date: '1990-01-01', postal_code: '94110', preferred_language: 'en', created_by: worker.id })
      .returning('id')
      .executeTakeFirstOrThrow();
  patientId = (await patient('NotReferred')).id;
  referredPatientId = (await patient('Referred')).id;
  const need = await database.db
    .insertInto('needs')
    .values({ organization_id: clinicId, patient_id: referredPatientId, category: 'food-insecurity', created_by: worker.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const consent = await database.db
    .insertInto('consents')
    .values({ organization_id: clinicId, patient_id: referredPatientId, shared_with_organization_id: pantryId, shared_items: ['identity'], method: 'verbal', expires_on: '2099-01-01', recorded_by: worker.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto('referrals')
    .values({
      organization_id: clinicId,
      receiving_organization_id: pantryId,
      patient_id: referredPatientId,
      need_id: need.id,
      need_category: 'food-insecurity',
      consent_id: consent.id,
      service_id: '00000000-0000-4000-8000-000000000000',
      service_name: 'Pantry',
      status: 'requested',
      created_by: worker.id,
    })
    .execute();
});
afterAll(() => database.drop());

describe('the roles', () => {
  it('are neither superuser nor owner, and cannot bypass row-level security', async () => {
    for (const url of [database.appUrl, database.platformUrl]) {
      expect(await checkRole(url)).toMatchObject({ superuser: false, bypassRls: false, ownsTables: false });
    }
    expect(await checkRole(database.url)).toMatchObject({ role: 'careloop_owner', superuser: false, bypassRls: false });
  });

  it.each([
    ['SET LOCAL session_replication_role = replica', /permission denied/],
    ['ALTER TABLE audit_events DISABLE TRIGGER USER', /must be owner/],
    ['DROP TRIGGER audit_events_no_change ON audit_events', /must be owner/],
    ['TRUNCATE audit_events', /permission denied/],
    ['DELETE FROM audit_events', /permission denied/],
    ["UPDATE audit_events SET action = 'read'", /permission denied/],
    ["COPY (SELECT 1) TO PROGRAM 'id'", /permission denied|must be superuser|pg_execute_server_program/],
    ["COPY patients FROM PROGRAM 'id'", /permission denied|must be superuser|pg_execute_server_program/],
    ['ALTER TABLE patients DISABLE ROW LEVEL SECURITY', /must be owner/],
    ['CREATE TABLE stolen (x text)', /permission denied/],
    ['SET ROLE careloop_owner', /permission denied/],
    ['TRUNCATE patients', /permission denied/],
  ])('refuses the app and the platform role: %s', async (statement, expected) => {
    expect(await refusal(database.appUrl, statement)).toMatch(expected);
    expect(await refusal(database.platformUrl, statement)).toMatch(expected);
  });
});

/**
 * The tables that hold patient data: patients, and every table that reaches it through foreign keys
 * (a referral's messages, a screening's answers …) or has a patient_id column.
 */
async function patientDataTables(): Promise<Array<{ table: string; via: string; rls: boolean; forced: boolean; appPolicy: boolean; platformPolicy: boolean }>> {
  return query(
    database.url,
    `WITH RECURSIVE fk AS (
       SELECT conrelid AS child, confrelid AS parent FROM pg_constraint WHERE contype = 'f'
     ), reach (table_oid, via) AS (
       SELECT 'public.patients'::regclass::oid, 'patients'::text
       UNION
       SELECT fk.child, reach.via || ' ← ' || fk.child::regclass::text FROM fk JOIN reach ON fk.parent = reach.table_oid
        WHERE fk.child <> reach.table_oid AND position(fk.child::regclass::text IN reach.via) = 0
     ), patient_tables AS (
       SELECT table_oid, min(via) AS via FROM reach GROUP BY table_oid
       UNION
       SELECT a.attrelid, 'patient_id column' FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE a.attname = 'patient_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
     )
     SELECT c.relname AS table, min(p.via) AS via, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
            EXISTS (SELECT 1 FROM pg_policies pp WHERE pp.tablename = c.relname AND 'careloop_app' = ANY (pp.roles)) AS "appPolicy",
            EXISTS (SELECT 1 FROM pg_policies pp WHERE pp.tablename = c.relname AND 'careloop_platform' = ANY (pp.roles)) AS "platformPolicy"
       FROM patient_tables p JOIN pg_class c ON c.oid = p.table_oid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public'
      GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity
      ORDER BY c.relname`,
  ) as never;
}

describe('row-level security', () => {
  it('is enabled and forced on every table with patient data, with policies for the app and the platform role', async () => {
    const tables = await patientDataTables();
    expect(tables.map((table) => table.table)).toEqual(
      expect.arrayContaining(['audit_events', 'consents', 'needs', 'patients', 'referral_events', 'referrals', 'screenings', 'self_screening_links']),
    );
    const unprotected = tables
      .filter((table) => !table.rls || !table.forced || !table.appPolicy || !table.platformPolicy)
      .map(
        (table) =>
          `${table.table} holds patient data (${table.via}) but lacks ${[!table.rls && 'row-level security', !table.forced && 'FORCE', !table.appPolicy && 'a careloop_app policy', !table.platformPolicy && 'a careloop_platform policy'].filter(Boolean).join(', ')}. ` +
          `In its migration add: ALTER TABLE ${table.table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY; ` +
          `CREATE POLICY own_organization ON ${table.table} TO careloop_app USING (organization_id = careloop_organization()) WITH CHECK (organization_id = careloop_organization()); ` +
          `CREATE POLICY platform_all ON ${table.table} TO careloop_platform USING (true) WITH CHECK (true); ` +
          `CREATE POLICY owner_maintenance ON ${table.table} TO CURRENT_USER USING (current_setting('careloop.maintenance', true) = 'on') WITH CHECK (current_setting('careloop.maintenance', true) = 'on') ` +
          '(docs/decisions/031-row-level-security.md); for a table of a shipped migration numbered after 0039, add it to db/row-level-security.ts instead (docs/decisions/037).',
      );
    expect(unprotected).toEqual([]);
  });

  it('shows a query without the organisation setting nothing, in every table with patient data', async () => {
    const tables = await patientDataTables();
    for (const { table } of tables) {
      const [own] = await query(database.url, `SELECT count(*)::int AS n FROM ${table}`, { 'careloop.maintenance': 'on' });
      const [app] = await query(database.appUrl, `SELECT count(*)::int AS n FROM ${table}`);
      expect({ table, rows: app.n }).toEqual({ table, rows: 0 });
      if (['patients', 'referrals', 'needs', 'consents'].includes(table)) expect(own.n).toBeGreaterThan(0);
    }
    // The owner too sees nothing outside maintenance: the policies are forced on it.
    expect(await query(database.url, 'SELECT count(*)::int AS n FROM patients')).toEqual([{ n: 0 }]);
  });

  it("shows an organisation its own patients, another clinic none, and a receiving organisation only the referred patient", async () => {
    const names = (rows: Array<{ family_name: string }>) => rows.map((row) => row.family_name).sort();
    const sql = 'SELECT family_name FROM patients';
    expect(names(await query(database.appUrl, sql, { 'careloop.organization_id': clinicId }))).toEqual(['NotReferred', 'Referred']);
    expect(names(await query(database.appUrl, sql, { 'careloop.organization_id': otherClinicId }))).toEqual([]);
    expect(names(await query(database.appUrl, sql, { 'careloop.organization_id': pantryId }))).toEqual(['Referred']);
    expect(await query(database.appUrl, `SELECT id FROM patients WHERE id = '${patientId}'`, { 'careloop.organization_id': pantryId })).toEqual([]);
    expect(names(await query(database.platformUrl, sql))).toEqual(['NotReferred', 'Referred']);
  });

  it('gives a table of a later migration that came without policies its row-level security on the next migration run', async () => {
    const [table] = Object.keys(PATIENT_TABLES_OF_LATER_MIGRATIONS);
    // A database migrated before the policies existed.
    await query(database.url, `ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY; DROP POLICY own_organization ON ${table}`);
    expect((await patientDataTables()).find((entry) => entry.table === table)).toMatchObject({ rls: false, forced: false, appPolicy: false });
    await migrateToLatest(database.db);
    expect((await patientDataTables()).find((entry) => entry.table === table)).toMatchObject({ rls: true, forced: true, appPolicy: true, platformPolicy: true });
    expect(await query(database.appUrl, `SELECT count(*)::int AS n FROM ${table}`)).toEqual([{ n: 0 }]);
  });

  it("refuses to write a row into another organisation's name", async () => {
    const insert = `INSERT INTO patients (organization_id, given_name, family_name, birth_date, postal_code, preferred_language, created_by)
                    SELECT '${otherClinicId}', 'X', 'Y', '1990-01-01', '94110', 'en', created_by FROM (SELECT '${clinicId}'::uuid AS o) s, LATERAL (SELECT id AS created_by FROM users LIMIT 1) u`;
    const client = new pg.Client({ connectionString: database.appUrl });
    await client.connect();
    try {
      await client.query("SELECT set_config('careloop.organization_id', $1, false)", [clinicId]);
      await expect(client.query(insert)).rejects.toThrow(/row-level security/);
    } finally {
      await client.end();
    }
  });
});

describe('starting in production', () => {
  it('refuses to connect the app as a superuser', () => {
    const run = spawnSync(process.execPath, [SERVER_ENTRY], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        DATABASE_URL: database.adminUrl,
        DATABASE_OWNER_URL: database.url,
        DATABASE_PLATFORM_URL: database.platformUrl,
        PORT: '3998',
      } as unknown as NodeJS.ProcessEnv,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(
      'careloop: The database role postgres of DATABASE_URL is a superuser and has BYPASSRLS and owns the tables (or is a member of their owner); connect the app as a least-privilege role (README.md, "Security model").',
    );
  });
});
