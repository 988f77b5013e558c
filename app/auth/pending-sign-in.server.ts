import { createCookie } from '@remix-run/node';
import { getConfig } from '../config.server.js';
import { cookieName, missingSecret } from './session.server.js';

const MINUTES = 5;

/** Between the password and the second factor: who passed the first step, signed, for a few minutes. */
function pendingCookie() {
  const config = getConfig();
  return createCookie(cookieName('careloop_pending_sign_in'), {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    maxAge: MINUTES * 60,
    secrets: [config.SESSION_SECRET ?? missingSecret()],
  });
}

export interface PendingSignIn {
  userId: string;
  /** Where to go once signed in (already checked to be on this site). */
  target: string;
  until: number;
}

export function startPendingSignIn(pending: Omit<PendingSignIn, 'until'>): Promise<string> {
  return pendingCookie().serialize({ ...pending, until: Date.now() + MINUTES * 60_000 });
}

export async function readPendingSignIn(request: Request): Promise<PendingSignIn | null> {
  const value = (await pendingCookie().parse(request.headers.get('Cookie'))) as PendingSignIn | null;
  return value && typeof value.userId === 'string' && typeof value.target === 'string' && value.until > Date.now() ? value : null;
}

export const endPendingSignIn = () => pendingCookie().serialize('', { maxAge: 0 });
