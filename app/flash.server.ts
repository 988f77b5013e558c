// A one-time confirmation carried across a redirect ("Referral sent to …"): a signed cookie that
// the next page reads and clears. It names organisations and actions, never a patient.
import { createCookie } from '@remix-run/node';
import { getConfig } from './config.server.js';
import { missingSecret } from './auth/session.server.js';

export interface Flash {
  /** English text, the translation key. */
  message: string;
  params?: Record<string, string>;
}

function flashCookie() {
  const config = getConfig();
  return createCookie('__careloop_flash', {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    maxAge: 60,
    secrets: [config.SESSION_SECRET ?? missingSecret()],
  });
}

export async function flashHeaders(flash: Flash): Promise<Headers> {
  return new Headers({ 'Set-Cookie': await flashCookie().serialize(flash) });
}

/** The confirmation waiting for this request, and the header that clears it. */
export async function readFlash(request: Request): Promise<{ flash: Flash | null; headers: Headers }> {
  const cookie = flashCookie();
  const value = await cookie.parse(request.headers.get('Cookie'));
  const headers = new Headers();
  if (!value) return { flash: null, headers };
  headers.append('Set-Cookie', await cookie.serialize('', { maxAge: 0 }));
  const valid = typeof value === 'object' && typeof value.message === 'string';
  return { flash: valid ? (value as Flash) : null, headers };
}
