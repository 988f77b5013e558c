// Screenings, needs and referrals placed at chosen moments, made through the domain functions the
// app uses and then dated back, for report measures counted by hand.
import { sql } from 'kysely';
import type { SessionUser } from '../../app/auth/session.server.js';
import { responseDueAt } from '../../app/referrals/business-days.js';
import { changeReferralStatus, createReferral, patientConsent, recordFollowUpResult } from '../../app/referrals/referrals.server.js';
import type { FollowUpResult } from '../../app/referrals/follow-up.js';
import { organizationCalendar } from '../../app/organizations/calendar.server.js';
import type { ReferralStatus } from '../../app/referrals/lifecycle.js';
import type { CoreDomain } from '../../app/reports/measures.js';
import { addManualNeed, decideNeed, saveScreening } from '../../app/screening/screenings.server.js';
import { giveHandout } from '../../app/directory/handout.server.js';
import { loadNeedContext } from '../../app/directory/need-context.server.js';
import { getServiceDetails } from '../../app/directory/service-details.server.js';
import type { ItemAnswer } from '../../app/screening/instrument.js';
import type { Database } from '../../db/pool.js';
import { receivingServiceId } from './fixtures.js';
export { unmanagedService as unmanagedServiceId } from '../../db/seed-activity.js';

const OFTEN_TRUE = 'LA28397-0';
const NEVER_TRUE = 'LA28398-8';

/** AHC HRSN answers with every core domain answered, positive in the given ones. */
export function ahcAnswers(positive: readonly CoreDomain[]): Record<string, ItemAnswer> {
  const is = (domain: CoreDomain) => positive.includes(domain);
  const safety = is('safety') ? 'LA6482-9' : 'LA6270-8';
  return {
    '71802-3': is('housing') ? 'LA31994-9' : 'LA31993-1',
    '96778-6': ['LA9-3'],
    '88122-7': is('food') ? OFTEN_TRUE : NEVER_TRUE,
    '88123-5': is('food') ? OFTEN_TRUE : NEVER_TRUE,
    '93030-5': is('transportation') ? 'LA33-6' : 'LA32-8',
    '96779-4': is('utilities') ? 'LA33-6' : 'LA32-8',
    '95618-5': safety,
    '95617-7': safety,
    '95616-9': safety,
    '95615-1': safety,
  };
}

/** A submitted screening dated `at`, with the needs it proposed dated the same. */
export async function screeningAt(
  db: Database,
  user: SessionUser,
  patientId: string,
  at: string,
  screening: { instrument: 'ahc-hrsn' | 'hunger-vital-sign' | 'prapare'; answers: Record<string, ItemAnswer> },
): Promise<string> {
  const saved = await saveScreening(db, { kind: 'user', user }, {
    patientId,
    instrumentId: screening.instrument,
    answers: screening.answers,
    intent: 'submit',
    language: 'en',
    mode: 'staff',
  });
  if (!saved.ok) throw new Error(`screening fixture: ${saved.message}`);
  await sql`UPDATE screenings SET created_at = ${at}, submitted_at = ${at} WHERE id = ${saved.screeningId}`.execute(db);
  await sql`UPDATE needs SET created_at = ${at} WHERE screening_id = ${saved.screeningId}`.execute(db);
  return saved.screeningId;
}

/** The patient's open need in a category: a proposed one is confirmed, else one is added by hand, dated `at`. */
export async function confirmedNeed(db: Database, user: SessionUser, patientId: string, category: string, at: string): Promise<string> {
  const proposed = await db
    .selectFrom('needs')
    .select(['id', 'status'])
    .where('patient_id', '=', patientId)
    .where('category', '=', category)
    .where('status', 'in', ['proposed', 'identified'])
    .executeTakeFirst();
  if (proposed?.status === 'identified') return proposed.id;
  if (proposed) {
    const decided = await decideNeed(db, user, patientId, proposed.id, 'confirm');
    if (!decided.ok) throw new Error(`need fixture: ${decided.message}`);
    return proposed.id;
  }
  const added = await addManualNeed(db, user, patientId, { category, note: '' });
  if (!added.ok) throw new Error(`need fixture: ${added.message}`);
  await sql`UPDATE needs SET created_at = ${at} WHERE id = ${added.needId}`.execute(db);
  return added.needId;
}

