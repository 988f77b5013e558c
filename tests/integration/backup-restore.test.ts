// `npm run db:backup` and `npm run db:restore` round-trip the whole database, with what this
// machine has (no pg_dump that matches the server).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../app/audit/audit.server';
import { verifyAuditTrail } from '../../app/audit/verify.server';
import * as newPatient from '../../app/routes/patients.new';
import * as screening from '../../app/routes/patients.$patientId.screenings.new';
import { createDatabase } from '../../db/pool';
import { roleUrls } from '../../db/roles';
import { call, postRequest, signInAs, useAppDatabase } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { ownerDatabase, recreateDatabase } from '../support/templates';

let source: TestDatabase;
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-backup-')), 'careloop.backup.gz');

function run(script: 'db-backup' | 'db-restore', target: { appUrl: string; url: string }, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    env: { ...process.env, DATABASE_URL: target.appUrl, DATABASE_OWNER_URL: target.url, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** Every table's rows, as a fingerprint per table (the owner's view, maintenance policies open). */
async function fingerprint(ownerUrl: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("SELECT set_config('careloop.maintenance', 'on', false)");
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_migration%' ORDER BY tablename",
    );
    const result: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ digest: string | null; n: number }>(
        `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest, count(*)::int AS n FROM "${name}" t`,
      );
      result[name] = `${rows[0].n}:${rows[0].digest}`;
    }
    return result;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  source = await useAppDatabase();
  const worker = await signInAs(source, 'sam.rivera@clinic.example');
  const created = await call(
    newPatient.action,
    postRequest('/patients/new', { givenName: 'Zoë', familyName: "O'Brien \\ \"quoted\"\nnewline", birthDate: '1975-05-05', postalCode: '94110', preferredLanguage: 'es', contactPreference: 'do-not-contact' }, worker),
  );
  const patientId = created.location!.split('/').pop()!;
  await call(screening.action, postRequest(`/patients/${patientId}/screenings/new?instrument=hunger-vital-sign`, { intent: 'submit', '88122-7': 'LA28397-0', '88123-5': 'LA28398-8' }, worker), { patientId });
}, 120_000);
afterAll(() => source.drop());

describe('db:backup and db:restore', () => {
  it('round-trip every table into a new database, with its audit chain intact and row-level security forced', async () => {
    const backup = run('db-backup', source, [file]);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up [\d,]+ rows of \d+ tables to /);

    const adminUrl = inject('adminDatabaseUrl');
    const name = `careloop_test_restore_${randomBytes(4).toString('hex')}`;
    await recreateDatabase(adminUrl, name);
    const urls = roleUrls(adminUrl, name);
    try {
      const restore = run('db-restore', { appUrl: urls.app, url: urls.owner }, [file]);
      expect(restore.stderr).toBe('');
      expect(restore.status).toBe(0);
      expect(await fingerprint(urls.owner)).toEqual(await fingerprint(source.url));

      const platform = createDatabase(urls.platform, { max: 1 });
      expect(await verifyAuditTrail(platform)).toMatchObject({ ok: true });
      const check = new pg.Client({ connectionString: urls.owner });
      await check.connect();
      const { rows } = await check.query(
        "SELECT count(*)::int AS n FROM pg_class WHERE relname IN ('patients', 'audit_events') AND relrowsecurity AND relforcerowsecurity",
      );
      await check.end();
      expect(rows).toEqual([{ n: 2 }]);

      // New rows continue the restored sequences and chains.
      const owner = ownerDatabase(adminUrl, name, { max: 1 });
      const user = await owner.selectFrom('users').select(['id', 'organization_id']).where('email', '=', 'sam.rivera@clinic.example').executeTakeFirstOrThrow();
      await recordAudit(owner, { user: { id: user.id, organizationId: user.organization_id }, patientId: null, action: 'read', entityType: 'caseload' });
      expect(await verifyAuditTrail(platform)).toMatchObject({ ok: true });
      await owner.destroy();
      await platform.destroy();
    } finally {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    }
  }, 180_000);

  it('replaces a database that already holds data only when told to', async () => {
    const target = await createTestDatabase('demo');
    try {
      const refused = run('db-restore', target, [file]);
      expect(refused.status).toBe(2);
      expect(refused.stderr.trim()).toBe('db:restore: The database already holds data; add --replace to replace all of it with the backup.');
      const replaced = run('db-restore', target, [file, '--replace']);
      expect(replaced.status).toBe(0);
      expect(await fingerprint(target.url)).toEqual(await fingerprint(source.url));
    } finally {
      await target.drop();
    }
  }, 180_000);

  it('refuses a file that is not a backup, changing nothing', async () => {
    const bogus = path.join(path.dirname(file), 'bogus.gz');
    fs.writeFileSync(bogus, 'not gzip at all');
    const target = await createTestDatabase('demo');
    try {
      const before = await fingerprint(target.url);
      const result = run('db-restore', target, [bogus, '--replace']);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^db:restore: .* is not a CareLoop backup/);
      expect(await fingerprint(target.url)).toEqual(before);
    } finally {
      await target.drop();
    }
  }, 60_000);
});

