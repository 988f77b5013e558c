import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Sign-in counters for rate-limiter-flexible (its PostgreSQL store's own layout); keys are hashes.
  await sql`
    CREATE TABLE sign_in_limits (
      key varchar(255) PRIMARY KEY,
      points integer NOT NULL DEFAULT 0,
      expire bigint
    )`.execute(db);
  await sql`DROP TABLE sign_in_attempts`.execute(db);

  // Expired sessions are purged; these find them.
  await sql`CREATE INDEX IF NOT EXISTS sessions_expires_idx ON sessions (expires_at)`.execute(db);
  await sql`CREATE INDEX sessions_last_seen_idx ON sessions (last_seen_at)`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN last_sign_in_at timestamptz`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
