import { sql, type Kysely } from 'kysely';

/**
 * The rest of HSDS 3.0 (the eight tables the first directory did not keep), listings kept by the
 * organisations that run them (capacity with the SDOH IG's meanings, confirmations, a version per
 * change, fields edited in CareLoop that an import must not overwrite), import provenance, the
 * information given to patients (handouts), and the capacity a referral was sent against.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Capacity: one word per SDOH IG meaning. "limited" still accepted people; "full" had none.
  await sql`ALTER TABLE hsds_services DROP CONSTRAINT hsds_services_capacity_status_check`.execute(db);
  for (const table of ['hsds_services', 'service_search_documents']) {
    await sql`
      UPDATE ${sql.table(table)} SET capacity_status = CASE capacity_status
        WHEN 'available' THEN 'accepting' WHEN 'limited' THEN 'accepting' WHEN 'full' THEN 'no-capacity' ELSE capacity_status END
      WHERE capacity_status IN ('available', 'limited', 'full')`.execute(db);
  }
  await sql`
    ALTER TABLE hsds_services
      ADD CONSTRAINT hsds_services_capacity_status_check
        CHECK (capacity_status IN ('accepting', 'waitlist', 'no-capacity', 'assessment-required', 'unknown')),
      ADD COLUMN capacity_note text CHECK (length(capacity_note) <= 500),
      ADD COLUMN capacity_until date,
      ADD COLUMN capacity_updated_at timestamptz,
      ADD COLUMN last_verified_by uuid REFERENCES users (id) ON DELETE SET NULL,
      ADD COLUMN version integer NOT NULL DEFAULT 1,
      ADD COLUMN updated_at timestamptz`.execute(db);
  // The named zone a service's hours are read in (HSDS gives only a numeric offset per schedule).
  await sql`ALTER TABLE hsds_organizations ADD COLUMN time_zone text`.execute(db);

  const fk = (table: string) => sql.raw(`REFERENCES ${table} (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED`);
  await sql`
    CREATE TABLE hsds_programs (
      id uuid PRIMARY KEY,
      organization_id uuid NOT NULL ${fk('hsds_organizations')},
      name text NOT NULL,
      alternate_name text,
      description text NOT NULL,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_programs_organization_id_idx ON hsds_programs (organization_id)`.execute(db);
  await sql`
    ALTER TABLE hsds_services ADD CONSTRAINT hsds_services_program_id_fkey
      FOREIGN KEY (program_id) REFERENCES hsds_programs (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED`.execute(db);
  await sql`
    CREATE TABLE hsds_contacts (
      id uuid PRIMARY KEY,
      organization_id uuid ${fk('hsds_organizations')},
      service_id uuid ${fk('hsds_services')},
      service_at_location_id uuid ${fk('hsds_service_at_location')},
      location_id uuid ${fk('hsds_locations')},
      name text,
      title text,
      department text,
      email text,
      source_row jsonb NOT NULL
    )`.execute(db);
  for (const column of ['organization_id', 'service_id', 'service_at_location_id', 'location_id']) {
    await sql`CREATE INDEX ${sql.raw(`hsds_contacts_${column}_idx`)} ON hsds_contacts (${sql.raw(column)})`.execute(db);
  }
  await sql`
    ALTER TABLE hsds_phones ADD CONSTRAINT hsds_phones_contact_id_fkey
      FOREIGN KEY (contact_id) REFERENCES hsds_contacts (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED`.execute(db);
  await sql`CREATE INDEX hsds_phones_contact_id_idx ON hsds_phones (contact_id)`.execute(db);
  await sql`
    CREATE TABLE hsds_required_documents (
      id uuid PRIMARY KEY,
      service_id uuid ${fk('hsds_services')},
      document text,
      uri text,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_required_documents_service_id_idx ON hsds_required_documents (service_id)`.execute(db);
  await sql`
    CREATE TABLE hsds_accessibility (
      id uuid PRIMARY KEY,
      location_id uuid ${fk('hsds_locations')},
      description text,
      details text,
      url text,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_accessibility_location_id_idx ON hsds_accessibility (location_id)`.execute(db);
  await sql`
    CREATE TABLE hsds_cost_options (
      id uuid PRIMARY KEY,
      service_id uuid NOT NULL ${fk('hsds_services')},
      valid_from date,
      valid_to date,
      option text,
      currency text,
      amount numeric,
      amount_description text,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_cost_options_service_id_idx ON hsds_cost_options (service_id)`.execute(db);
  await sql`
    CREATE TABLE hsds_organization_identifiers (
      id uuid PRIMARY KEY,
      organization_id uuid NOT NULL ${fk('hsds_organizations')},
      identifier_scheme text,
      identifier_type text NOT NULL,
      identifier text NOT NULL,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_organization_identifiers_organization_id_idx ON hsds_organization_identifiers (organization_id)`.execute(db);
  // metadata points at any HSDS row through resource_id, as attributes do through link_id.
  await sql`
    CREATE TABLE hsds_metadata (
      id uuid PRIMARY KEY,
      resource_id uuid NOT NULL,
      resource_type text NOT NULL,
      last_action_date date NOT NULL,
      last_action_type text NOT NULL,
      field_name text NOT NULL,
      previous_value text NOT NULL,
      replacement_value text NOT NULL,
      updated_by text NOT NULL,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX hsds_metadata_resource_id_idx ON hsds_metadata (resource_id)`.execute(db);
  await sql`
    CREATE TABLE hsds_meta_table_descriptions (
      id uuid PRIMARY KEY,
      name text,
      language text,
      character_set text,
      source_row jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX hsds_taxonomy_terms_code_key ON hsds_taxonomy_terms (code) WHERE code IS NOT NULL`.execute(db);

  // A field changed in CareLoop (field '*': a row made in CareLoop). An import keeps the edited value
  // and reports the conflict until the package carries the same value.
  await sql`
    CREATE TABLE hsds_local_edits (
      resource text NOT NULL,
      row_id uuid NOT NULL,
      field text NOT NULL,
      edited_at timestamptz NOT NULL DEFAULT now(),
      edited_by uuid REFERENCES users (id) ON DELETE SET NULL,
      PRIMARY KEY (resource, row_id, field)
    )`.execute(db);

  // Every change to a listing, with who made it and what changed (field, before, after).
  await sql`
    CREATE TABLE service_listing_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      service_id uuid NOT NULL ${fk('hsds_services')},
      version integer NOT NULL,
      kind text NOT NULL CHECK (kind IN ('edit', 'capacity', 'confirm')),
      changes jsonb NOT NULL,
      changed_by uuid REFERENCES users (id) ON DELETE SET NULL,
      changed_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (service_id, version)
    )`.execute(db);

  // Provenance of every import (and dry run): source, when, by whom, options, counts, problems.
  await sql`
    CREATE TABLE hsds_imports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source text NOT NULL,
      dry_run boolean NOT NULL DEFAULT false,
      skip_invalid boolean NOT NULL DEFAULT false,
      replace boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
      started_by uuid REFERENCES users (id) ON DELETE SET NULL,
      started_by_name text NOT NULL,
      upload_path text,
      progress jsonb NOT NULL DEFAULT '{}',
      counts jsonb NOT NULL DEFAULT '{}',
      removed jsonb NOT NULL DEFAULT '{}',
      problems jsonb NOT NULL DEFAULT '[]',
      problem_count integer NOT NULL DEFAULT 0,
      conflicts jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX hsds_imports_created_at_idx ON hsds_imports (created_at DESC)`.execute(db);

  // Information given to a patient (a handout of services): an intervention the reports count.
  await sql`
    CREATE TABLE information_given (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id),
      patient_id uuid NOT NULL REFERENCES patients (id),
      need_id uuid REFERENCES needs (id),
      given_by uuid NOT NULL REFERENCES users (id),
      channel text NOT NULL CHECK (channel IN ('print', 'email', 'sms')),
      locale text NOT NULL CHECK (locale IN ('en', 'es')),
      given_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX information_given_patient_idx ON information_given (patient_id, given_at DESC)`.execute(db);
  await sql`CREATE INDEX information_given_organization_idx ON information_given (organization_id, given_at)`.execute(db);
  await sql`
    CREATE TABLE information_given_services (
      information_given_id uuid NOT NULL REFERENCES information_given (id) ON DELETE CASCADE,
      position integer NOT NULL,
      service_id uuid NOT NULL,
      service_name text NOT NULL,
      organization_name text NOT NULL,
      PRIMARY KEY (information_given_id, position)
    )`.execute(db);
  await sql`CREATE INDEX information_given_services_service_idx ON information_given_services (service_id)`.execute(db);

  // The target's capacity when the referral was sent, and whether the worker confirmed sending anyway.
  await sql`
    ALTER TABLE referrals
      ADD COLUMN target_capacity_status text,
      ADD COLUMN capacity_confirmed boolean NOT NULL DEFAULT false`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
