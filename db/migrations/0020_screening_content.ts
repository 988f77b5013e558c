import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Official translations of an instrument's wording, loaded by a platform admin, versioned per
  // instrument and language; the latest version is the one used.
  await sql`
    CREATE TABLE instrument_translations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      instrument text NOT NULL,
      language text NOT NULL CHECK (language <> 'en'),
      version integer NOT NULL CHECK (version > 0),
      source text NOT NULL,
      licence text NOT NULL,
      content jsonb NOT NULL,
      uploaded_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (instrument, language, version)
    )`.execute(db);

  // Which wording a screening was shown in, and whether an interpreter read it.
  await sql`
    ALTER TABLE screenings
      ADD COLUMN translation_id uuid REFERENCES instrument_translations (id),
      ADD COLUMN interpreter boolean NOT NULL DEFAULT false`.execute(db);

  // A need names its category's text where the category is unspecified ("Interpersonal Safety"),
  // and the items whose answers are its evidence.
  await sql`
    ALTER TABLE needs
      ADD COLUMN category_text text,
      ADD COLUMN evidence_items text[] NOT NULL DEFAULT '{}'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
