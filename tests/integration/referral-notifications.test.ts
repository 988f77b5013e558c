// Who hears of the referral workflow's hand-offs: messages, assignments, withdrawn consent, and
// follow-up tasks that fall due (the scheduled scan), each once.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../app/auth/session.server.js';
import { parseConfig } from '../../app/config.server.js';
import { scanDueTasks } from '../../app/jobs/scheduled.server.js';
import { runQueuedJobs } from '../../app/jobs/worker.server.js';
import { createChannels } from '../../app/notifications/channels.server.js';
import { assignReferral } from '../../app/referrals/assignment.server.js';
import { withdrawConsent } from '../../app/referrals/consent.server.js';
import { postMessage } from '../../app/referrals/conversation.server.js';
import { createTask } from '../../app/referrals/tasks.server.js';
import { useAppDatabase } from '../support/app.js';
import type { TestDatabase } from '../support/db.js';
import { referralFixture, sessionUser } from '../support/fixtures.js';

let database: TestDatabase;
let worker: SessionUser;
let manager: SessionUser;
let cbo: SessionUser;

beforeAll(async () => {
  database = await useAppDatabase();
  worker = await sessionUser(database, 'sam.rivera@clinic.example');
  manager = await sessionUser(database, 'casey.lee@clinic.example');
  cbo = await sessionUser(database, 'dee.johnson@bayviewmission.example');
});
afterAll(() => database.drop());

const config = () => parseConfig({ ...process.env, APP_URL: 'https://careloop.example.org' });
const run = () => runQueuedJobs({ db: database.db, config: config(), channels: createChannels(config()) }, ['notifications.dispatch']);
const kindsOf = async (userId: string, subject: string) =>
  (await database.db.selectFrom('notifications').select(['kind', 'link']).where('user_id', '=', userId).where('link', 'like', `%${subject}%`).execute()).map((row) => row.kind);

describe('referral workflow notifications', () => {
  it('tells the other side of a message, and nobody of an internal note', async () => {
    const { referralId } = await referralFixture(database.db, worker);
    await postMessage(database.db, cbo, referralId, 'receiving', { body: 'Can she come on Friday?', internal: false });
    await postMessage(database.db, cbo, referralId, 'receiving', { body: 'Tried twice', internal: true });
    await run();
    expect(await kindsOf(worker.id, referralId)).toEqual(['referral.message']);
    await postMessage(database.db, worker, referralId, 'referring', { body: 'Yes, after 2 pm', internal: false });
    await run();
    expect((await kindsOf(cbo.id, referralId)).filter((kind) => kind === 'referral.message')).toHaveLength(1);
  });

  it('tells the new assignee, and the receiving organisation when consent is withdrawn', async () => {
    const { referralId } = await referralFixture(database.db, worker);
    expect((await assignReferral(database.db, worker, referralId, 'referring', { assigneeId: manager.id, seenAssigneeId: worker.id })).ok).toBe(true);
    await run();
    expect(await kindsOf(manager.id, referralId)).toContain('referral.assigned');
    expect(await withdrawConsent(database.db, worker, referralId, { note: '', consentVersion: 1 })).toEqual({ ok: true });
    await run();
    expect(await kindsOf(cbo.id, referralId)).toContain('consent.withdrawn');
    expect(await kindsOf(manager.id, referralId)).toContain('consent.withdrawn');
  });

  it('tells the assignee once when a follow-up task falls due', async () => {
    const { referralId } = await referralFixture(database.db, worker);
    const today = new Date().toISOString().slice(0, 10);
    const task = await createTask(database.db, worker, { referralId, kind: 'call-patient', dueOn: today, note: '', assigneeId: manager.id });
    expect(task.ok).toBe(true);
    // Due today in the clinic's time zone: yesterday's date is certainly past there.
    await sql`UPDATE follow_up_tasks SET due_on = due_on - 1 WHERE referral_id = ${referralId}`.execute(database.db);
    expect(await scanDueTasks(database.db)).toBeGreaterThanOrEqual(1);
    await run();
    await scanDueTasks(database.db);
    await run();
    expect((await kindsOf(manager.id, referralId)).filter((kind) => kind === 'follow-up.due')).toHaveLength(1);
  });
});
