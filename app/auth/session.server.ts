import { createCookie, redirect } from '@remix-run/node';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { getConfig } from '../config.server.js';
import { getDb } from '../db.server.js';
import type { Role } from './roles.js';

export const IDLE_TIMEOUT_MINUTES = 30;
export const ABSOLUTE_TIMEOUT_HOURS = 12;
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
}

function sessionCookie() {
  const config = getConfig();
  return createCookie('__careloop_session', {
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
    ])
    .where('sessions.id', '=', hashToken(token))
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('sessions.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${IDLE_TIMEOUT_MINUTES})`)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (row.stale) {
    await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('id', '=', row.sessionId).execute();
  }
  return {
    id: row.sessionId,
    csrfToken: row.csrf_token,
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

/** Starts a new session (a fresh id every sign-in) and ends the one the browser had. */
export async function createUserSession(request: Request, userId: string, db: Database = getDb()): Promise<string> {
  const previous = await readToken(request);
  if (previous) await db.deleteFrom('sessions').where('id', '=', hashToken(previous)).execute();
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      id: hashToken(token),
      user_id: userId,
      csrf_token: randomBytes(32).toString('base64url'),
      expires_at: sql`now() + make_interval(hours => ${ABSOLUTE_TIMEOUT_HOURS})`,
    })
    .execute();
  return sessionCookie().serialize(token);
}

export async function destroyUserSession(request: Request, db: Database = getDb()): Promise<string> {
  const token = await readToken(request);
  if (token) await db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
  return sessionCookie().serialize('', { maxAge: 0 });
}

/** The signed-in user's session, or a redirect to sign-in that returns here afterwards. */
export async function requireUserSession(request: Request, db: Database = getDb()): Promise<UserSession> {
  const session = await getUserSession(request, db);
  if (!session) {
    const url = new URL(request.url);
    const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
    throw redirect(`/login?${params}`);
  }
  return session;
}
