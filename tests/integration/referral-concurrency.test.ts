// 10,000 concurrent status changes on real PostgreSQL lose no update: each either wins (and its
// event is on the timeline exactly once, the version one higher) or is refused with 409.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../app/auth/session.server.js';
import { changeReferralStatus } from '../../app/referrals/referrals.server.js';
import { useAppDatabase } from '../support/app.js';
import type { TestDatabase } from '../support/db.js';
import { referralFixture, sessionUser } from '../support/fixtures.js';

const REFERRALS = 40;
const TRANSITIONS = 10_000;
const IN_FLIGHT = 32;

let database: TestDatabase;
let worker: SessionUser;
let cbo: SessionUser;

beforeAll(async () => {
  database = await useAppDatabase();
  worker = await sessionUser(database, 'sam.rivera@clinic.example');
  cbo = await sessionUser(database, 'dee.johnson@bayviewmission.example');
});
afterAll(() => database.drop());

describe('concurrent status changes', () => {
  it(`${TRANSITIONS.toLocaleString('en-US')} transitions, ${IN_FLIGHT} at a time, on ${REFERRALS} referrals lose no update`, { timeout: 240_000 }, async () => {
    const ids: string[] = [];
    for (let i = 0; i < REFERRALS; i++) {
      const { referralId } = await referralFixture(database.db, worker);
      const accepted = await changeReferralStatus(database.db, cbo, referralId, { status: 'accepted', reasonCode: '', reason: '', note: '', version: 1, side: 'receiving' });
      expect(accepted.ok).toBe(true);
      ids.push(referralId);
    }
    const wins = new Map<string, number>(ids.map((id) => [id, 0]));
    let refused = 0;
    let next = 0;
    // Each attempt acts on the page it saw: the status and version it read a moment before.
    const attempt = async () => {
      const referralId = ids[next % REFERRALS];
      next += 1;
      const seen = await database.db.selectFrom('referrals').select(['status', 'version']).where('id', '=', referralId).executeTakeFirstOrThrow();
      const to = seen.status === 'on-hold' ? 'in-progress' : 'on-hold';
      const result = await changeReferralStatus(database.db, cbo, referralId, {
        status: to,
        reasonCode: to === 'on-hold' ? 'waitlisted' : '',
        reason: '',
        note: '',
        version: seen.version,
        side: 'receiving',
      });
      if (result.ok) wins.set(referralId, wins.get(referralId)! + 1);
      else {
        expect(result.status).toBe(409);
        refused += 1;
      }
    };
    const lanes = Array.from({ length: IN_FLIGHT }, async () => {
      while (next < TRANSITIONS) await attempt();
    });
    await Promise.all(lanes);

    const won = [...wins.values()].reduce((sum, n) => sum + n, 0);
    expect(won + refused).toBe(TRANSITIONS);
    expect(won).toBeGreaterThan(REFERRALS);
    const rows = await database.db
      .selectFrom('referrals')
      .select((eb) => [
        'referrals.id',
        'referrals.version',
        'referrals.status',
        eb
          .selectFrom('referral_events')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('referral_events.referral_id', '=', 'referrals.id')
          .where('referral_events.from_status', 'in', ['in-progress', 'on-hold', 'accepted'])
          .where('referral_events.to_status', 'in', ['in-progress', 'on-hold'])
          .as('changes'),
      ])
      .where('referrals.id', 'in', ids)
      .execute();
    for (const row of rows) {
      // Requested (v1) → accepted (v2) → one version per change that won, and one event each.
      expect(row.version - 2).toBe(wins.get(row.id));
      expect(row.changes).toBe(wins.get(row.id));
    }
    // The last event of each referral says the status it is in.
    const last = await sql<{ id: string; to_status: string }>`
      SELECT DISTINCT ON (referral_id) referral_id AS id, to_status FROM referral_events WHERE referral_id = ANY(${ids}::uuid[]) ORDER BY referral_id, created_at DESC, id`.execute(database.db);
    for (const event of last.rows) expect(event.to_status).toBe(rows.find((row) => row.id === event.id)!.status);
  });
});
