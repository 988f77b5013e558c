// An organisation's own settings: its time zone (every time on screen), its response window and
// follow-up window in business days, and its holidays. A change that moves due dates moves those of
// the referrals still waiting for its answer.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import type { SessionUser } from '../auth/session.server.js';
import { responseDueAt } from '../referrals/business-days.js';
import { organizationCalendar } from './calendar.server.js';

export interface OrganizationSettings {
  name: string;
  kind: string;
  timeZone: string;
  responseWindowBusinessDays: number;
  followUpBusinessDays: number;
  version: number;
  holidays: Array<{ id: string; date: string; name: string; shared: boolean }>;
}

export async function getOrganizationSettings(db: Database, user: SessionUser): Promise<OrganizationSettings> {
  const [organization, holidays] = await Promise.all([
    db
      .selectFrom('organizations')
      .select(['name', 'kind', 'time_zone', 'response_window_business_days', 'follow_up_business_days', 'version'])
      .where('id', '=', user.organizationId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('holidays')
      .select(['id', 'holiday_on', 'name', 'organization_id'])
      .where((eb) => eb.or([eb('organization_id', 'is', null), eb('organization_id', '=', user.organizationId)]))
      .where('holiday_on', '>=', sql<string>`(now() - interval '1 month')::date`)
      .where('holiday_on', '<=', sql<string>`(now() + interval '18 months')::date`)
      .orderBy('holiday_on')
      .execute(),
  ]);
  return {
    name: organization.name,
    kind: organization.kind,
    timeZone: organization.time_zone,
    responseWindowBusinessDays: organization.response_window_business_days,
    followUpBusinessDays: organization.follow_up_business_days,
    version: organization.version,
    holidays: holidays.map((holiday) => ({ id: holiday.id, date: holiday.holiday_on, name: holiday.name, shared: holiday.organization_id === null })),
  };
}

/** Referrals still waiting for this organisation's answer get the due date its calendar now gives. */
async function recomputeResponseDue(trx: Transaction<DB>, organizationId: string) {
  const calendar = await organizationCalendar(trx, organizationId);
  const waiting = await trx
    .selectFrom('referrals')
    .select(['id', 'created_at'])
    .where('receiving_organization_id', '=', organizationId)
    .where('status', '=', 'requested')
    .execute();
  for (const referral of waiting) {
    await trx
      .updateTable('referrals')
      .set({ response_due_at: responseDueAt(referral.created_at, calendar.responseWindowBusinessDays, calendar.holidays, calendar.timeZone) })
      .where('id', '=', referral.id)
      .execute();
  }
}

export type SettingsResult = { ok: true } | { ok: false; status: 400 | 404 | 409; message: string; field?: string };

export async function saveOrganizationSettings(
  db: Database,
  user: SessionUser,
  input: { timeZone: string; responseWindowBusinessDays: number; followUpBusinessDays: number; version: number },
): Promise<SettingsResult> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('organizations').select(['version']).where('id', '=', user.organizationId).forUpdate().executeTakeFirstOrThrow();
    if (current.version !== input.version) {
      return { ok: false, status: 409, message: 'Someone else changed these settings while you were editing. The form now shows theirs; make your change again.' } as const;
    }
    await trx
      .updateTable('organizations')
      .set({
        time_zone: input.timeZone,
        response_window_business_days: input.responseWindowBusinessDays,
        follow_up_business_days: input.followUpBusinessDays,
        version: sql`version + 1`,
      })
      .where('id', '=', user.organizationId)
      .execute();
    await recomputeResponseDue(trx, user.organizationId);
    return { ok: true } as const;
  });
}

export async function addHoliday(db: Database, user: SessionUser, input: { holidayOn: string; name: string }): Promise<SettingsResult> {
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('holidays')
      .select('id')
      .where('holiday_on', '=', input.holidayOn)
      .where((eb) => eb.or([eb('organization_id', 'is', null), eb('organization_id', '=', user.organizationId)]))
      .executeTakeFirst();
    if (taken) return { ok: false, status: 400, field: 'holidayOn', message: 'That day is already a holiday.' } as const;
    await trx.insertInto('holidays').values({ organization_id: user.organizationId, holiday_on: input.holidayOn, name: input.name }).execute();
    await recomputeResponseDue(trx, user.organizationId);
    return { ok: true } as const;
  });
}

/** Only the organisation's own holidays can be removed; the federal ones are everyone's. */
export async function removeHoliday(db: Database, user: SessionUser, holidayId: string): Promise<SettingsResult> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('holidays').where('id', '=', holidayId).where('organization_id', '=', user.organizationId).executeTakeFirst();
    if (removed.numDeletedRows === 0n) return { ok: false, status: 404, message: 'Not found' } as const;
    await recomputeResponseDue(trx, user.organizationId);
    return { ok: true } as const;
  });
}
