// Calls route loaders and actions the way Remix does, against a real test database.
import { randomUUID } from 'node:crypto';
import { createUserSession, getUserSession } from '../../app/auth/session.server.js';
import { runInRequestContext, settleRequestContext } from '../../app/request-context.server.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export const ORIGIN = 'http://careloop.test';

/** A demo-seeded database that the app's getDb() will use for this test file. */
export async function useAppDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase('demo');
  // The app connects as its least-privilege role, under row-level security, as in production.
  process.env.DATABASE_URL = database.appUrl;
  process.env.DATABASE_PLATFORM_URL = database.platformUrl;
  process.env.SESSION_SECRET ??= 'test-session-secret-that-is-long-enough-0123456789';
  return database;
}

export interface Actor {
  cookie: string;
  csrf: string;
  userId: string;
}

export async function signInAs(database: TestDatabase, email: string): Promise<Actor> {
  const user = await database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const setCookie = await createUserSession(new Request(ORIGIN), user.id, database.db);
  const cookie = setCookie.split(';')[0];
  const session = await getUserSession(new Request(ORIGIN, { headers: { Cookie: cookie } }), database.db);
  return { cookie, csrf: session!.csrfToken, userId: user.id };
}

export function getRequest(path: string, actor?: Pick<Actor, 'cookie'>): Request {
  return new Request(`${ORIGIN}${path}`, { headers: actor ? { Cookie: actor.cookie } : {} });
}

export function postRequest(
  path: string,
  fields: Record<string, string | string[]>,
  actor?: Actor,
  options: { csrf?: string | null; origin?: string; cookie?: string } = {},
): Request {
  const body = new URLSearchParams();
  const csrf = options.csrf === undefined ? actor?.csrf : options.csrf;
  if (csrf) body.append('csrf', csrf);
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
  }
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const cookie = options.cookie ?? actor?.cookie;
  if (cookie) headers.Cookie = cookie;
  if (options.origin) headers.Origin = options.origin;
  return new Request(`${ORIGIN}${path}`, { method: 'POST', body, headers });
}

export interface Outcome {
  status: number;
  data: any;
  location: string | null;
  headers: Headers;
}

function isDataWithInit(value: unknown): value is { type: 'DataWithResponseInit'; data: unknown; init: ResponseInit | null } {
  return typeof value === 'object' && value !== null && (value as { type?: string }).type === 'DataWithResponseInit';
}

async function normalise(value: unknown): Promise<Outcome> {
  if (value instanceof Response) {
    const text = await value.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // a redirect or an empty body
    }
    return { status: value.status, data: parsed, location: value.headers.get('Location'), headers: value.headers };
  }
  if (isDataWithInit(value)) {
    return { status: value.init?.status ?? 200, data: value.data, location: null, headers: new Headers(value.init?.headers) };
  }
  return { status: 200, data: value, location: null, headers: new Headers() };
}

/**
 * Runs a loader or action and reports what the browser would get, thrown or returned, in a request
 * context of its own as the web server gives every request (scripts/http-app.ts).
 */
export async function call(
  handler: ((args: any) => unknown) | undefined,
  request: Request,
  params: Record<string, string> = {},
): Promise<Outcome> {
  if (!handler) throw new Error('The route has no such handler.');
  const context = {
    requestId: request.headers.get('x-request-id') ?? randomUUID(),
    path: `${request.method} ${new URL(request.url).pathname}`,
    clientAddress: request.headers.get('x-client-address') ?? '192.0.2.1',
    userAgent: request.headers.get('user-agent') ?? 'CareLoop tests',
  };
  return runInRequestContext(context, async () => {
    try {
      return await normalise(await handler({ request, params, context: {} }));
    } catch (thrown) {
      if (thrown instanceof Response || isDataWithInit(thrown)) return normalise(thrown);
      throw thrown;
    } finally {
      await settleRequestContext();
    }
  });
}
