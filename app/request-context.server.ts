import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What CareLoop knows about the request being served: set by the web server when the request
 * arrives, completed by the auth guard once the session is known. The data layer turns it into
 * the settings the row-level security policies read; the audit trail takes the client details
 * from it.
 */
export interface RequestContext {
  requestId?: string;
  /** Method and path (never the query string), e.g. "GET /patients/…". */
  path?: string;
  clientAddress?: string;
  userAgent?: string;
  sessionId?: string;
  userId?: string;
  organizationId?: string;
  /** SHA-256 of a self-screening link's token, while the patient's page looks the link up. */
  linkTokenHash?: string;
  /** Writes started during the request that it must not end without (audit rows of refusals). */
  pending: Promise<unknown>[];
}

type Initial = Omit<RequestContext, 'pending'>;

// One store for the whole process: the web server and the Remix build each load this module.
const globals = globalThis as typeof globalThis & { __careloopRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (globals.__careloopRequestContext ??= new AsyncLocalStorage<RequestContext>());

export function runInRequestContext<T>(initial: Initial, fn: () => T): T {
  return storage.run({ ...initial, pending: [] }, fn);
}

/** Keeps a write that is started from synchronous code (a thrown 404) until the request ends. */
export function trackInRequest(write: Promise<unknown>) {
  storage.getStore()?.pending.push(write);
}

/** Waits for the writes the request started; failures were already logged by whoever started them. */
export async function settleRequestContext() {
  const store = storage.getStore();
  if (store) await Promise.allSettled(store.pending.splice(0));
}

export function requestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Fills in the request's context (the auth guard: who is signed in). */
export function updateRequestContext(patch: Partial<Initial>) {
  const store = storage.getStore();
  if (store) Object.assign(store, patch);
}

/**
 * Runs `fn` with some of the context replaced, e.g. acting for the organisation a self-screening
 * link belongs to; the request's own context is unchanged afterwards.
 */
export function withRequestContext<T>(patch: Partial<Initial>, fn: () => T): T {
  const current = storage.getStore() ?? { pending: [] };
  return storage.run({ ...current, ...patch, pending: current.pending }, fn);
}

/** The PostgreSQL settings the row-level security policies read (empty: nobody, so nothing visible). */
export function databaseSettings(): Record<string, string> {
  const context = storage.getStore();
  return {
    'careloop.organization_id': context?.organizationId ?? '',
    'careloop.user_id': context?.userId ?? '',
    'careloop.link_token_hash': context?.linkTokenHash ?? '',
  };
}
