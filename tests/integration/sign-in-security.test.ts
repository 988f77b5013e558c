// Regression tests for holes an attack on sign-in found: an open redirect after a real sign-in,
// parallel guesses that outran the per-client limit, and a lockout anyone could impose on anyone.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as login from '../../app/routes/login';
import * as logout from '../../app/routes/logout';
import { DEMO_PASSWORD } from '../../db/seed';
import { call, getRequest, postRequest, signInAs, useAppDatabase } from '../support/app';
import type { TestDatabase } from '../support/db';

let database: TestDatabase;
beforeAll(async () => {
  database = await useAppDatabase();
});
afterAll(() => database.drop());

async function attempt(email: string, password: string, client: string, extra: Record<string, string> = {}) {
  const page = await call(login.loader, getRequest('/login'));
  const cookie = page.headers.get('Set-Cookie')!.split(';')[0];
  const request = postRequest('/login', { email, password, ...extra }, undefined, { csrf: page.data.csrfToken, cookie });
  request.headers.set('x-client-address', client);
  request.headers.set('user-agent', 'Throttle test browser');
  return call(login.action, request);
}

describe('the page after sign-in', () => {
  it.each(['/.//evil.example', '/..//evil.example', '/%2e//evil.example', '/a/../..//evil.example/x'])(
    'is never another site, whatever %s resolves to',
    async (redirectTo) => {
      const result = await attempt('sam.rivera@clinic.example', DEMO_PASSWORD, `redirect-${redirectTo}`, { redirectTo });
      expect(result.status).toBe(302);
      expect(result.location).toBe('/patients');
    },
  );
});

describe('sign-in throttling', () => {
  it('checks at most five passwords of one account from one client, however many arrive at once', async () => {
    const results = await Promise.all(Array.from({ length: 60 }, () => attempt('casey.lee@clinic.example', 'wrong password', '203.0.113.10')));
    expect(results.filter((result) => result.status === 401)).toHaveLength(5);
    expect(results.filter((result) => result.status === 429)).toHaveLength(55);
  });

  it('checks at most twenty passwords from one client across accounts, however many arrive at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, index) => attempt(`nobody${index}@clinic.example`, 'wrong password', '203.0.113.20')),
    );
    expect(results.filter((result) => result.status === 401)).toHaveLength(20);
    expect(results.filter((result) => result.status === 429)).toHaveLength(40);
  });

  it('counts an IPv6 client by its /64, so walking through its addresses does not reset the count', async () => {
    const results = [];
    for (let i = 1; i <= 6; i += 1) results.push(await attempt('lucia.ortiz@centrolatino.example', 'wrong password', `2001:db8:7:7::${i}`));
    expect(results.map((result) => result.status)).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("cannot be used to lock someone out: five failures from one address leave the owner's own address alone", async () => {
    for (let i = 0; i < 5; i += 1) expect((await attempt('dee.johnson@bayviewmission.example', 'wrong password', '198.51.100.66')).status).toBe(401);
    expect((await attempt('dee.johnson@bayviewmission.example', DEMO_PASSWORD, '198.51.100.66')).status).toBe(429);
    const owner = await attempt('dee.johnson@bayviewmission.example', DEMO_PASSWORD, '192.0.2.44');
    expect(owner.status).toBe(302);
    expect(owner.location).toBe('/portal');
  });
});

describe('the audit trail of signing in and out', () => {
  it('records sign-in, failed sign-in and sign-out with client address, user agent and session', async () => {
    const { id: userId } = await database.db.selectFrom('users').select('id').where('email', '=', 'mei.wong@ccmpantry.example').executeTakeFirstOrThrow();
    expect((await attempt('mei.wong@ccmpantry.example', 'wrong password', '192.0.2.80')).status).toBe(401);
    const signedIn = await attempt('mei.wong@ccmpantry.example', DEMO_PASSWORD, '192.0.2.80');
    const cookie = signedIn.headers.get('Set-Cookie')!.split(';')[0];
    const session = await database.db.selectFrom('sessions').select(['id', 'csrf_token']).where('user_id', '=', userId).executeTakeFirstOrThrow();
    const out = postRequest('/logout', {}, { cookie, csrf: session.csrf_token, userId }, {});
    out.headers.set('x-client-address', '192.0.2.80');
    out.headers.set('user-agent', 'Throttle test browser');
    expect((await call(logout.action, out)).location).toBe('/login');

    const rows = await database.db
      .selectFrom('audit_events')
      .select(['action', 'client_address', 'user_agent', 'session_id'])
      .where('user_id', '=', userId)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { action: 'sign-in-failed', client_address: '192.0.2.80', user_agent: 'Throttle test browser', session_id: null },
      { action: 'sign-in', client_address: '192.0.2.80', user_agent: 'Throttle test browser', session_id: session.id },
      { action: 'sign-out', client_address: '192.0.2.80', user_agent: 'Throttle test browser', session_id: session.id },
    ]);
    const last = await database.db.selectFrom('users').select('last_sign_in_at').where('id', '=', userId).executeTakeFirstOrThrow();
    expect(last.last_sign_in_at).not.toBeNull();
  });

  it('records a failed sign-in for an e-mail nobody has, in the platform chain', async () => {
    expect((await attempt('stranger@nowhere.example', 'whatever it is', '192.0.2.81')).status).toBe(401);
    const row = await database.db
      .selectFrom('audit_events')
      .select(['action', 'organization_id', 'user_id', 'chain', 'actor'])
      .where('client_address', '=', '192.0.2.81')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ action: 'sign-in-failed', organization_id: null, user_id: null, chain: 'platform', actor: 'anonymous' });
  });
});

describe('expired sessions', () => {
  it('are purged, not kept for ever', async () => {
    const idle = await signInAs(database, 'jordan.price@bayviewhealth.example');
    const old = await signInAs(database, 'calfresh.team@sfhsa.example');
    await database.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '2 hours'` }).where('user_id', '=', idle.userId).execute();
    await database.db.updateTable('sessions').set({ expires_at: sql`now() - interval '1 minute'` }).where('user_id', '=', old.userId).execute();
    await attempt('sam.rivera@clinic.example', DEMO_PASSWORD, '192.0.2.90');
    const left = await database.db.selectFrom('sessions').select('user_id').where('user_id', 'in', [idle.userId, old.userId]).execute();
    expect(left).toEqual([]);
  });
});
