import { createHmac } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';

/**
 * CareLoop's database roles. The owner owns the schema and runs migrations; the app (every web
 * request) and the platform role (jobs, views across organisations) hold only the grants and
 * row-level security policies the migrations give them. None is a superuser or has BYPASSRLS.
 */
export const DATABASE_ROLES = {
  owner: 'careloop_owner',
  app: 'careloop_app',
  platform: 'careloop_platform',
} as const;
export type DatabaseRole = keyof typeof DATABASE_ROLES;

/** The owner's setting that opens its maintenance policies (migrations, the demo seed, tests' own checks). */
export const MAINTENANCE_SETTINGS = { 'careloop.maintenance': 'on' } as const;

export interface RoleUrls {
  owner: string;
  app: string;
  platform: string;
}

/**
 * Each role's password, derived from the superuser's: an embedded cluster keeps one secret file,
 * and a restart finds the same passwords.
 */
function rolePassword(superuserPassword: string, role: string): string {
  return createHmac('sha256', superuserPassword).update(`careloop-role:${role}`).digest('base64url');
}

/** Creates (or updates) the three roles on a server where `adminUrl` is a superuser. */
export async function ensureRoles(adminUrl: string): Promise<void> {
  const superuserPassword = decodeURIComponent(new URL(adminUrl).password);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const role of Object.values(DATABASE_ROLES)) {
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const ident = client.escapeIdentifier(role);
      const password = client.escapeLiteral(rolePassword(superuserPassword, role));
      const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${password}`;
      await client.query(exists.rowCount ? `ALTER ROLE ${ident} ${attributes}` : `CREATE ROLE ${ident} ${attributes}`);
    }
  } catch (error) {
    // Two processes setting up the same cluster at once: the other one created the role.
    if ((error as { code?: string }).code !== '23505') throw error;
  } finally {
    await client.end();
  }
}

/** The database's URL for each role, on a server whose superuser is `adminUrl`. */
export function roleUrls(adminUrl: string, database: string): RoleUrls {
  const superuserPassword = decodeURIComponent(new URL(adminUrl).password);
  const urlFor = (role: string) => {
    const url = new URL(adminUrl);
    url.username = role;
    url.password = rolePassword(superuserPassword, role);
    url.pathname = `/${database}`;
    return url.toString();
  };
  return { owner: urlFor(DATABASE_ROLES.owner), app: urlFor(DATABASE_ROLES.app), platform: urlFor(DATABASE_ROLES.platform) };
}

/**
 * Makes the owner role own the database and everything CareLoop created in it: a cluster made
 * before the roles existed had the superuser own it all.
 */
export async function transferOwnership(adminUrl: string, database: string): Promise<void> {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const owner = client.escapeIdentifier(DATABASE_ROLES.owner);
  try {
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(database)} OWNER TO ${owner}`);
    const { rows } = await client.query<{ statement: string }>(
      `SELECT format('ALTER %s %s OWNER TO %I',
                CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                c.oid::regclass, $1::text) AS statement
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND pg_get_userbyid(c.relowner) <> $1
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
       UNION ALL
       SELECT format('ALTER FUNCTION %s OWNER TO %I', p.oid::regprocedure, $1::text)
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> $1
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
      [DATABASE_ROLES.owner],
    );
    for (const { statement } of rows) await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Extensions the migrations use that PostgreSQL does not let a database owner create (they are not
 * "trusted"); the superuser installs them before the owner migrates.
 */
export const SUPERUSER_EXTENSIONS = ['cube', 'earthdistance'] as const;

export async function installExtensions(adminUrl: string, database: string): Promise<void> {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    for (const extension of SUPERUSER_EXTENSIONS) await client.query(`CREATE EXTENSION IF NOT EXISTS ${client.escapeIdentifier(extension)}`);
  } finally {
    await client.end();
  }
}

export interface RoleCheck {
  role: string;
  superuser: boolean;
  bypassRls: boolean;
  ownsTables: boolean;
}

/** What the role behind a connection can do beyond its grants. */
export async function checkRole(url: string): Promise<RoleCheck> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<RoleCheck>(
      `SELECT current_user AS role, r.rolsuper AS superuser, r.rolbypassrls AS "bypassRls",
              EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')) AS "ownsTables"
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

/**
 * The job queue's schema (graphile_worker, which graphile-worker migrates itself, after CareLoop's
 * migrations): the app enqueues in its own transactions (the outbox) and reads the queue's health,
 * the platform role runs the worker. Granted again after every queue migration, which may add objects.
 */
export async function grantJobQueue(db: Kysely<any>): Promise<void> {
  await sql`
    DO $$
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'graphile_worker')
         AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'careloop_app')
         AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'careloop_platform') THEN
        GRANT USAGE ON SCHEMA graphile_worker TO careloop_app, careloop_platform;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA graphile_worker TO careloop_app, careloop_platform;
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA graphile_worker TO careloop_app, careloop_platform;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker TO careloop_app, careloop_platform;
      END IF;
    END $$`.execute(db);
  // graphile-worker turns row-level security on for its tables (the queue is its owner's alone); the
  // two roles get a policy each (job payloads carry ids only, never patient data).
  await sql`
    DO $$
    DECLARE t record;
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'careloop_app') OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'careloop_platform') THEN
        RETURN;
      END IF;
      FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'graphile_worker' AND c.relkind = 'r' AND c.relrowsecurity LOOP
        EXECUTE format('DROP POLICY IF EXISTS careloop_roles ON graphile_worker.%I', t.relname);
        EXECUTE format('CREATE POLICY careloop_roles ON graphile_worker.%I TO careloop_app, careloop_platform USING (true) WITH CHECK (true)', t.relname);
      END LOOP;
    END $$`.execute(db);
}
