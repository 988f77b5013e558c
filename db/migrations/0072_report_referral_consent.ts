import { sql, type Kysely } from 'kysely';

/**
 * A referral whose consent the patient withdrew still counts in every aggregate (it was sent and
 * it ended somehow), but its row no longer leaves the organisation in the row-level export; the
 * incremental refresh finds withdrawals through the index.
 *
 * The refresh looks up a patient's referrals for a domain once per positive screen. With only
 * (patient_id) and (sent_on) indexed, the planner combined the two in a bitmap AND, which reads
 * every referral of the whole platform sent in the screen's 30 days on each lookup: quadratic in
 * the platform's size. One index on all three keeps each lookup to the patient's own rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE report_referral_facts ADD COLUMN consent_withdrawn boolean NOT NULL DEFAULT false`.execute(db);
  await sql`CREATE INDEX report_referral_facts_patient_domain_idx ON report_referral_facts (patient_id, core_domain, sent_on)`.execute(db);
  await sql`DROP INDEX report_referral_facts_patient_idx`.execute(db);
  await sql`CREATE INDEX consents_withdrawn_idx ON consents (withdrawn_at) WHERE withdrawn_at IS NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
