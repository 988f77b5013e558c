import { sql, type Kysely } from 'kysely';

// The need's category on the referral row itself (a need's category never changes), so that lists
// filter by need without a lookup per referral.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE referrals ADD COLUMN need_category text`.execute(db);
  await sql`UPDATE referrals SET need_category = needs.category FROM needs WHERE needs.id = referrals.need_id`.execute(db);
  await sql`ALTER TABLE referrals ALTER COLUMN need_category SET NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
