import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as login from '../../app/routes/login';
import * as logout from '../../app/routes/logout';
import * as patients from '../../app/routes/patients._index';
import { call, getRequest, postRequest, signInAs, useAppDatabase } from '../support/app';
import type { TestDatabase } from '../support/db';

let database: TestDatabase;
beforeAll(async () => {
  database = await useAppDatabase();
});
afterAll(() => database.drop());

/** The login page's anonymous CSRF cookie and token, as a browser would get them. */
async function loginForm() {
  const page = await call(login.loader, getRequest('/login'));
  const cookie = page.headers.get('Set-Cookie')!.split(';')[0];
  return { cookie, csrf: page.data.csrfToken as string };
}

async function attempt(email: string, password: string, client = 'client-a', extra: Record<string, string> = {}) {
  const form = await loginForm();
  const request = postRequest('/login', { email, password, ...extra }, undefined, { csrf: form.csrf, cookie: form.cookie });
  request.headers.set('x-client-address', client);
  return call(login.action, request);
}

describe('sign-in', () => {
  it('signs a social worker in to their patients page with a fresh httpOnly session cookie', async () => {
    const result = await attempt('sam.rivera@clinic.example', 'careloop-demo');
    expect(result.status).toBe(302);
    expect(result.location).toBe('/patients');
    const cookie = result.headers.get('Set-Cookie')!;
    expect(cookie).toMatch(/^__Host-careloop_session=/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it.each([
    ['casey.lee@clinic.example', '/caseload'],
    ['dee.johnson@bayviewmission.example', '/portal'],
    ['admin@careloop.example', '/admin'],
  ])('lands %s on their own home (%s)', async (email, home) => {
    expect((await attempt(email, 'careloop-demo', `home-${email}`)).location).toBe(home);
  });

  it('returns to the page that asked for sign-in, but never to another site', async () => {
    expect((await attempt('sam.rivera@clinic.example', 'careloop-demo', 'c1', { redirectTo: '/patients/new' })).location).toBe('/patients/new');
    expect((await attempt('sam.rivera@clinic.example', 'careloop-demo', 'c2', { redirectTo: '//evil.example' })).location).toBe('/patients');
  });

  it('gives the same answer for an unknown e-mail and a wrong password', async () => {
    const unknown = await attempt('nobody@clinic.example', 'careloop-demo', 'client-b');
    const wrong = await attempt('casey.lee@clinic.example', 'not-the-password', 'client-c');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.data.formError).toBe(wrong.data.formError);
    expect(unknown.headers.get('Set-Cookie')).toBeNull();
  });

  it('explains missing fields next to each field and signs nobody in', async () => {
    const result = await attempt('not-an-email', '', 'client-d');
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors).toEqual({ email: 'Enter a valid e-mail address.', password: 'Enter your password.' });
  });

  it('refuses a client after five failures on an account, even with the right password', async () => {
    for (let i = 0; i < 5; i += 1) expect((await attempt('alex.kim@clinic.example', 'wrong', '198.51.100.7')).status).toBe(401);
    const locked = await attempt('alex.kim@clinic.example', 'careloop-demo', '198.51.100.7');
    expect(locked.status).toBe(429);
    expect(locked.data.formError).toMatch(/Too many sign-in attempts/);
  });

  it('counts parallel guesses one at a time', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => attempt('jordan.price@bayviewhealth.example', 'wrong', 'parallel')));
    expect(results.filter((result) => result.status === 401)).toHaveLength(5);
    expect(results.filter((result) => result.status === 429)).toHaveLength(5);
  });

  it('refuses a sign-in form without its CSRF token', async () => {
    const result = await call(login.action, postRequest('/login', { email: 'sam.rivera@clinic.example', password: 'careloop-demo' }));
    expect(result.status).toBe(403);
  });
});

describe('sessions', () => {
  it('ends after 30 idle minutes', async () => {
    const actor = await signInAs(database, 'sam.rivera@clinic.example');
    expect((await call(patients.loader, getRequest('/patients', actor))).status).toBe(200);
    await database.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '31 minutes'` }).where('user_id', '=', actor.userId).execute();
    const result = await call(patients.loader, getRequest('/patients', actor));
    expect(result.status).toBe(302);
    expect(result.location).toBe('/login?redirectTo=%2Fpatients');
  });

  it('ends 12 hours after sign-in however active the user is', async () => {
    const actor = await signInAs(database, 'casey.lee@clinic.example');
    await database.db.updateTable('sessions').set({ expires_at: sql`now() - interval '1 second'` }).where('user_id', '=', actor.userId).execute();
    expect((await call(patients.loader, getRequest('/patients', actor))).status).toBe(302);
  });

  it('signs out only with the CSRF token, and the old cookie stops working', async () => {
    const actor = await signInAs(database, 'sam.rivera@clinic.example');
    expect((await call(logout.action, postRequest('/logout', {}, actor, { csrf: null }))).status).toBe(403);
    const out = await call(logout.action, postRequest('/logout', {}, actor));
    expect(out.location).toBe('/login');
    expect((await call(patients.loader, getRequest('/patients', actor))).status).toBe(302);
  });

  it('rejects a form posted from another site', async () => {
    const actor = await signInAs(database, 'sam.rivera@clinic.example');
    const result = await call(logout.action, postRequest('/logout', {}, actor, { origin: 'https://evil.example' }));
    expect(result.status).toBe(403);
  });
});
