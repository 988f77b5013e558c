import { sql, type Kysely } from 'kysely';

/**
 * Least privilege and row-level security (docs/decisions/031-row-level-security.md).
 *
 * - careloop_app (every web request) and careloop_platform (jobs, views across organisations) get
 *   SELECT/INSERT/UPDATE/DELETE on CareLoop's tables and nothing else: no TRUNCATE, no DDL, no
 *   UPDATE or DELETE on the audit trail. Tables created by later migrations get the same grants.
 * - Every table with patient data has row-level security, forced also for its owner. careloop_app
 *   sees the rows of the organisation in `careloop.organization_id` (set per connection and
 *   transaction by the data layer from the signed-in request); a receiving organisation sees a
 *   patient's rows only through a referral sent to it and its consent. careloop_platform has explicit
 *   cross-organisation policies. The owner's policies open only with `careloop.maintenance = on`
 *   (migrations, the demo seed).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'careloop_app')
         OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'careloop_platform') THEN
        RAISE EXCEPTION 'The roles careloop_app and careloop_platform must exist before this migration; README.md, "Security model", shows how to create them.';
      END IF;
    END $$`.execute(db);

  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO careloop_app, careloop_platform`.execute(db);
  await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO careloop_app, careloop_platform`.execute(db);
  await sql`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO careloop_app, careloop_platform`.execute(db);
  await sql`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO careloop_app, careloop_platform`.execute(db);
  await sql`REVOKE ALL ON kysely_migration, kysely_migration_lock FROM careloop_app, careloop_platform`.execute(db);
  await sql`REVOKE UPDATE, DELETE ON audit_events FROM careloop_app, careloop_platform`.execute(db);
  await sql`REVOKE ALL ON audit_chain_heads FROM careloop_app, careloop_platform`.execute(db);
  await sql`GRANT SELECT ON audit_chain_heads TO careloop_platform`.execute(db);

  // The organisation (and self-screening link) a query runs for; empty means nobody.
  await sql`
    CREATE FUNCTION careloop_organization() RETURNS uuid LANGUAGE sql STABLE AS $$
      SELECT nullif(current_setting('careloop.organization_id', true), '')::uuid
    $$`.execute(db);
  await sql`
    CREATE FUNCTION careloop_link_token_hash() RETURNS text LANGUAGE sql STABLE AS $$
      SELECT nullif(current_setting('careloop.link_token_hash', true), '')
    $$`.execute(db);

  for (const table of ['patients', 'screenings', 'needs', 'consents', 'referrals', 'referral_events', 'self_screening_links', 'audit_events']) {
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY platform_all ON ${sql.table(table)} TO careloop_platform USING (true) WITH CHECK (true)`.execute(db);
    await sql`
      CREATE POLICY owner_maintenance ON ${sql.table(table)} TO CURRENT_USER
      USING (current_setting('careloop.maintenance', true) = 'on') WITH CHECK (current_setting('careloop.maintenance', true) = 'on')`.execute(db);
  }

  // Referrals: the two organisations it links. Only the referring side creates or removes one.
  await sql`
    CREATE POLICY parties ON referrals FOR SELECT TO careloop_app
    USING (organization_id = careloop_organization() OR receiving_organization_id = careloop_organization())`.execute(db);
  await sql`
    CREATE POLICY parties_update ON referrals FOR UPDATE TO careloop_app
    USING (organization_id = careloop_organization() OR receiving_organization_id = careloop_organization())
    WITH CHECK (organization_id = careloop_organization() OR receiving_organization_id = careloop_organization())`.execute(db);
  await sql`CREATE POLICY referring_insert ON referrals FOR INSERT TO careloop_app WITH CHECK (organization_id = careloop_organization())`.execute(db);
  await sql`CREATE POLICY referring_delete ON referrals FOR DELETE TO careloop_app USING (organization_id = careloop_organization())`.execute(db);

  // A referral's timeline: whoever sees the referral (its policies apply inside the subquery).
  await sql`
    CREATE POLICY parties ON referral_events FOR SELECT TO careloop_app
    USING (referral_id IN (SELECT id FROM referrals))`.execute(db);
  await sql`
    CREATE POLICY parties_insert ON referral_events FOR INSERT TO careloop_app
    WITH CHECK (actor_organization_id = careloop_organization() AND referral_id IN (SELECT id FROM referrals))`.execute(db);

  // Rows of the organisation's own patients.
  for (const table of ['patients', 'screenings', 'needs', 'consents', 'self_screening_links']) {
    await sql`
      CREATE POLICY own_organization ON ${sql.table(table)} TO careloop_app
      USING (organization_id = careloop_organization()) WITH CHECK (organization_id = careloop_organization())`.execute(db);
  }

  // The receiving side: a consent shared with it for a referral it received, and through that
  // referral the patient and the need (which it marks addressed when the service was delivered).
  await sql`
    CREATE POLICY receiving ON consents FOR SELECT TO careloop_app
    USING (shared_with_organization_id = careloop_organization()
           AND EXISTS (SELECT 1 FROM referrals r WHERE r.consent_id = consents.id AND r.receiving_organization_id = careloop_organization()))`.execute(db);
  await sql`
    CREATE POLICY receiving ON patients FOR SELECT TO careloop_app
    USING (EXISTS (SELECT 1 FROM referrals r JOIN consents c ON c.id = r.consent_id
                   WHERE r.patient_id = patients.id AND r.receiving_organization_id = careloop_organization()))`.execute(db);
  await sql`
    CREATE POLICY receiving ON needs FOR SELECT TO careloop_app
    USING (EXISTS (SELECT 1 FROM referrals r WHERE r.need_id = needs.id AND r.receiving_organization_id = careloop_organization()))`.execute(db);
  await sql`
    CREATE POLICY receiving_update ON needs FOR UPDATE TO careloop_app
    USING (EXISTS (SELECT 1 FROM referrals r WHERE r.need_id = needs.id AND r.receiving_organization_id = careloop_organization()))
    WITH CHECK (EXISTS (SELECT 1 FROM referrals r WHERE r.need_id = needs.id AND r.receiving_organization_id = careloop_organization()))`.execute(db);

  // A patient on their own phone: only the link whose token they hold.
  await sql`
    CREATE POLICY link_holder ON self_screening_links FOR SELECT TO careloop_app
    USING (token_hash = careloop_link_token_hash())`.execute(db);
  await sql`
    CREATE POLICY link_holder_update ON self_screening_links FOR UPDATE TO careloop_app
    USING (token_hash = careloop_link_token_hash()) WITH CHECK (token_hash = careloop_link_token_hash())`.execute(db);

  // The audit trail: an organisation reads its own rows and appends to its own chain (or, before
  // anyone is known, e.g. a failed sign-in of an unknown e-mail, to the platform chain).
  await sql`CREATE POLICY own_organization ON audit_events FOR SELECT TO careloop_app USING (organization_id = careloop_organization())`.execute(db);
  await sql`
    CREATE POLICY own_organization_insert ON audit_events FOR INSERT TO careloop_app
    WITH CHECK (organization_id IS NOT DISTINCT FROM careloop_organization())`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
