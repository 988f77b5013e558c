// Whole-database backup and restore with what this machine has: node-postgres and COPY. The
// embedded server ships no pg_dump and the system's is older than the server, so the schema comes
// from the migrations (the backup records which ran) and the data from one consistent snapshot.
import fs from 'node:fs';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { Migrator } from 'kysely';
import { secureLaterPatientTables } from './row-level-security.js';
import { loadMigrations } from './migrate.js';
import { createDatabase } from './pool.js';
import { MAINTENANCE_SETTINGS } from './roles.js';

const FORMAT = 'careloop-backup 1';

export interface BackupManifest {
  format: typeof FORMAT;
  createdAt: string;
  serverVersion: string;
  migrations: string[];
  tables: Array<{ name: string; columns: string[]; rows: number }>;
}

/** The backup cannot be made or restored as asked; the message says why. Nothing was changed. */
export class BackupError extends Error {
  override name = 'BackupError';
}

async function connect(url: string) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  await client.query("SELECT set_config('careloop.maintenance', 'on', false)");
  return client;
}

/** CareLoop's tables (the public schema's), parents before children, so that a restore satisfies every foreign key as it goes. */
async function tablesInLoadOrder(client: pg.Client): Promise<Array<{ name: string; columns: string[] }>> {
  const { rows: tables } = await client.query<{ name: string; columns: string[] }>(
    `SELECT c.relname::text AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      GROUP BY c.relname ORDER BY c.relname`,
  );
  const { rows: links } = await client.query<{ child: string; parent: string }>(
    `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint
      WHERE contype = 'f' AND NOT condeferrable AND conrelid <> confrelid`,
  );
  const ordered: typeof tables = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((table) => !placed.has(table.name) && links.every((link) => link.child !== table.name || placed.has(link.parent)));
    if (ready.length === 0) throw new Error('The tables reference each other in a cycle; a backup cannot order them.');
    for (const table of ready) {
      ordered.push(table);
      placed.add(table.name);
    }
  }
  return ordered;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Writes the whole database (as the owner, maintenance policies open) to a gzip file: a header
 * line, the manifest, then each table's rows in COPY text format, each ended by "\.".
 */
export async function backupDatabase(ownerUrl: string, file: string): Promise<BackupManifest> {
  const client = await connect(ownerUrl);
  const partial = `${file}.partial`;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = (await tablesInLoadOrder(client)).filter((table) => !table.name.startsWith('kysely_migration'));
    const migrations = (await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name')).rows.map((row) => row.name);
    const serverVersion = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v;
    const counted = [];
    for (const table of tables) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quote(table.name)}`);
      counted.push({ ...table, rows: Number(rows[0].n) });
    }
    const manifest: BackupManifest = { format: FORMAT, createdAt: new Date().toISOString(), serverVersion, migrations, tables: counted };
    const gzip = createGzip();
    const written = pipeline(gzip, fs.createWriteStream(partial, { mode: 0o600 }));
    gzip.write(`${FORMAT}\n${JSON.stringify(manifest)}\n`);
    for (const table of counted) {
      gzip.write(`TABLE ${table.name}\n`);
      const stream = client.query(copyTo(`COPY (SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)}) TO STDOUT`));
      for await (const chunk of stream) if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once('drain', resolve));
      gzip.write('\\.\n');
    }
    gzip.end();
    await written;
    await client.query('COMMIT');
    fs.renameSync(partial, file);
    return manifest;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    await client.end();
  }
}

/** The manifest of a backup file, without restoring it. */
export async function readManifest(file: string): Promise<BackupManifest> {
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  try {
    const header = await iterator.next();
    if (header.value !== FORMAT) throw new BackupError(`${file} is not a CareLoop backup.`);
    return JSON.parse((await iterator.next()).value) as BackupManifest;
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} is not a CareLoop backup (${(error as Error).message}).`);
  } finally {
    lines.close();
  }
}

