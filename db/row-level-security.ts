import { sql, type Kysely, type RawBuilder } from 'kysely';

const OWN = sql`organization_id = careloop_organization()`;
// The referrals policy already lets each side see its own referrals (031).
const THROUGH_REFERRAL = sql`referral_id IN (SELECT id FROM referrals)`;
const MAINTENANCE = sql`current_setting('careloop.maintenance', true) = 'on'`;

/**
 * Row-level security for tables with patient data whose migrations sort after the security
 * migrations (0030–0039) but were written without them: a migration of 0039 cannot reach a table
 * that 0040 creates, and a shipped migration is never edited. Each entry is what that table's
 * migration would have carried (docs/decisions/031, 037); it is applied after every migration run,
 * so a fresh database and an upgraded one end the same. A table created from now on carries its
 * policies in its own migration instead.
 *
 * `app` is the careloop_app policy's condition (USING, and WITH CHECK unless `appCheck` says
 * otherwise: rows both sides of a referral read, but each writes only in its own name); the platform
 * role sees all, and the owner only with careloop.maintenance on, as on every other patient table.
 */
export const PATIENT_TABLES_OF_LATER_MIGRATIONS: Record<string, { app: RawBuilder<unknown>; appCheck?: RawBuilder<unknown> }> = {
  // 0040: information given to a patient (handouts), and the services each one listed.
  information_given: { app: OWN },
  information_given_services: { app: sql`information_given_id IN (SELECT id FROM information_given)` },
  // 0060: the referral workflow. Both sides of a referral read its contact attempts and messages
  // (an internal note only inside its author's organisation); each side writes in its own name.
  patient_merges: { app: OWN },
  follow_up_tasks: { app: OWN },
  referral_contact_attempts: { app: THROUGH_REFERRAL, appCheck: sql`${OWN} AND ${THROUGH_REFERRAL}` },
  referral_messages: { app: sql`${THROUGH_REFERRAL} AND (NOT internal OR ${OWN})`, appCheck: sql`${OWN} AND ${THROUGH_REFERRAL}` },
  referral_reads: { app: THROUGH_REFERRAL },
  // 0070: report facts, derived from patient data. A clinic reads its own; a community organisation
  // also the referral facts of referrals sent to it (its own funnel and outcomes). Written only by
  // the refresh job, as the platform role.
  report_screening_facts: { app: OWN, appCheck: sql`false` },
  report_positive_screens: { app: OWN, appCheck: sql`false` },
  report_need_facts: { app: OWN, appCheck: sql`false` },
  report_referral_facts: { app: sql`${OWN} OR receiving_organization_id = careloop_organization()`, appCheck: sql`false` },
};


/** Idempotent: a table already forced with its three policies is left alone (no lock taken). */
export async function secureLaterPatientTables(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ table: string; forced: boolean; policies: string[] }>`
    SELECT c.relname AS table, c.relrowsecurity AND c.relforcerowsecurity AS forced,
           coalesce((SELECT array_agg(p.policyname::text) FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname), '{}') AS policies
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname = ANY(${Object.keys(PATIENT_TABLES_OF_LATER_MIGRATIONS)}::text[])`.execute(db);
  const pending = rows.filter((row) => !row.forced || !['own_organization', 'platform_all', 'owner_maintenance'].every((name) => row.policies.includes(name)));
  if (pending.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const { table, policies } of pending) {
      const target = sql.table(table);
      await sql`ALTER TABLE ${target} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`.execute(trx);
      if (!policies.includes('own_organization')) {
        const { app, appCheck = app } = PATIENT_TABLES_OF_LATER_MIGRATIONS[table];
        await sql`CREATE POLICY own_organization ON ${target} TO careloop_app USING (${app}) WITH CHECK (${appCheck})`.execute(trx);
      }
      if (!policies.includes('platform_all')) {
        await sql`CREATE POLICY platform_all ON ${target} TO careloop_platform USING (true) WITH CHECK (true)`.execute(trx);
      }
      if (!policies.includes('owner_maintenance')) {
        await sql`CREATE POLICY owner_maintenance ON ${target} TO CURRENT_USER USING (${MAINTENANCE}) WITH CHECK (${MAINTENANCE})`.execute(trx);
      }
    }
  });
}
