import { sql, type Kysely } from 'kysely';

// The append-only rule also covers TRUNCATE, which statement-level UPDATE/DELETE triggers do not see.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
