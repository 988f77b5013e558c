import { createCookie, redirect } from '@remix-run/node';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { getConfig } from '../config.server.js';
import { recordAudit } from '../audit/audit.server.js';
import { getDb } from '../db.server.js';
import { updateRequestContext, withRequestContext } from '../request-context.server.js';
import type { Role } from './roles.js';

import { ABSOLUTE_TIMEOUT_HOURS, IDLE_TIMEOUT_MINUTES } from './session-limits.js';

export { ABSOLUTE_TIMEOUT_HOURS, IDLE_TIMEOUT_MINUTES };
// Refresh last_seen_at at most this often, so a busy page does not write on every request.
const TOUCH_INTERVAL_SECONDS = 60;

export interface SessionUser {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  organizationId: string;
  organizationName: string;
  organizationKind: 'referring' | 'receiving' | 'platform';
  /** IANA name; every time on screen is shown in it. */
  organizationTimeZone: string;
}

export interface UserSession {
  id: string;
  csrfToken: string;
  user: SessionUser;
  /** The organisation requires a second factor and this account has none yet: enrolment comes first. */
  mfaSetupRequired: boolean;
  mfaEnabled: boolean;
  /** When this session last proved who is behind it (sign-in or re-authentication). */
  verifiedAt: Date;
}

/**
 * Secure cookies carry the __Host- prefix, which browsers accept only from a secure origin, for
 * this host alone and every path: no subdomain or plain-HTTP page can plant or overwrite them.
 */
export function cookieName(name: string): string {
  return getConfig().secureCookies ? `__Host-${name}` : name;
}

function sessionCookie() {
  const config = getConfig();
  return createCookie(cookieName('careloop_session'), {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    secrets: [config.SESSION_SECRET ?? missingSecret()],
    maxAge: ABSOLUTE_TIMEOUT_HOURS * 60 * 60,
  });
}

export function missingSecret(): never {
  throw new Error('SESSION_SECRET is not set; start CareLoop with `npm start`.');
}

/** Secret tokens (sessions, self-screening links) are stored only as their SHA-256. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get('Cookie'));
  return typeof value === 'string' && value.length > 0 ? value : null;
}

// The root loader and the page's own loader both ask for the session of the same request: look it up once.
const sessionsByRequest = new WeakMap<Request, Promise<UserSession | null>>();

export function getUserSession(request: Request, db: Database = getDb()): Promise<UserSession | null> {
  let session = sessionsByRequest.get(request);
  if (!session) {
    session = lookUpSession(request, db);
    sessionsByRequest.set(request, session);
  }
  return session;
}

async function lookUpSession(request: Request, db: Database): Promise<UserSession | null> {
  const token = await readToken(request);
  if (!token) return null;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'sessions.id as sessionId',
      'sessions.csrf_token',
      sql<boolean>`sessions.last_seen_at < now() - make_interval(secs => ${TOUCH_INTERVAL_SECONDS})`.as('stale'),
      'users.id',
      'users.email',
      'users.full_name',
      'users.role',
      'users.organization_id',
      'organizations.name as organization_name',
      'organizations.kind as organization_kind',
      'organizations.time_zone',
      'organizations.mfa_required',
      'users.mfa_enabled_at',
      'sessions.verified_at',
    ])
    .where('sessions.id', '=', hashToken(token))
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('sessions.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${IDLE_TIMEOUT_MINUTES})`)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  // From here on, the request's queries run for this user's organisation (row-level security).
  updateRequestContext({ userId: row.id, organizationId: row.organization_id, sessionId: row.sessionId });
  if (row.stale) {
    await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('id', '=', row.sessionId).execute();
  }
  return {
    id: row.sessionId,
    csrfToken: row.csrf_token,
    mfaSetupRequired: row.mfa_required && !row.mfa_enabled_at,
    mfaEnabled: row.mfa_enabled_at !== null,
    verifiedAt: row.verified_at,
    user: {
      id: row.id,
      email: row.email,
      fullName: row.full_name,
      role: row.role as Role,
      organizationId: row.organization_id,
      organizationName: row.organization_name,
      organizationKind: row.organization_kind as SessionUser['organizationKind'],
      organizationTimeZone: row.time_zone,
    },
  };
}

/** Sessions past their idle or absolute expiry: they can never be used again, so they go. */
export async function purgeExpiredSessions(db: Database = getDb()): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<=', sql<Date>`now()`),
        eb('last_seen_at', '<=', sql<Date>`now() - make_interval(mins => ${IDLE_TIMEOUT_MINUTES})`),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Starts a new session (a fresh id every sign-in) and ends the one the browser had; the sign-in is
 * audited and becomes the user's last sign-in.
 */
