// Regression tests against the real server over HTTP: holes an attack found in headers, cookies,
// request bodies and error logging.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../db/seed';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startServer, type RunningServer } from '../support/server';

let database: TestDatabase;
let server: RunningServer;

beforeAll(async () => {
  database = await createTestDatabase('demo');
  server = await startServer(database);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

/** The sign-in form's anonymous CSRF cookie and token, as a browser gets them. */
async function loginForm() {
  const page = await fetch(`${server.url}/login`);
  const cookie = page.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  const token = /name="csrf" value="([^"]+)"/.exec(await page.text())![1];
  return { cookie, token };
}

async function signIn(email: string) {
  const form = await loginForm();
  const response = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: form.cookie, 'X-Forwarded-For': email },
    body: new URLSearchParams({ csrf: form.token, email, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(302);
  return response.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
}

const errorsSince = (mark: number) => server.lines.slice(mark).filter((line) => /"level":"error"|\bError:|^\s*at /.test(line));

describe('a form posted with a foreign or null Origin', () => {
  it.each(['null', 'https://evil.example', 'not a url'])('(%s) gets the app\'s 403 page, not a 500 and an error line', async (origin) => {
    const mark = server.lines.length;
    const response = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
      body: 'email=a%40b.example&password=x',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('This form has expired or came from another site.');
    expect(errorsSince(mark)).toEqual([]);
  });

  it('from this site still signs in (an Origin of null alone proves nothing; the token decides)', async () => {
    const form = await loginForm();
    const response = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: form.cookie, Origin: 'null' },
      body: new URLSearchParams({ csrf: form.token, email: 'sam.rivera@clinic.example', password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(302);
  });
});

describe('request bodies', () => {
  /** Streams `megabytes` of form body in chunks with no Content-Length, as a chunked upload does. */
  function chunkedUpload(megabytes: number): Promise<{ status: number; sentBytes: number }> {
    return new Promise((resolve, reject) => {
      let sentBytes = 0;
      const request = http.request(`${server.url}/login`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, sentBytes });
      });
      request.on('error', (error: NodeJS.ErrnoException) => (['EPIPE', 'ECONNRESET'].includes(error.code ?? '') ? undefined : reject(error)));
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const write = () => {
        while (sentBytes < megabytes * 1024 * 1024) {
          sentBytes += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', write);
        }
        request.end();
      };
      write();
    });
  }

  it('are refused past 1 MiB even when chunked (no Content-Length to check)', async () => {
    const mark = server.lines.length;
    const results = await Promise.all([chunkedUpload(50), chunkedUpload(50), chunkedUpload(50), chunkedUpload(50)]);
    expect(results.map((result) => result.status)).toEqual([413, 413, 413, 413]);
    expect(errorsSince(mark)).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('of JSON nested thousands of levels deep get a 400 from the scoring API', async () => {
    const depth = 3000;
    const body = `{"resourceType":"QuestionnaireResponse","item":${'[{"linkId":"x","item":'.repeat(depth)}[]${'}]'.repeat(depth)}}`;
    const response = await fetch(`${server.url}/api/screenings/score`, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body });
    expect(response.status).toBe(400);
  });
});

describe('headers and cookies of plain `npm start`', () => {
  it('are strict: HSTS, a CSP without inline scripts (a nonce instead), Permissions-Policy', async () => {
    const response = await fetch(`${server.url}/login`);
    const csp = response.headers.get('content-security-policy')!;
    expect(response.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(csp).not.toContain("'unsafe-inline'");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const page = await response.text();
    const scripts = [...page.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
  });

  it('gives a new nonce to every page', async () => {
    const first = (await fetch(`${server.url}/login`)).headers.get('content-security-policy');
    const second = (await fetch(`${server.url}/login`)).headers.get('content-security-policy');
    expect(first).not.toBe(second);
  });

  it('set Secure, __Host- cookies even without SESSION_SECRET (production mode)', async () => {
    const csrf = (await fetch(`${server.url}/login`)).headers.getSetCookie();
    expect(csrf).toEqual([expect.stringMatching(/^__Host-careloop_csrf=.*; Path=\/; HttpOnly; Secure; SameSite=Lax$/)]);
    const form = await loginForm();
    const signedIn = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: form.cookie },
      body: new URLSearchParams({ csrf: form.token, email: 'casey.lee@clinic.example', password: DEMO_PASSWORD }),
    });
    expect(signedIn.headers.getSetCookie()).toEqual([expect.stringMatching(/^__Host-careloop_session=.*; Path=\/; HttpOnly; Secure; SameSite=Lax$/)]);
  });
});

describe('an expected 404', () => {
  it('is answered without an error line in the log', async () => {
    const cookie = await signIn('sam.rivera@clinic.example');
    const mark = server.lines.length;
    const foreign = await fetch(`${server.url}/patients/0f0e4b44-0000-4000-8000-000000000000`, { headers: { Cookie: cookie } });
    expect(foreign.status).toBe(404);
    const notARoute = await fetch(`${server.url}/no-such-page`, { headers: { Cookie: cookie } });
    expect(notARoute.status).toBe(404);
    expect(errorsSince(mark)).toEqual([]);
  });
});

describe('the public matching API over HTTP (answered by its loader without the page routing)', () => {
  it('answers matches with the same security headers as every page, a 400 naming a bad parameter, and logs no query string', async () => {
    const mark = server.lines.length;
    const response = await fetch(`${server.url}/api/match?need=food-insecurity&zip=94110&language=es`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    for (const header of ['x-request-id', 'content-security-policy', 'x-content-type-options', 'x-frame-options']) expect(response.headers.get(header)).toBeTruthy();
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { need: string; hits: Array<{ serviceName: string; languageMatch: boolean }> };
    expect(body.need).toBe('food-insecurity');
    expect(body.hits.length).toBeGreaterThan(0);
    expect(body.hits[0].languageMatch).toBe(true);

    const bad = await fetch(`${server.url}/api/match?need=food-insecurity&zip=94110&radiusMi=-3`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'radiusMi' });
    const unknown = await fetch(`${server.url}/api/match?need=no-such-need&zip=nope`);
    expect(await unknown.json()).toMatchObject({ field: 'need' });
    // With a trailing slash it is the same API (through the page routing).
    expect((await fetch(`${server.url}/api/match/?need=food-insecurity&zip=94110`)).status).toBe(200);
    const lines = server.lines.slice(mark).join('\n');
    expect(lines).not.toContain('94110');
    expect(errorsSince(mark)).toEqual([]);
  });
});
