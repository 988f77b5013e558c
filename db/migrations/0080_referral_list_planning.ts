import { sql, type Kysely } from 'kysely';

/**
 * What the inbox, the caseload and the worklist need from the planner at a million referrals.
 *
 * The receiving side's row-level security asks, for a consent or a need, whether a referral it
 * received points at it. Without an index on those columns PostgreSQL answers by hashing every
 * referral the organisation received, once per table in each query: with a few thousand referrals
 * in an inbox that alone took longer than the page. With them, each row shown is one index probe.
 *
 * A user belongs to one organisation, so "this organisation's rows assigned to this user" is
 * nearly "this user's rows"; without statistics saying so the planner multiplies the two and
 * expects one row, then joins a worklist of hundreds as if it were one (80 ms instead of 12).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX referrals_consent_idx ON referrals (consent_id)`.execute(db);
  await sql`CREATE INDEX referrals_need_idx ON referrals (need_id)`.execute(db);
  await sql`CREATE STATISTICS follow_up_tasks_assignee_stats (dependencies) ON organization_id, assigned_user_id FROM follow_up_tasks`.execute(db);
  await sql`CREATE STATISTICS referrals_assignee_stats (dependencies) ON organization_id, assigned_user_id FROM referrals`.execute(db);
  await sql`
    CREATE STATISTICS referrals_receiving_assignee_stats (dependencies)
    ON receiving_organization_id, receiving_assigned_user_id FROM referrals`.execute(db);
  await sql`ANALYZE follow_up_tasks, referrals`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