export async function createUserSession(request: Request, userId: string, db: Database = getDb()): Promise<string> {
  const previous = await readToken(request);
  const token = randomBytes(32).toString('base64url');
  const sessionId = hashToken(token);
  const user = await db.transaction().execute(async (trx) => {
    if (previous) await trx.deleteFrom('sessions').where('id', '=', hashToken(previous)).execute();
    await trx
      .insertInto('sessions')
      .values({
        id: sessionId,
        user_id: userId,
        csrf_token: randomBytes(32).toString('base64url'),
        expires_at: sql`now() + make_interval(hours => ${ABSOLUTE_TIMEOUT_HOURS})`,
      })
      .execute();
    return trx
      .updateTable('users')
      .set({ last_sign_in_at: sql`now()` })
      .where('id', '=', userId)
      .returning(['id', 'organization_id'])
      .executeTakeFirstOrThrow();
  });
  await withRequestContext({ userId: user.id, organizationId: user.organization_id, sessionId }, () =>
    recordAudit(db, { user: { id: user.id, organizationId: user.organization_id }, patientId: null, action: 'sign-in', entityType: 'session' }),
  );
  await purgeExpiredSessions(db);
  return sessionCookie().serialize(token);
}

export async function destroyUserSession(request: Request, db: Database = getDb()): Promise<string> {
  const token = await readToken(request);
  if (token) {
    const ended = await db.deleteFrom('sessions').where('id', '=', hashToken(token)).returning('user_id').executeTakeFirst();
    const user = ended && (await db.selectFrom('users').select(['id', 'organization_id']).where('id', '=', ended.user_id).executeTakeFirst());
    if (user) {
      await withRequestContext({ userId: user.id, organizationId: user.organization_id, sessionId: hashToken(token) }, () =>
        recordAudit(db, { user: { id: user.id, organizationId: user.organization_id }, patientId: null, action: 'sign-out', entityType: 'session' }),
      );
    }
  }
  return sessionCookie().serialize('', { maxAge: 0 });
}

/** The signed-in user's session, or a redirect to sign-in that returns here afterwards. */
// Pages a person whose organisation requires MFA can use before enrolling.
const ENROLMENT_PATHS = ['/account/mfa', '/logout'];

/**
 * The signed-in user's session, or a redirect to sign-in that returns here afterwards. Where the
 * organisation requires a second factor and the account has none, every page leads to enrolment.
 */
export async function requireUserSession(request: Request, db: Database = getDb()): Promise<UserSession> {
  const session = await getUserSession(request, db);
  const url = new URL(request.url);
  if (!session) {
    const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
    throw redirect(`/login?${params}`);
  }
  if (session.mfaSetupRequired && !ENROLMENT_PATHS.includes(url.pathname)) throw redirect('/account/mfa');
  return session;
}

export const REAUTHENTICATION_MINUTES = 15;

/**
 * Sensitive actions (exports) need a session that proved who is behind it in the last minutes;
 * otherwise the person confirms their password (and second factor) first, and comes back here.
 */
export function requireRecentVerification(request: Request, session: UserSession) {
  if (Date.now() - session.verifiedAt.getTime() <= REAUTHENTICATION_MINUTES * 60_000) return;
  const url = new URL(request.url);
  throw redirect(`/reauthenticate?${new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` })}`);
}

/** The person is still there: the idle time starts again. */
export async function keepSessionAlive(sessionId: string, db: Database = getDb()) {
  await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('id', '=', sessionId).execute();
}

/** The session proved again who is behind it (password, and the second factor where enrolled). */
export async function markVerified(sessionId: string, db: Database = getDb()) {
  await db.updateTable('sessions').set({ verified_at: sql`now()` }).where('id', '=', sessionId).execute();
}