/**
 * Restores a backup into the database (as its owner), in one transaction: the schema is migrated to
 * the backup's migrations if the database has none yet, every table is emptied and reloaded, the
 * sequences continue after the restored rows, and later migrations then run. A database whose
 * migrations differ from the backup's is refused.
 */
export async function restoreDatabase(ownerUrl: string, file: string): Promise<BackupManifest> {
  const manifest = await readManifest(file);
  const known = Object.keys(await loadMigrations());
  const unknown = manifest.migrations.filter((name) => !known.includes(name));
  if (unknown.length) throw new BackupError(`The backup needs migrations this version of CareLoop does not have (${unknown.join(', ')}); restore it with the version that made it.`);

  const db = createDatabase(ownerUrl, { max: 1, sessionSettings: () => MAINTENANCE_SETTINGS });
  try {
    const migrations = await loadMigrations();
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const applied = (await migrator.getMigrations()).filter((migration) => migration.executedAt).map((migration) => migration.name);
    if (applied.length === 0 && manifest.migrations.length > 0) {
      const { error } = await migrator.migrateTo(manifest.migrations.at(-1)!);
      if (error) throw error;
      await secureLaterPatientTables(db);
    } else if (applied.join() !== manifest.migrations.join()) {
      throw new BackupError(
        `This database's migrations (${applied.at(-1) ?? 'none'}) differ from the backup's (${manifest.migrations.at(-1) ?? 'none'}); restore into an empty database.`,
      );
    }
  } finally {
    await db.destroy();
  }

  const client = await connect(ownerUrl);
  try {
    await client.query('BEGIN');
    const names = manifest.tables.map((table) => quote(table.name));
    // The audit trail's own triggers refuse emptying it and would re-chain its rows: off while its rows come back as they were.
    await client.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
    await client.query(`TRUNCATE ${names.join(', ')}`);
    const forced = (
      await client.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relforcerowsecurity`,
      )
    ).rows.map((row) => row.name);
    // COPY FROM refuses a table whose row-level security applies to the one copying.
    for (const name of forced) await client.query(`ALTER TABLE ${quote(name)} NO FORCE ROW LEVEL SECURITY`);

    const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    let copying: ReturnType<typeof copyFrom> | undefined;
    let copied: Promise<void> | undefined;
    let index = 0;
    for await (const line of lines) {
      index++;
      if (index <= 2) continue;
      if (!copying) {
        const table = manifest.tables.find((candidate) => `TABLE ${candidate.name}` === line);
        if (!table) throw new BackupError(`The backup is damaged near line ${index}.`);
        copying = client.query(copyFrom(`COPY ${quote(table.name)} (${table.columns.map(quote).join(', ')}) FROM STDIN`));
        copied = new Promise<void>((resolve, reject) => {
          copying!.on('finish', resolve);
          copying!.on('error', reject);
        });
        continue;
      }
      if (line === '\\.') {
        copying.end();
        await copied;
        copying = undefined;
        continue;
      }
      if (!copying.write(`${line}\n`)) await new Promise((resolve) => copying!.once('drain', resolve));
    }
    if (copying) throw new BackupError('The backup ends in the middle of a table; it is incomplete.');

    for (const name of forced) await client.query(`ALTER TABLE ${quote(name)} FORCE ROW LEVEL SECURITY`);
    await client.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
    // Identity and serial columns go on after the highest restored value.
    await client.query(`
      DO $$
      DECLARE s record;
      BEGIN
        FOR s IN SELECT d.refobjid::regclass AS tbl, a.attname AS col, d.objid::regclass AS seq
                   FROM pg_depend d JOIN pg_class c ON c.oid = d.objid AND c.relkind = 'S'
                   JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                  WHERE d.deptype IN ('a', 'i') LOOP
          EXECUTE format('SELECT setval(%L, coalesce((SELECT max(%I) FROM %s), 0) + 1, false)', s.seq, s.col, s.tbl);
        END LOOP;
      END $$`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
  return manifest;
}
