import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Patient registry: identifiers, contact details and how the patient wants to be contacted.
  await sql`
    ALTER TABLE patients
      ADD COLUMN mrn text,
      ADD COLUMN phone text,
      ADD COLUMN email text,
      ADD COLUMN address_line text,
      ADD COLUMN city text,
      ADD COLUMN state text,
      ADD COLUMN contact_preference text NOT NULL DEFAULT 'phone'
        CHECK (contact_preference IN ('phone', 'sms', 'email', 'mail', 'do-not-contact')),
      -- The name as the duplicate check compares it (no accents, case, spaces or punctuation),
      -- kept by the application because unaccent() cannot back a generated column.
      ADD COLUMN name_key text NOT NULL DEFAULT ''`.execute(db);
  await sql`UPDATE patients SET name_key = lower(regexp_replace(unaccent(given_name || family_name), '[^[:alnum:]]+', '', 'g'))`.execute(db);
  await sql`CREATE UNIQUE INDEX patients_mrn_idx ON patients (organization_id, mrn) WHERE mrn IS NOT NULL`.execute(db);
  await sql`CREATE INDEX patients_duplicate_idx ON patients (organization_id, name_key, birth_date)`.execute(db);

  // A screening can be saved as a draft and resumed; submitting scores it.
  await sql`
    ALTER TABLE screenings
      ADD COLUMN status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('draft', 'submitted')),
      ADD COLUMN language text NOT NULL DEFAULT 'en',
      ADD COLUMN mode text NOT NULL DEFAULT 'staff' CHECK (mode IN ('staff', 'self')),
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN submitted_at timestamptz,
      ADD COLUMN reviewed_at timestamptz,
      ADD COLUMN version integer NOT NULL DEFAULT 1,
      ALTER COLUMN result DROP NOT NULL,
      ALTER COLUMN administered_by DROP NOT NULL`.execute(db);
  await sql`UPDATE screenings SET submitted_at = created_at`.execute(db);

  // Positive domains are proposed; the worker confirms or dismisses each.
  await sql`ALTER TABLE needs DROP CONSTRAINT needs_status_check`.execute(db);
  await sql`
    ALTER TABLE needs
      ADD CONSTRAINT needs_status_check CHECK (status IN ('proposed', 'identified', 'addressed', 'dismissed')),
      ADD COLUMN domain text,
      ADD COLUMN z_code text,
      ADD COLUMN note text,
      ADD COLUMN source text NOT NULL DEFAULT 'screening' CHECK (source IN ('screening', 'manual')),
      ADD COLUMN decided_by uuid REFERENCES users (id),
      ADD COLUMN decided_at timestamptz`.execute(db);

  // One-time links for a patient to complete a screener on their own phone.
  await sql`
    CREATE TABLE self_screening_links (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token_hash text NOT NULL UNIQUE,
      organization_id uuid NOT NULL REFERENCES organizations (id),
      patient_id uuid NOT NULL REFERENCES patients (id),
      instrument text NOT NULL,
      language text NOT NULL,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      screening_id uuid REFERENCES screenings (id)
    )`.execute(db);
  await sql`CREATE INDEX self_screening_links_patient_idx ON self_screening_links (patient_id)`.execute(db);

  // Audit rows may now come from a patient's own device, with no user behind them.
  await sql`ALTER TABLE audit_events ALTER COLUMN user_id DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE audit_events ADD COLUMN actor text NOT NULL DEFAULT 'user' CHECK (actor IN ('user', 'patient-link'))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
