import { createCookie, data } from '@remix-run/node';
import { randomBytes } from 'node:crypto';
import { getConfig } from '../config.server.js';
import { cookieName, missingSecret, safeEqual, type UserSession } from './session.server.js';

export const CSRF_FIELD = 'csrf';

// Before sign-in there is no session to bind the token to: a signed double-submit cookie instead.
function anonymousCsrfCookie() {
  const config = getConfig();
  return createCookie(cookieName('careloop_csrf'), {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    secrets: [config.SESSION_SECRET ?? missingSecret()],
  });
}

/** The anonymous token for a form, and the Set-Cookie header when the browser has none yet. */
export async function anonymousCsrfToken(request: Request): Promise<{ token: string; setCookie?: string }> {
  const existing = await anonymousCsrfCookie().parse(request.headers.get('Cookie'));
  if (typeof existing === 'string' && existing.length > 0) return { token: existing };
  const token = randomBytes(32).toString('base64url');
  return { token, setCookie: await anonymousCsrfCookie().serialize(token) };
}

function reject(): never {
  throw data(
    { message: 'This form has expired or came from another site. Reload the page and try again.' },
    { status: 403, statusText: 'Forbidden' },
  );
}

/**
 * A form from another site is refused. "null" (sent for privacy reasons, e.g. by a page with
 * Referrer-Policy: no-referrer) proves nothing either way, so the token alone decides. The web
 * server hands the browser's Origin header over as x-careloop-origin (see scripts/http-app.ts).
 */
function checkOrigin(request: Request) {
  const origin = request.headers.get('x-careloop-origin') ?? request.headers.get('Origin');
  if (!origin || origin === 'null') return;
  let sent: string;
  try {
    sent = new URL(origin).origin;
  } catch {
    reject();
  }
  if (sent !== new URL(request.url).origin) reject();
}

/** Every state-changing request of a signed-in user carries the session's token. */
export function requireCsrf(request: Request, formData: FormData, session: UserSession) {
  checkOrigin(request);
  const submitted = formData.get(CSRF_FIELD);
  if (typeof submitted !== 'string' || !safeEqual(submitted, session.csrfToken)) reject();
}

export async function requireAnonymousCsrf(request: Request, formData: FormData) {
  checkOrigin(request);
  const expected = await anonymousCsrfCookie().parse(request.headers.get('Cookie'));
  const submitted = formData.get(CSRF_FIELD);
  if (typeof expected !== 'string' || typeof submitted !== 'string' || !safeEqual(submitted, expected)) reject();
}
