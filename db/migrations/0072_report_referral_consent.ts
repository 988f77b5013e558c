import { sql, type Kysely } from 'kysely';

/**
 * A referral whose consent the patient withdrew still counts in every aggregate (it was sent and
 * it ended somehow), but its row no longer leaves the organisation in the row-level export; the
 * incremental refresh finds withdrawals through the index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE report_referral_facts ADD COLUMN consent_withdrawn boolean NOT NULL DEFAULT false`.execute(db);
  await sql`CREATE INDEX consents_withdrawn_idx ON consents (withdrawn_at) WHERE withdrawn_at IS NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
