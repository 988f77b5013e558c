import { sql, type Kysely } from 'kysely';

/**
 * Messages to patients (message_deliveries.recipient_patient_id) are patient data: row-level
 * security as on the other patient tables (0032). An organisation sees and queues its own messages;
 * a message of nobody's organisation (an account e-mail before sign-in) can be queued, not read
 * back; the platform role (the worker, the Outbox page) sees all.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE message_deliveries ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY platform_all ON message_deliveries TO careloop_platform USING (true) WITH CHECK (true)`.execute(db);
  await sql`
    CREATE POLICY owner_maintenance ON message_deliveries TO CURRENT_USER
    USING (current_setting('careloop.maintenance', true) = 'on') WITH CHECK (current_setting('careloop.maintenance', true) = 'on')`.execute(db);
  await sql`
    CREATE POLICY own_organization ON message_deliveries FOR SELECT TO careloop_app
    USING (organization_id = careloop_organization())`.execute(db);
  await sql`
    CREATE POLICY own_organization_update ON message_deliveries FOR UPDATE TO careloop_app
    USING (organization_id = careloop_organization()) WITH CHECK (organization_id = careloop_organization())`.execute(db);
  await sql`
    CREATE POLICY own_organization_insert ON message_deliveries FOR INSERT TO careloop_app
    WITH CHECK (organization_id IS NOT DISTINCT FROM careloop_organization())`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
