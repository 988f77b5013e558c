import type { Kysely } from 'kysely';

// Filled in by the directory work: the HSDS 3.0 tables and the need → taxonomy mapping.
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
