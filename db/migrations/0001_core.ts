import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS citext`.execute(db);

  await sql`
    CREATE TABLE organizations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('referring', 'receiving', 'platform')),
      hsds_organization_id uuid UNIQUE,
      response_window_business_days integer NOT NULL DEFAULT 3 CHECK (response_window_business_days > 0),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id),
      email citext NOT NULL UNIQUE,
      full_name text NOT NULL,
      role text NOT NULL CHECK (role IN ('social_worker', 'case_manager', 'cbo_staff', 'org_admin', 'platform_admin')),
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX users_organization_idx ON users (organization_id)`.execute(db);

  await sql`
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);

  await sql`
    CREATE TABLE sign_in_attempts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email_key text NOT NULL,
      client_key text NOT NULL,
      succeeded boolean NOT NULL,
      attempted_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX sign_in_attempts_email_idx ON sign_in_attempts (email_key, attempted_at)`.execute(db);
  await sql`CREATE INDEX sign_in_attempts_client_idx ON sign_in_attempts (client_key, attempted_at)`.execute(db);

  await sql`
    CREATE TABLE patients (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id),
      given_name text NOT NULL,
      family_name text NOT NULL,
      birth_date date NOT NULL,
      postal_code text NOT NULL,
      preferred_language text NOT NULL,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`.execute(db);
  await sql`CREATE INDEX patients_organization_idx ON patients (organization_id, family_name, given_name)`.execute(db);

  await sql`
    CREATE TABLE screenings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id),
      patient_id uuid NOT NULL REFERENCES patients (id),
      instrument text NOT NULL,
      instrument_version text NOT NULL,
      answers jsonb NOT NULL,
      result jsonb NOT NULL,
      administered_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX screenings_patient_idx ON screenings (patient_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE needs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id),
      patient_id uuid NOT NULL REFERENCES patients (id),
      screening_id uuid REFERENCES screenings (id),
      category text NOT NULL,
      status text NOT NULL DEFAULT 'identified' CHECK (status IN ('identified', 'addressed', 'dismissed')),
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX needs_patient_idx ON needs (patient_id)`.execute(db);

  await sql`
    CREATE TABLE consents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id),
      patient_id uuid NOT NULL REFERENCES patients (id),
      shared_with_organization_id uuid NOT NULL REFERENCES organizations (id),
      shared_items text[] NOT NULL,
      method text NOT NULL CHECK (method IN ('verbal', 'written', 'electronic')),
      expires_on date NOT NULL,
      recorded_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE referrals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id),
      receiving_organization_id uuid NOT NULL REFERENCES organizations (id),
      patient_id uuid NOT NULL REFERENCES patients (id),
      need_id uuid NOT NULL REFERENCES needs (id),
      consent_id uuid NOT NULL REFERENCES consents (id),
      service_id uuid NOT NULL,
      service_name text NOT NULL,
      status text NOT NULL CHECK (status IN ('draft', 'requested', 'accepted', 'rejected', 'in-progress',
        'on-hold', 'completed', 'failed', 'cancelled', 'entered-in-error')),
      status_reason text,
      outcome text,
      note text,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`.execute(db);
  await sql`CREATE INDEX referrals_organization_idx ON referrals (organization_id, updated_at)`.execute(db);
  await sql`CREATE INDEX referrals_receiving_idx ON referrals (receiving_organization_id, updated_at)`.execute(db);
  await sql`CREATE INDEX referrals_patient_idx ON referrals (patient_id)`.execute(db);

  await sql`
    CREATE TABLE referral_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      referral_id uuid NOT NULL REFERENCES referrals (id),
      from_status text,
      to_status text NOT NULL,
      reason text,
      outcome text,
      note text,
      actor_user_id uuid NOT NULL REFERENCES users (id),
      actor_organization_id uuid NOT NULL REFERENCES organizations (id),
      created_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`.execute(db);
  await sql`CREATE INDEX referral_events_referral_idx ON referral_events (referral_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE audit_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      user_id uuid NOT NULL REFERENCES users (id),
      organization_id uuid NOT NULL REFERENCES organizations (id),
      patient_id uuid REFERENCES patients (id),
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text,
      request_id text
    )`.execute(db);
  await sql`CREATE INDEX audit_events_patient_idx ON audit_events (patient_id, occurred_at)`.execute(db);
  // The audit trail is append-only: rows can be added, never changed or removed.
  await sql`
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
