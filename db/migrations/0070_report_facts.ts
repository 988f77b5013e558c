import { sql, type Kysely } from 'kysely';

/**
 * Report facts: one narrow row per screening, positive screen, need and referral, with the
 * organisation's local dates, the patient's age band and demographics at that moment, and the
 * milestones the measures count. They are derived from the source tables by the reports.refresh
 * job (incremental every minute, whole every night), so that a report over a million referrals
 * reads one table instead of replaying every referral's events.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE report_screening_facts (
      screening_id uuid PRIMARY KEY,
      organization_id uuid NOT NULL,
      patient_id uuid NOT NULL,
      administered_by uuid,
      instrument text NOT NULL,
      screened_at timestamptz NOT NULL,
      screened_on date NOT NULL,
      age_band text NOT NULL,
      language text NOT NULL,
      postal_code text NOT NULL,
      race text NOT NULL,
      ethnicity text NOT NULL,
      -- Bit i set: CORE_DOMAINS[i] (food, housing, transportation, utilities, safety), so that a
      -- patient's screenings in a period combine with bit_or.
      domains_screened integer NOT NULL,
      domains_positive integer NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX report_screening_facts_org_idx ON report_screening_facts (organization_id, screened_on)`.execute(db);
  await sql`CREATE INDEX report_screening_facts_on_idx ON report_screening_facts (screened_on)`.execute(db);
  await sql`CREATE INDEX report_screening_facts_patient_idx ON report_screening_facts (patient_id)`.execute(db);

  // One row per screening and core domain it was positive in, with whether an intervention and a
  // completed contact followed within the measures' windows.
  await sql`
    CREATE TABLE report_positive_screens (
      screening_id uuid NOT NULL,
      core_domain text NOT NULL,
      organization_id uuid NOT NULL,
      patient_id uuid NOT NULL,
      screened_at timestamptz NOT NULL,
      screened_on date NOT NULL,
      age_band text NOT NULL,
      language text NOT NULL,
      postal_code text NOT NULL,
      race text NOT NULL,
      ethnicity text NOT NULL,
      intervention_on date,
      contact_on date,
      PRIMARY KEY (screening_id, core_domain)
    )`.execute(db);
  await sql`CREATE INDEX report_positive_screens_org_idx ON report_positive_screens (organization_id, screened_on)`.execute(db);
  await sql`CREATE INDEX report_positive_screens_on_idx ON report_positive_screens (screened_on)`.execute(db);
  await sql`CREATE INDEX report_positive_screens_patient_idx ON report_positive_screens (patient_id)`.execute(db);

  await sql`
    CREATE TABLE report_need_facts (
      need_id uuid PRIMARY KEY,
      organization_id uuid NOT NULL,
      patient_id uuid NOT NULL,
      category text NOT NULL,
      core_domain text,
      identified_on date NOT NULL,
      age_band text NOT NULL,
      language text NOT NULL,
      postal_code text NOT NULL,
      race text NOT NULL,
      ethnicity text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX report_need_facts_org_idx ON report_need_facts (organization_id, identified_on)`.execute(db);
  await sql`CREATE INDEX report_need_facts_on_idx ON report_need_facts (identified_on)`.execute(db);
  await sql`CREATE INDEX report_need_facts_patient_idx ON report_need_facts (patient_id)`.execute(db);

  await sql`
    CREATE TABLE report_referral_facts (
      referral_id uuid PRIMARY KEY,
      organization_id uuid NOT NULL,
      receiving_organization_id uuid,
      managed boolean NOT NULL,
      created_by uuid NOT NULL,
      patient_id uuid NOT NULL,
      need_category text NOT NULL,
      core_domain text,
      sensitive boolean NOT NULL,
      sent_at timestamptz NOT NULL,
      sent_on date NOT NULL,
      accepted_at timestamptz,
      responded_at timestamptz,
      response_due_at timestamptz,
      closed_at timestamptz,
      status text NOT NULL,
      reason text,
      outcome text,
      age_band text NOT NULL,
      language text NOT NULL,
      postal_code text NOT NULL,
      race text NOT NULL,
      ethnicity text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX report_referral_facts_org_idx ON report_referral_facts (organization_id, sent_on, referral_id)`.execute(db);
  await sql`CREATE INDEX report_referral_facts_receiving_idx ON report_referral_facts (receiving_organization_id, sent_on)`.execute(db);
  await sql`CREATE INDEX report_referral_facts_on_idx ON report_referral_facts (sent_on)`.execute(db);
  await sql`CREATE INDEX report_referral_facts_patient_idx ON report_referral_facts (patient_id)`.execute(db);
  await sql`CREATE INDEX report_referral_facts_creator_idx ON report_referral_facts (created_by, sent_on)`.execute(db);

  await sql`
    CREATE TABLE report_refreshes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      mode text NOT NULL CHECK (mode IN ('full', 'incremental')),
      started_at timestamptz NOT NULL,
      finished_at timestamptz NOT NULL,
      patients integer NOT NULL
    )`.execute(db);

  // What changed since the last refresh is found through these.
  await sql`CREATE INDEX referrals_updated_idx ON referrals (updated_at)`.execute(db);
  await sql`CREATE INDEX screenings_updated_idx ON screenings (updated_at)`.execute(db);
  await sql`CREATE INDEX patients_updated_idx ON patients (updated_at)`.execute(db);
  await sql`CREATE INDEX needs_created_idx ON needs (created_at)`.execute(db);
  await sql`CREATE INDEX needs_decided_idx ON needs (decided_at) WHERE decided_at IS NOT NULL`.execute(db);
  // A screening's confirmed needs make its review domains positive.
  await sql`CREATE INDEX needs_screening_idx ON needs (screening_id) WHERE screening_id IS NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
