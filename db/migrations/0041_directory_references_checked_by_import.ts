import { sql, type Kysely } from 'kysely';

/**
 * The directory's HSDS references (service → organization, phone → location …) are checked by the
 * importer against the whole package and the directory, row by row with the line of each problem,
 * before anything is written; the foreign keys between hsds_ tables checked them again, one trigger
 * per reference per row, which cost more than half of a 100,000-service import. They go; the indexes
 * on the reference columns stay. Removals sweep what they leave pointing nowhere (see the importer).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ table_name: string; constraint_name: string }>`
    SELECT conrelid::regclass::text AS table_name, conname AS constraint_name
    FROM pg_constraint
    WHERE contype = 'f'
      AND conrelid::regclass::text LIKE 'hsds\\_%'
      AND confrelid::regclass::text LIKE 'hsds\\_%'
    ORDER BY 1, 2`.execute(db);
  for (const row of rows) {
    await sql`ALTER TABLE ${sql.table(row.table_name)} DROP CONSTRAINT ${sql.ref(row.constraint_name)}`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
