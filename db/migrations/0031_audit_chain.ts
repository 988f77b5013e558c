import { sql, type Kysely } from 'kysely';

/**
 * A tamper-evident audit trail: every row is chained to the one before it in its organisation's
 * chain (platform-level rows, with no organisation, form a chain of their own). The database
 * computes the chain as rows arrive, so no client can choose a row's time, position or hash;
 * `npm run audit:verify` recomputes it independently (app/audit/chain.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE audit_events
      ALTER COLUMN organization_id DROP NOT NULL,
      ADD COLUMN client_address text,
      ADD COLUMN user_agent text,
      ADD COLUMN session_id text,
      ADD COLUMN chain text,
      ADD COLUMN chain_seq bigint,
      ADD COLUMN prev_hash text,
      ADD COLUMN row_hash text`.execute(db);
  await sql`ALTER TABLE audit_events DROP CONSTRAINT audit_events_actor_check`.execute(db);
  await sql`ALTER TABLE audit_events ADD CONSTRAINT audit_events_actor_check CHECK (actor IN ('user', 'patient-link', 'anonymous'))`.execute(db);

  await sql`
    CREATE TABLE audit_chain_heads (
      chain text PRIMARY KEY,
      seq bigint NOT NULL,
      hash text NOT NULL
    )`.execute(db);

  // One field of the canonical text: its length in bytes, a colon and the value; "~" for null.
  await sql`
    CREATE FUNCTION audit_field(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE WHEN value IS NULL THEN '~' ELSE octet_length(value)::text || ':' || value END
    $$`.execute(db);
  await sql`
    CREATE FUNCTION audit_event_canonical(e audit_events) RETURNS text LANGUAGE sql STABLE AS $$
      SELECT concat_ws('|',
        audit_field(e.chain), audit_field(e.chain_seq::text), audit_field(e.prev_hash), audit_field(e.id::text),
        audit_field(to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
        audit_field(e.actor), audit_field(e.user_id::text), audit_field(e.organization_id::text),
        audit_field(e.patient_id::text), audit_field(e.action), audit_field(e.entity_type), audit_field(e.entity_id),
        audit_field(e.request_id), audit_field(e.client_address), audit_field(e.user_agent), audit_field(e.session_id))
    $$`.execute(db);

  // Chains the existing rows, oldest first.
  await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change`.execute(db);
  await sql`
    DO $$
    DECLARE
      r audit_events;
      head_seq bigint;
      head_hash text;
    BEGIN
      FOR r IN SELECT * FROM audit_events ORDER BY id LOOP
        r.chain := coalesce(r.organization_id::text, 'platform');
        SELECT seq, hash INTO head_seq, head_hash FROM audit_chain_heads WHERE chain = r.chain;
        IF NOT FOUND THEN
          head_seq := 0;
          head_hash := repeat('0', 64);
          INSERT INTO audit_chain_heads (chain, seq, hash) VALUES (r.chain, 0, head_hash);
        END IF;
        r.chain_seq := head_seq + 1;
        r.prev_hash := head_hash;
        r.row_hash := encode(sha256(convert_to(audit_event_canonical(r), 'UTF8')), 'hex');
        UPDATE audit_events SET chain = r.chain, chain_seq = r.chain_seq, prev_hash = r.prev_hash, row_hash = r.row_hash WHERE id = r.id;
        UPDATE audit_chain_heads SET seq = r.chain_seq, hash = r.row_hash WHERE chain = r.chain;
      END LOOP;
    END $$`.execute(db);
  await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change`.execute(db);
  // The defaults are placeholders: the chaining trigger below sets all four on every insert.
  await sql`
    ALTER TABLE audit_events
      ALTER COLUMN chain SET NOT NULL, ALTER COLUMN chain SET DEFAULT '',
      ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN chain_seq SET DEFAULT 0,
      ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN prev_hash SET DEFAULT '',
      ALTER COLUMN row_hash SET NOT NULL, ALTER COLUMN row_hash SET DEFAULT ''`.execute(db);
  await sql`CREATE UNIQUE INDEX audit_events_chain_idx ON audit_events (chain, chain_seq)`.execute(db);
  await sql`CREATE INDEX audit_events_organization_idx ON audit_events (organization_id, occurred_at)`.execute(db);
  await sql`CREATE INDEX audit_events_user_idx ON audit_events (user_id, occurred_at)`.execute(db);

  // Runs as the owner: the chain heads are out of every other role's reach. The row lock on the
  // chain's head orders concurrent writers of one organisation; other organisations never wait.
  await sql`
    CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      head_seq bigint;
      head_hash text;
    BEGIN
      NEW.occurred_at := clock_timestamp();
      NEW.chain := coalesce(NEW.organization_id::text, 'platform');
      SELECT seq, hash INTO head_seq, head_hash FROM audit_chain_heads WHERE chain = NEW.chain FOR UPDATE;
      IF NOT FOUND THEN
        INSERT INTO audit_chain_heads (chain, seq, hash) VALUES (NEW.chain, 0, repeat('0', 64)) ON CONFLICT (chain) DO NOTHING;
        SELECT seq, hash INTO head_seq, head_hash FROM audit_chain_heads WHERE chain = NEW.chain FOR UPDATE;
      END IF;
      NEW.chain_seq := head_seq + 1;
      NEW.prev_hash := head_hash;
      NEW.row_hash := encode(sha256(convert_to(audit_event_canonical(NEW), 'UTF8')), 'hex');
      UPDATE audit_chain_heads SET seq = NEW.chain_seq, hash = NEW.row_hash WHERE chain = NEW.chain;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_chain()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
