// The demo's life: about forty patients of Mission Street Clinic, screened, with referrals in every
// status over the last 90 days — overdue and stuck ones, unmanaged ones, messages, contact
// attempts and follow-up tasks. Made through the domain functions the app uses, then dated back.
// Loaded by `npm start` and `npm run db:seed` on an empty database, never into the test templates.
import { sql } from 'kysely';
import type { Database } from './pool.js';
import type { SessionUser } from '../app/auth/session.server.js';
import { sessionUserOf } from '../app/auth/session-user.server.js';
import { organizationCalendar } from '../app/organizations/calendar.server.js';
import { createPatient } from '../app/patients/patients.server.js';
import { assignPatient } from '../app/referrals/assignment.server.js';
import { responseDueAt } from '../app/referrals/business-days.js';
import { logContactAttempt, postMessage } from '../app/referrals/conversation.server.js';
import { changeReferralStatus, createReferral, patientConsent, recordFollowUpResult } from '../app/referrals/referrals.server.js';
import { createTask } from '../app/referrals/tasks.server.js';
import { decideNeed, saveScreening } from '../app/screening/screenings.server.js';

const GIVEN = ['María', 'José', 'Ana', 'Luis', 'Mei', 'Wei', 'Thanh', 'Linh', 'Fatima', 'Omar', 'Grace', 'Darnell', 'Keisha', 'Tomás', 'Lucía', 'Samuel', 'Rosa', 'Hector', 'Aaliyah', 'Jamal'];
const FAMILY = ['Hernández', 'Nguyen', 'Chen', 'Washington', 'Okafor', 'Ramírez', 'Tran', 'Lee', 'Jackson', 'Morales', 'Wong', 'Haddad', 'Brooks', 'Flores', 'Pham', 'Alvarez', 'Kim', 'Johnson', 'Ortiz', 'Lopez'];
const LANGUAGES = ['es', 'en', 'zh', 'vi', 'en', 'es', 'en', 'ar'] as const;
const ZIPS = ['94124', '94110', '94112', '94103', '94134'];
const DAY = 24 * 60 * 60 * 1000;

