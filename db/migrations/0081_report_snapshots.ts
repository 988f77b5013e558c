import { sql, type Kysely } from 'kysely';

/**
 * Platform-wide report figures, computed by the job queue and kept: over every organisation's
 * facts (a million referrals) one report takes seconds to compute, so a platform admin reads the
 * last computation, which says when it was made. One row per report page and set of filters, for
 * the reader's day (a measure's windows close by the day). Aggregates only, read and written by
 * the platform role; the application's role has no access at all.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE report_snapshots (
      key text PRIMARY KEY CHECK (length(key) <= 1000),
      page text NOT NULL CHECK (page IN ('screening', 'intervention', 'funnel', 'outcomes')),
      filters jsonb NOT NULL,
      today date NOT NULL,
      figures jsonb NOT NULL,
      -- The facts refresh the figures were computed after (null: none had run).
      facts_refreshed_at timestamptz,
      computed_at timestamptz NOT NULL,
      compute_ms integer NOT NULL,
      read_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX report_snapshots_read_idx ON report_snapshots (read_at)`.execute(db);
  await sql`REVOKE ALL ON report_snapshots FROM careloop_app`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
