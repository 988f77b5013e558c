import { sql, type Kysely } from 'kysely';

/**
 * A reminder of an open referral sent to the patient by text or e-mail is an event of the referral,
 * with the channel it went by: the referring side's timeline shows it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE referral_events
      DROP CONSTRAINT referral_events_kind_check,
      ADD CONSTRAINT referral_events_kind_check
        CHECK (kind IN ('status', 'consent-withdrawn', 'assigned', 'task-completed', 'follow-up', 'patient-reminded')),
      ADD COLUMN channel text CHECK (channel IN ('sms', 'email')),
      ADD CONSTRAINT referral_events_reminder_channel CHECK ((kind = 'patient-reminded') = (channel IS NOT NULL))`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
