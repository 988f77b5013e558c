import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './pool.js';
import { hashPassword } from '../app/auth/password.server.js';
import { randomUUID } from 'node:crypto';
import { importHsdsDatapackage } from '../app/directory/hsds-import.server.js';
import { HSDS_RESOURCE_BY_NAME } from '../app/directory/hsds-spec.js';
import { enqueueJob } from '../app/jobs/outbox.server.js';
import { runQueuedJobs } from '../app/jobs/worker.server.js';
import { refreshReportFacts } from '../app/reports/refresh.server.js';
import { generateDemoHistory } from './report-history.js';
import type { ServiceSearchEngine } from '../search/port.js';
import { seedActivity } from './seed-activity.js';

export const DEMO_PASSWORD = 'careloop-demo';
// By way of the project folder: this module also runs compiled, from build/.
export const DEMO_DIRECTORY = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'db', 'seed-data', 'sf211-hsds3');

type Role = 'social_worker' | 'case_manager' | 'cbo_staff' | 'org_admin' | 'platform_admin';
interface DemoUser {
  email: string;
  fullName: string;
  role: Role;
}
interface DemoOrganization {
  name: string;
  kind: 'referring' | 'receiving' | 'platform';
  /** For a community organisation: its organisation's name in the SF 211 directory. */
  directoryName?: string;
  users: DemoUser[];
}

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    name: 'CareLoop Operations',
    kind: 'platform',
    users: [{ email: 'admin@careloop.example', fullName: 'Pat Operator', role: 'platform_admin' }],
  },
  {
    name: 'Mission Street Clinic',
    kind: 'referring',
    users: [
      { email: 'sam.rivera@clinic.example', fullName: 'Sam Rivera', role: 'social_worker' },
      { email: 'casey.lee@clinic.example', fullName: 'Casey Lee', role: 'case_manager' },
      { email: 'alex.kim@clinic.example', fullName: 'Alex Kim', role: 'org_admin' },
    ],
  },
  {
    name: 'Bayview Health Center',
    kind: 'referring',
    users: [{ email: 'jordan.price@bayviewhealth.example', fullName: 'Jordan Price', role: 'social_worker' }],
  },
  {
    name: 'Chinese Christian Mission Food Pantry',
    kind: 'receiving',
    directoryName: 'CHINESE CHRISTIAN MISSION FOOD PANTRY',
    users: [{ email: 'mei.wong@ccmpantry.example', fullName: 'Mei Wong', role: 'cbo_staff' }],
  },
  {
    name: 'Centro Latino de San Francisco',
    kind: 'receiving',
    directoryName: 'CENTRO LATINO DE SAN FRANCISCO',
    users: [{ email: 'lucia.ortiz@centrolatino.example', fullName: 'Lucía Ortiz', role: 'cbo_staff' }],
  },
  {
    name: 'Bayview Mission',
    kind: 'receiving',
    directoryName: 'BAYVIEW MISSION',
    users: [{ email: 'dee.johnson@bayviewmission.example', fullName: 'Dee Johnson', role: 'cbo_staff' }],
  },
  {
    name: 'SF Human Services Agency — CalFresh',
    kind: 'receiving',
    directoryName: 'CITY AND COUNTY OF SAN FRANCISCO HUMAN SERVICES AGENCY CALFRESH',
    users: [{ email: 'calfresh.team@sfhsa.example', fullName: 'Robin Chen', role: 'cbo_staff' }],
  },
];

export async function databaseIsEmpty(db: Database): Promise<boolean> {
  const row = await db.selectFrom('organizations').select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow();
  return row.count === 0;
}

/**
 * Loads the SF 211 directory, the demo organisations and one account per role; with `activity`,
 * also the demo's patients and referrals (db/seed-activity.ts), which the test templates leave out;
 * with `history`, a past year of screenings and closed referrals for the reports.
 */
export async function seedDemo(
  db: Database,
  onProgress: (message: string) => void = () => {},
  searchEngine?: ServiceSearchEngine,
  options: { activity?: boolean; history?: boolean } = {},
): Promise<void> {
  const summary = await importHsdsDatapackage(db, DEMO_DIRECTORY, { onProgress });
  // Index the directory now, so the demo searches from its first page.
  await runQueuedJobs({ db, searchEngine }, ['search.sync-services']);
  onProgress(`Directory: ${summary.counts.services ?? 0} services imported and indexed.`);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await db.transaction().execute(async (trx) => {
    for (const organization of DEMO_ORGANIZATIONS) {
      let hsdsOrganizationId: string | null = null;
      if (organization.directoryName) {
        const match = await trx
          .selectFrom('hsds_organizations')
          .select('id')
          .where('name', '=', organization.directoryName)
          .orderBy('id')
          .executeTakeFirst();
        if (!match) throw new Error(`The demo directory has no organisation named ${organization.directoryName}.`);
        hsdsOrganizationId = match.id;
      }
      const { id } = await trx
        .insertInto('organizations')
        .values({ name: organization.name, kind: organization.kind, hsds_organization_id: hsdsOrganizationId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('users')
        .values(
          organization.users.map((user) => ({
            organization_id: id,
            email: user.email,
            full_name: user.fullName,
            role: user.role,
            password_hash: passwordHash,
          })),
        )
        .execute();
    }
  });
  onProgress(`Demo organisations and accounts created (password "${DEMO_PASSWORD}").`);
  await addDemoHours(db);
  await runQueuedJobs({ db, searchEngine }, ['search.sync-services']);
  if (options.activity) await seedActivity(db, onProgress);
  if (options.history) {
    await generateDemoHistory(db);
    onProgress('A past year of screenings and closed referrals added for the reports.');
  }
  await refreshReportFacts(db, { mode: 'full' });
}

/**
 * SF 211 gives hours as free text only; the demo's community organisations get weekly hours
 * (weekdays 9–5, Saturday mornings) as if their staff had entered them, so cards show "Open now".
 */
async function addDemoHours(db: Database): Promise<void> {
  const services = await db
    .selectFrom('hsds_services')
    .innerJoin('organizations', 'organizations.hsds_organization_id', 'hsds_services.organization_id')
    .select('hsds_services.id')
    .where('organizations.kind', '=', 'receiving')
    .execute();
  const fields = HSDS_RESOURCE_BY_NAME.get('schedule')!.fields.map((field) => field.name);
  const rows = services.flatMap(({ id: serviceId }) =>
    [
      { byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '17:00' },
      { byday: 'SA', opens_at: '10:00', closes_at: '13:00' },
    ].map((hours) => {
      const row: Record<string, string | null> = Object.fromEntries(fields.map((field) => [field, null]));
      Object.assign(row, { id: randomUUID(), service_id: serviceId, freq: 'WEEKLY', ...hours });
      return row;
    }),
  );
  if (rows.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('hsds_schedules')
      .values(rows.map((row) => ({ id: row.id!, service_id: row.service_id, freq: row.freq, byday: row.byday, opens_at: row.opens_at, closes_at: row.closes_at, source_row: JSON.stringify(row) })))
      .execute();
    await trx
      .insertInto('hsds_local_edits')
      .values(rows.map((row) => ({ resource: 'schedule', row_id: row.id!, field: '*' })))
      .execute();
    // The search index learns the hours, for "open now".
    await enqueueJob(trx, 'search.sync-services', { serviceIds: services.map((service) => service.id) });
  });
}

export function demoAccounts(): Array<{ email: string; role: Role; organization: string }> {
  return DEMO_ORGANIZATIONS.flatMap((organization) =>
    organization.users.map((user) => ({ email: user.email, role: user.role, organization: organization.name })),
  );
}