async function serviceOf(db: Database, organizationName: string, like = '%'): Promise<string> {
  const row = await db
    .selectFrom('hsds_services')
    .innerJoin('hsds_organizations', 'hsds_organizations.id', 'hsds_services.organization_id')
    .select('hsds_services.id')
    .where('hsds_organizations.name', '=', organizationName)
    .where('hsds_services.name', 'ilike', like)
    .orderBy('hsds_services.id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A food service whose organisation is not on CareLoop. */
export async function unmanagedService(db: Database, offset = 0): Promise<string> {
  const row = await db
    .selectFrom('hsds_services')
    .innerJoin('hsds_organizations', 'hsds_organizations.id', 'hsds_services.organization_id')
    .leftJoin('organizations', 'organizations.hsds_organization_id', 'hsds_organizations.id')
    .select('hsds_services.id')
    .where('organizations.id', 'is', null)
    .where('hsds_services.name', 'ilike', '%food%')
    .orderBy('hsds_services.id')
    .offset(offset)
    .executeTakeFirstOrThrow();
  return row.id;
}

function must<T extends { ok: boolean }>(result: T, what: string): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`Demo activity: ${what} failed: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

/**
 * Spreads a referral's story over time: its events, messages and attempts, `stepHours` apart from
 * `start`, and the referral's own dates (sent, answered, closed, last activity, answer due) after them.
 */
async function dateBack(db: Database, referralId: string, start: Date, stepHours: number) {
  const at = (index: number) => new Date(start.getTime() + index * stepHours * 3600 * 1000 + (index % 3) * 17 * 60 * 1000);
  const events = await db.selectFrom('referral_events').select(['id', 'from_status', 'to_status', 'kind']).where('referral_id', '=', referralId).orderBy('created_at').execute();
  const attempts = await db.selectFrom('referral_contact_attempts').select('id').where('referral_id', '=', referralId).orderBy('created_at').execute();
  const messages = await db.selectFrom('referral_messages').select('id').where('referral_id', '=', referralId).orderBy('created_at').execute();
  let step = 0;
  for (const event of events) await db.updateTable('referral_events').set({ created_at: at(step++) }).where('id', '=', event.id).execute();
  for (const attempt of attempts) {
    const when = at(step++);
    await db.updateTable('referral_contact_attempts').set({ attempted_at: when, created_at: when }).where('id', '=', attempt.id).execute();
  }
  for (const message of messages) await db.updateTable('referral_messages').set({ created_at: at(step++) }).where('id', '=', message.id).execute();
  const last = at(Math.max(0, step - 1));
  const referral = await db.selectFrom('referrals').select(['status', 'receiving_organization_id', 'consent_id']).where('id', '=', referralId).executeTakeFirstOrThrow();
  const answered = events.find((event) => event.from_status === 'requested');
  let due: Date | null = null;
  if (referral.receiving_organization_id) {
    const calendar = await organizationCalendar(db, referral.receiving_organization_id);
    due = responseDueAt(start, calendar.responseWindowBusinessDays, calendar.holidays, calendar.timeZone);
  }
  const closed = ['rejected', 'completed', 'failed', 'cancelled'].includes(referral.status);
  await db
    .updateTable('referrals')
    .set({
      created_at: start,
      updated_at: last,
      last_activity_at: last,
      response_due_at: due,
      responded_at: answered ? at(events.indexOf(answered)) : null,
      closed_at: closed ? last : null,
    })
    .where('id', '=', referralId)
    .execute();
  await db.updateTable('consents').set({ created_at: start }).where('id', '=', referral.consent_id).execute();
  await db.updateTable('follow_up_tasks').set({ created_at: start }).where('referral_id', '=', referralId).execute();
  await db.updateTable('follow_up_tasks').set({ completed_at: last }).where('referral_id', '=', referralId).where('status', '=', 'done').execute();
  await db.updateTable('referral_reads').set({ read_at: last }).where('referral_id', '=', referralId).execute();
}

export async function seedActivity(db: Database, onProgress: (message: string) => void = () => {}): Promise<void> {
  const sam = await sessionUserOf(db, { email: 'sam.rivera@clinic.example' });
  const casey = await sessionUserOf(db, { email: 'casey.lee@clinic.example' });
  const dee = await sessionUserOf(db, { email: 'dee.johnson@bayviewmission.example' });
  const mei = await sessionUserOf(db, { email: 'mei.wong@ccmpantry.example' });
  const lucia = await sessionUserOf(db, { email: 'lucia.ortiz@centrolatino.example' });
  const bayview = await serviceOf(db, 'BAYVIEW MISSION', '%food%');
  const ccm = await serviceOf(db, 'CHINESE CHRISTIAN MISSION FOOD PANTRY');
  const centro = await serviceOf(db, 'CENTRO LATINO DE SAN FRANCISCO');
  const now = Date.now();
  let referrals = 0;

  for (let i = 0; i < 40; i++) {
    const worker = i % 3 === 0 ? casey : sam;
    const patient = must(
      await createPatient(
        db,
        worker,
        {
          givenName: GIVEN[i % GIVEN.length],
          familyName: FAMILY[(i * 7) % FAMILY.length],
          birthDate: `${1948 + ((i * 13) % 55)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 5) % 27)).padStart(2, '0')}`,
          postalCode: ZIPS[i % ZIPS.length],
          preferredLanguage: LANGUAGES[i % LANGUAGES.length],
          contactPreference: i % 11 === 10 ? 'do-not-contact' : 'phone',
          phone: `415-555-${String(2100 + i)}`,
          email: i % 4 === 0 ? `demo.patient${i}@example.org` : undefined,
          addressLine: i % 2 === 0 ? `${100 + i * 7} Third Street` : undefined,
          city: i % 2 === 0 ? 'San Francisco' : undefined,
          state: i % 2 === 0 ? 'CA' : undefined,
          smsConsent: i % 3 === 0,
          emailConsent: false,
        },
        { allowDuplicate: true },
      ),
      'patient',
    ).patient;
    await assignPatient(db, worker, patient.id, { assigneeId: i % 2 === 0 ? casey.id : sam.id, seenAssigneeId: null });
    const screened = must(
      await saveScreening(db, { kind: 'user', user: worker }, {
        patientId: patient.id,
        instrumentId: 'hunger-vital-sign',
        answers: { '88122-7': i % 2 ? 'LA6729-3' : 'LA28397-0', '88123-5': 'LA28398-8' },
        intent: 'submit',
        language: 'en',
        mode: 'staff',
      }),
      'screening',
    );
    const need = await db.selectFrom('needs').select('id').where('screening_id', '=', screened.screeningId).executeTakeFirstOrThrow();
    must(await decideNeed(db, worker, patient.id, need.id, 'confirm'), 'need');
    const start = new Date(now - (88 - i * 2.1) * DAY);
    await db.updateTable('screenings').set({ created_at: start, submitted_at: start, updated_at: start }).where('id', '=', screened.screeningId).execute();
    await db.updateTable('needs').set({ created_at: start, decided_at: start }).where('id', '=', need.id).execute();

    const scenario = i % 10;
    const managed = scenario !== 9;
    const cbo = scenario === 6 ? dee : i % 3 === 0 ? lucia : i % 3 === 1 ? mei : dee;
    const service = !managed ? await unmanagedService(db, i % 5) : scenario === 6 ? bayview : cbo === lucia ? centro : cbo === mei ? ccm : bayview;
    const sent = must(
      await createReferral(db, worker, {
        patientId: patient.id,
        needId: need.id,
        serviceId: service,
        consent: {
          ...patientConsent(patient.contactPreference === 'do-not-contact' ? ['identity', 'language', 'need'] : ['identity', 'phone', 'language', 'need', 'note'], new Date(now + 120 * DAY).toISOString().slice(0, 10)),
          method: i % 3 === 0 ? 'written' : 'verbal',
        },
        note: i % 4 === 0 ? 'Works nights; afternoons are best.' : '',
        replacesReferralId: null,
        confirmDuplicate: true,
      }),
      'referral',
    );
    referrals += 1;
    const id = sent.referralId;
    const status = async (actor: SessionUser, to: Parameters<typeof changeReferralStatus>[3]['status'], reasonCode = '', reason = '') => {
      const row = await db.selectFrom('referrals').select('version').where('id', '=', id).executeTakeFirstOrThrow();
      must(await changeReferralStatus(db, actor, id, { status: to, reasonCode, reason, note: '', version: row.version, side: actor === worker ? 'referring' : 'receiving' }), `status ${to}`);
    };
    const attempt = async (result: 'no-answer' | 'left-message' | 'reached') =>
      must(await logContactAttempt(db, cbo, id, { attemptedAt: new Date(), method: 'phone', result, note: '' }), 'attempt');
    const message = async (actor: SessionUser, body: string, internal = false) => must(await postMessage(db, actor, id, actor === worker ? 'referring' : 'receiving', { body, internal }), 'message');

    switch (scenario) {
      case 0:
      case 1:
        break;
      case 2:
        await status(cbo, 'accepted');
        await message(cbo, 'We will call her this week to book an intake.');
        break;
      case 3:
        await status(cbo, 'accepted');
        await attempt('no-answer');
        await attempt('reached');
        await status(cbo, 'in-progress');
        await message(cbo, 'Intake done; weekly pickup on Thursdays.');
        await message(worker, 'Thank you! She asked about delivery too.');
        break;
      case 4:
        await status(cbo, 'accepted');
        await status(cbo, 'on-hold', 'waitlisted', '');
        break;
      case 5:
        await status(cbo, 'accepted');
        await attempt('reached');
        await status(cbo, 'in-progress');
        await status(cbo, 'completed', i % 20 === 5 ? 'goods-provided' : 'enrolled-in-program');
        break;
      case 6: {
        await status(cbo, 'rejected', 'at-capacity', 'Pantry list is full until next month.');
        const again = must(
          await createReferral(db, worker, {
            patientId: patient.id,
            needId: need.id,
            serviceId: ccm,
            consent: patientConsent(['identity', 'phone', 'need'], new Date(now + 120 * DAY).toISOString().slice(0, 10)),
            note: '',
            replacesReferralId: id,
            confirmDuplicate: true,
          }),
          're-referral',
        );
        must(await changeReferralStatus(db, mei, again.referralId, { status: 'accepted', reasonCode: '', reason: '', note: '', version: 1, side: 'receiving' }), 'accept re-referral');
        await dateBack(db, again.referralId, new Date(start.getTime() + 3 * DAY), 20);
        referrals += 1;
        break;
      }
      case 7:
        await status(cbo, 'accepted');
        await attempt('no-answer');
        await attempt('left-message');
        await attempt('no-answer');
        await status(cbo, 'failed', 'unable-to-contact', '');
        break;
      case 8:
        await status(worker, 'cancelled', 'patient-request', 'Moved to Oakland.');
        break;
      case 9:
        if (i % 20 === 19) await recordFollowUpResult(db, worker, id, { result: 'still-waiting', note: 'Has not called yet.', version: 1 });
        break;
    }
    // Every other open referral stalls: the stuck ones of the demo.
    const stall = scenario === 2 && i < 30;
    // Fresh ones (scenario 0) arrived in the last two days; the rest over the last 90.
    await dateBack(db, id, scenario === 0 ? new Date(now - (6 + i) * 3600 * 1000) : start, stall ? 8 : 19);
    if (i % 8 === 1) {
      await createTask(db, worker, { patientId: patient.id, kind: 're-screen', dueOn: new Date(now + (150 + i) * DAY).toISOString().slice(0, 10), note: '', assigneeId: worker.id });
    }
    if (i % 6 === 2) {
      await createTask(db, worker, { referralId: id, kind: 'call-patient', dueOn: new Date(now + ((i % 3) - 1) * DAY).toISOString().slice(0, 10), note: 'Ask how the intake went.', assigneeId: casey.id });
    }
  }
  // Unmanaged outcome checks of the older ones fall due: some overdue on the worklist.
  await db
    .updateTable('follow_up_tasks')
    .set({ due_on: sql`(now() - interval '2 days')::date` })
    .where('kind', '=', 'check-outcome')
    .where('status', '=', 'open')
    .execute();
  // The demo's past was not lived: nobody needs e-mails about it.
  await sql`SELECT graphile_worker.complete_jobs(ARRAY(SELECT id FROM graphile_worker.jobs WHERE task_identifier = 'notifications.dispatch'))`.execute(db);
  onProgress(`Demo activity: 40 patients screened, ${referrals} referrals in every status over the last 90 days.`);
}
