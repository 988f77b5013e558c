import { sql, type Kysely } from 'kysely';

/**
 * "Open now" in search: each indexed service carries the quarter hours of the week in which it is
 * open, counted in UTC (0 = Monday 00:00). The index job writes them; a daily refresh keeps them
 * in step with daylight saving and monthly schedules. The PostgreSQL engine's index is emptied, so
 * that the next start rebuilds it with them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE search_services ADD COLUMN open_slots smallint[] NOT NULL DEFAULT '{}'`.execute(db);
  await sql`ALTER TABLE search_service_needs ADD COLUMN open_slots smallint[] NOT NULL DEFAULT '{}'`.execute(db);
  await sql`TRUNCATE search_services CASCADE`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible.');
}
