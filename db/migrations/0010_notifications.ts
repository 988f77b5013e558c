import { sql, type Kysely } from 'kysely';

/**
 * Background work and notifications. The job queue itself lives in the graphile_worker schema,
 * which graphile-worker migrates on its own (db/migrate.ts runs it after these migrations).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Where e-mail and digests are timed, and which language a person reads their e-mail in.
  await sql`ALTER TABLE organizations ADD COLUMN time_zone text NOT NULL DEFAULT 'America/Los_Angeles'`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'es'))`.execute(db);

  // A patient's agreement to be texted or e-mailed by the organisation; a STOP reply ends texting.
  await sql`
    ALTER TABLE patients
      ADD COLUMN sms_consent_at timestamptz,
      ADD COLUMN email_consent_at timestamptz`.execute(db);
  await sql`
    CREATE TABLE sms_opt_outs (
      phone text PRIMARY KEY,
      opted_out_at timestamptz NOT NULL DEFAULT now(),
      source text NOT NULL CHECK (source IN ('reply', 'provider'))
    )`.execute(db);

  // The in-app list: one row per person per event; the event key makes a retried job harmless.
  await sql`
    CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id),
      organization_id uuid NOT NULL REFERENCES organizations (id),
      event_key text NOT NULL,
      kind text NOT NULL,
      link text NOT NULL,
      params jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      emailed_at timestamptz,
      UNIQUE (event_key, user_id)
    )`.execute(db);
  await sql`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`.execute(db);
  await sql`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE notification_preferences (
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      kind text NOT NULL,
      email text NOT NULL CHECK (email IN ('immediate', 'digest', 'off')),
      PRIMARY KEY (user_id, kind)
    )`.execute(db);

  // Every e-mail and text message CareLoop sends, once per idempotency key: a retried job finds
  // its delivery already sent and does not send again.
  await sql`
    CREATE TABLE message_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      idempotency_key text NOT NULL UNIQUE,
      channel text NOT NULL CHECK (channel IN ('email', 'sms')),
      organization_id uuid REFERENCES organizations (id),
      recipient_user_id uuid REFERENCES users (id),
      recipient_patient_id uuid REFERENCES patients (id),
      kind text NOT NULL,
      payload jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'suppressed')),
      message_id text NOT NULL,
      provider_id text,
      error text,
      attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX message_deliveries_created_idx ON message_deliveries (created_at DESC)`.execute(db);
  await sql`CREATE INDEX message_deliveries_status_idx ON message_deliveries (status, created_at DESC)`.execute(db);

  // Worker processes say they are alive; jobs locked by one that stopped answering are released.
  await sql`
    CREATE TABLE job_workers (
      worker_id text PRIMARY KEY,
      process text NOT NULL,
      started_at timestamptz NOT NULL DEFAULT now(),
      heartbeat_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // Scheduled scans find open referrals past their response window or untouched for long.
  await sql`CREATE INDEX referrals_open_updated_idx ON referrals (updated_at) WHERE status IN ('requested', 'accepted', 'in-progress', 'on-hold')`.execute(db);
  await sql`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
