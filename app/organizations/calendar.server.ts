// An organisation's working calendar: its time zone, windows in business days, and the holidays it
// observes (every organisation's federal holidays plus its own).
import type { Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import type { IsoDate } from '../referrals/business-days.js';

export interface OrganizationCalendar {
  timeZone: string;
  responseWindowBusinessDays: number;
  followUpBusinessDays: number;
  holidays: Set<IsoDate>;
}

export async function holidaysOf(db: Database | Transaction<DB>, organizationId: string): Promise<Set<IsoDate>> {
  const rows = await db
    .selectFrom('holidays')
    .select('holiday_on')
    .where((eb) => eb.or([eb('organization_id', 'is', null), eb('organization_id', '=', organizationId)]))
    .execute();
  return new Set(rows.map((row) => row.holiday_on));
}

export async function organizationCalendar(db: Database | Transaction<DB>, organizationId: string): Promise<OrganizationCalendar> {
  const [organization, holidays] = await Promise.all([
    db
      .selectFrom('organizations')
      .select(['time_zone', 'response_window_business_days', 'follow_up_business_days'])
      .where('id', '=', organizationId)
      .executeTakeFirstOrThrow(),
    holidaysOf(db, organizationId),
  ]);
  return {
    timeZone: organization.time_zone,
    responseWindowBusinessDays: organization.response_window_business_days,
    followUpBusinessDays: organization.follow_up_business_days,
    holidays,
  };
}
