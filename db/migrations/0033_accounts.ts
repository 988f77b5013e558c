import { sql, type Kysely } from 'kysely';

/** Organisations that run their own users: invitations, password resets, TOTP multi-factor sign-in. */
export async function up(db: Kysely<any>): Promise<void> {
  // IF NOT EXISTS: the time zone is a setting other work may also introduce.
  await sql`ALTER TABLE organizations ADD COLUMN IF NOT EXISTS time_zone text NOT NULL DEFAULT 'America/Los_Angeles'`.execute(db);
  // Named apart from other tables' version columns, so that queries joining users or organisations
  // to them stay unambiguous.
  await sql`
    ALTER TABLE organizations
      ADD COLUMN mfa_required boolean NOT NULL DEFAULT false,
      ADD COLUMN settings_version integer NOT NULL DEFAULT 1`.execute(db);

  await sql`
    ALTER TABLE users
      ADD COLUMN account_version integer NOT NULL DEFAULT 1,
      ADD COLUMN password_changed_at timestamptz,
      -- The TOTP secret, encrypted (AES-256-GCM) with a key the database never sees.
      ADD COLUMN mfa_secret text,
      ADD COLUMN mfa_enabled_at timestamptz,
      -- The last TOTP time step accepted, so that a code works once.
      ADD COLUMN mfa_last_step bigint`.execute(db);

  await sql`
    CREATE TABLE mfa_recovery_codes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      code_hash text NOT NULL,
      used_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX mfa_recovery_codes_user_idx ON mfa_recovery_codes (user_id)`.execute(db);

  await sql`
    CREATE TABLE invitations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id),
      email citext NOT NULL,
      full_name text NOT NULL,
      role text NOT NULL CHECK (role IN ('social_worker', 'case_manager', 'cbo_staff', 'org_admin', 'platform_admin')),
      token_hash text NOT NULL UNIQUE,
      invited_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX invitations_organization_idx ON invitations (organization_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE password_resets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX password_resets_user_idx ON password_resets (user_id)`.execute(db);

  // When the session last proved who is behind it (password, and the TOTP code where enrolled):
  // sensitive actions (exports) ask again after a while.
  await sql`ALTER TABLE sessions ADD COLUMN verified_at timestamptz NOT NULL DEFAULT now()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
