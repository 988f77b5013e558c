import { sql, type Kysely } from 'kysely';

/**
 * Information given to a patient (a handout) is an intervention in the SNS-E-style measure; the
 * incremental report refresh finds the patients given some since its previous run through the
 * first index, and a worker's own numbers count their handouts through the second.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX information_given_given_at_idx ON information_given (given_at)`.execute(db);
  await sql`CREATE INDEX information_given_given_by_idx ON information_given (given_by, given_at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