/**
 * A referral for the need, sent at `at` to the demo's Bayview Mission food pantry (or `serviceId`),
 * its response due as the workflow would have set it on that day (the receiving side's business
 * days and holidays).
 */
export async function referralAt(db: Database, user: SessionUser, patientId: string, needId: string, at: string, serviceId?: string): Promise<string> {
  const referral = await createReferral(db, user, {
    patientId,
    needId,
    serviceId: serviceId ?? (await receivingServiceId(db)),
    consent: patientConsent(['identity', 'need'], '2099-12-31'),
    note: '',
    replacesReferralId: null,
    confirmDuplicate: true,
  });
  if (!referral.ok) throw new Error(`referral fixture: ${referral.message}`);
  const { receiving_organization_id: receiving } = await db
    .selectFrom('referrals')
    .select('receiving_organization_id')
    .where('id', '=', referral.referralId)
    .executeTakeFirstOrThrow();
  let dueAt: Date | null = null;
  if (receiving) {
    const calendar = await organizationCalendar(db, receiving);
    dueAt = responseDueAt(new Date(at), calendar.responseWindowBusinessDays, calendar.holidays, calendar.timeZone);
  }
  await sql`UPDATE referrals SET created_at = ${at}, response_due_at = ${dueAt} WHERE id = ${referral.referralId}`.execute(db);
  await sql`UPDATE referral_events SET created_at = ${at} WHERE referral_id = ${referral.referralId}`.execute(db);
  return referral.referralId;
}

/** One status change on a referral, dated `at`, with its coded reason (or delivered service). */
export async function moveReferral(
  db: Database,
  user: SessionUser,
  referralId: string,
  status: ReferralStatus,
  at: string,
  details: { reasonCode?: string; reason?: string; side?: 'referring' | 'receiving' } = {},
): Promise<void> {
  const { version } = await db.selectFrom('referrals').select('version').where('id', '=', referralId).executeTakeFirstOrThrow();
  const changed = await changeReferralStatus(db, user, referralId, {
    status,
    reasonCode: details.reasonCode ?? '',
    reason: details.reason ?? '',
    note: '',
    version,
    side: details.side ?? 'receiving',
  });
  if (!changed.ok) throw new Error(`status fixture: ${changed.message}`);
  await sql`
    UPDATE referral_events SET created_at = ${at}
    WHERE id = (SELECT id FROM referral_events WHERE referral_id = ${referralId} ORDER BY created_at DESC LIMIT 1)`.execute(db);
}

/** What the patient said about an unmanaged referral, recorded by the referring side at `at`. */
export async function followUpAt(db: Database, user: SessionUser, referralId: string, result: FollowUpResult, at: string): Promise<void> {
  const { version } = await db.selectFrom('referrals').select('version').where('id', '=', referralId).executeTakeFirstOrThrow();
  const recorded = await recordFollowUpResult(db, user, referralId, { result, note: '', version });
  if (!recorded.ok) throw new Error(`follow-up fixture: ${recorded.message}`);
  // Every step it made happened now, after the dated-back history.
  await sql`UPDATE referral_events SET created_at = ${at} WHERE referral_id = ${referralId} AND created_at > ${at}`.execute(db);
}

/** A printed handout of the demo food pantry's service for the need, given at `at` (now when left out). */
export async function informationGivenAt(db: Database, user: SessionUser, patientId: string, needId: string, at?: string): Promise<string> {
  const context = await loadNeedContext(db, user, patientId, needId);
  if (!context) throw new Error('handout fixture: need not found');
  const services = await getServiceDetails(db, [await receivingServiceId(db)]);
  const given = await giveHandout(db, { appUrl: 'http://localhost' }, user, { context, services, channel: 'print', texts: [] });
  if (!given.ok) throw new Error(`handout fixture: ${given.message}`);
  if (at) await sql`UPDATE information_given SET given_at = ${at} WHERE id = ${given.informationGivenId}`.execute(db);
  return given.informationGivenId;
}
