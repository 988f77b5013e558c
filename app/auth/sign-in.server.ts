import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Database } from '../../db/pool.js';
import { recordAudit } from '../audit/audit.server.js';
import { getConfig } from '../config.server.js';
import { withRequestContext } from '../request-context.server.js';
import { verifySecondFactor } from '../accounts/mfa.server.js';
import { verifyAgainstDecoy, verifyPassword } from './password.server.js';
import { homePath, type Role } from './roles.js';
import { clientNetwork, progressiveDelayMs } from './throttle.js';

export const RATE_WINDOW_MINUTES = 15;
/** Failures of one account from one client before that client is refused for that account. */
export const MAX_FAILURES_PER_ACCOUNT_AND_CLIENT = 5;
/** Failures from one client, whatever the accounts, before the client is refused. */
export const MAX_FAILURES_PER_CLIENT = 20;

export type SignInResult =
  | { ok: true; userId: string; organizationId: string; home: string; mfaEnabled: boolean }
  | { ok: false; reason: 'invalid' | 'rate-limited' };

interface Limiters {
  accountAndClient: RateLimiterPostgres;
  client: RateLimiterPostgres;
  account: RateLimiterPostgres;
  resetByClient: RateLimiterPostgres;
  resetByAccount: RateLimiterPostgres;
}

// The counters live in PostgreSQL (table sign_in_limits), so they hold across app servers.
const singletons = globalThis as typeof globalThis & { __careloopSignInLimiters?: Limiters };
function limiters(): Limiters {
  if (!singletons.__careloopSignInLimiters) {
    const pool = new pg.Pool({ connectionString: getConfig().DATABASE_URL, max: 4 });
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const common = { storeClient: pool, storeType: 'pool', tableName: 'sign_in_limits', tableCreated: true } as const;
    const window = RATE_WINDOW_MINUTES * 60;
    singletons.__careloopSignInLimiters = {
      accountAndClient: new RateLimiterPostgres({ ...common, keyPrefix: 'account-client', points: MAX_FAILURES_PER_ACCOUNT_AND_CLIENT, duration: window, blockDuration: window }),
      client: new RateLimiterPostgres({ ...common, keyPrefix: 'client', points: MAX_FAILURES_PER_CLIENT, duration: window, blockDuration: window }),
      // Never refuses: it only measures how hard the account is being guessed, for the delay.
      account: new RateLimiterPostgres({ ...common, keyPrefix: 'account', points: 1_000_000, duration: 60 * 60 }),
      // Password-reset e-mails: nobody can flood an inbox, or the mail server, from one place.
      resetByClient: new RateLimiterPostgres({ ...common, keyPrefix: 'reset-client', points: 10, duration: 60 * 60 }),
      resetByAccount: new RateLimiterPostgres({ ...common, keyPrefix: 'reset-account', points: 3, duration: 60 * 60 }),
    };
  }
  return singletons.__careloopSignInLimiters;
}

// Keys are hashed: the table holds no e-mail addresses or client addresses.
const keyOf = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex');

/**
 * Checks the credentials. The answer for an unknown e-mail, a disabled account and a wrong password
 * is the same, and takes the same time. Each attempt is counted before the password is checked, in
 * one atomic step per counter, so parallel attempts cannot all read a count below the limit. A client
 * is refused after too many failures on one account, or on any; nobody can lock an account's owner
 * out from another address, and guesses spread over many addresses are slowed down.
 */
export async function signIn(db: Database, email: string, password: string, clientAddress: string): Promise<SignInResult> {
  const emailKey = email.trim().toLowerCase();
  const client = clientNetwork(clientAddress);
  const { accountAndClient, client: byClient, account } = limiters();
  const accountAndClientKey = keyOf(emailKey, client);
  const clientKey = keyOf(client);
  const accountKey = keyOf(emailKey);

  const reserved = await Promise.allSettled([accountAndClient.consume(accountAndClientKey), byClient.consume(clientKey)]);
  const refused = reserved.find((result) => result.status === 'rejected');
  if (refused) {
    if (!(refused.reason instanceof RateLimiterRes)) throw refused.reason;
    return { ok: false, reason: 'rate-limited' };
  }

  const failuresOnAccount = (await account.get(accountKey))?.consumedPoints ?? 0;
  const delay = progressiveDelayMs(failuresOnAccount);
  if (delay > 0) await sleep(delay);

  const user = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.id', 'users.password_hash', 'users.disabled_at', 'users.role', 'users.organization_id', 'users.mfa_enabled_at', 'organizations.kind'])
    .where('users.email', '=', emailKey)
    .executeTakeFirst();
  const valid = user && !user.disabled_at ? await verifyPassword(user.password_hash, password) : await verifyAgainstDecoy(password);

  if (!valid || !user) {
    await withRequestContext({ organizationId: user?.organization_id, userId: user?.id }, () =>
      recordAudit(db, {
        user: user ? { id: user.id, organizationId: user.organization_id } : null,
        patientId: null,
        action: 'sign-in-failed',
        entityType: 'session',
      }),
    );
    await account.penalty(accountKey, 1);
    return { ok: false, reason: 'invalid' };
  }
  await Promise.all([accountAndClient.delete(accountAndClientKey), byClient.reward(clientKey, 1)]);
  return {
    ok: true,
    userId: user.id,
    organizationId: user.organization_id,
    home: homePath(user.role as Role, user.kind as 'referring' | 'receiving' | 'platform'),
    mfaEnabled: user.mfa_enabled_at !== null,
  };
}

/**
 * The second step of signing in (or of re-authenticating): a code from the authenticator app or a
 * recovery code, counted by the same per-account-and-client and per-client limits as passwords.
 */
export async function checkSecondFactor(db: Database, user: { id: string; email: string; organizationId: string }, answer: string, clientAddress: string): Promise<boolean | 'rate-limited'> {
  const client = clientNetwork(clientAddress);
  const { accountAndClient, client: byClient } = limiters();
  const accountAndClientKey = keyOf(user.email.toLowerCase(), client);
  const clientKey = keyOf(client);
  const reserved = await Promise.allSettled([accountAndClient.consume(accountAndClientKey), byClient.consume(clientKey)]);
  const refused = reserved.find((result) => result.status === 'rejected');
  if (refused) {
    if (!(refused.reason instanceof RateLimiterRes)) throw refused.reason;
    return 'rate-limited';
  }
  const accepted = await verifySecondFactor(db, user.id, answer);
  if (!accepted) {
    await withRequestContext({ organizationId: user.organizationId, userId: user.id }, () =>
      recordAudit(db, { user: { id: user.id, organizationId: user.organizationId }, patientId: null, action: 'sign-in-failed', entityType: 'session', entityId: 'second-factor' }),
    );
    return false;
  }
  await Promise.all([accountAndClient.delete(accountAndClientKey), byClient.reward(clientKey, 1)]);
  return true;
}

/** Whether another password-reset e-mail may go out for this address from this client this hour. */
export async function allowPasswordResetRequest(email: string, clientAddress: string): Promise<boolean> {
  const { resetByClient, resetByAccount } = limiters();
  const reserved = await Promise.allSettled([resetByClient.consume(keyOf(clientNetwork(clientAddress))), resetByAccount.consume(keyOf(email.trim().toLowerCase()))]);
  const refused = reserved.find((result) => result.status === 'rejected');
  if (refused && !(refused.reason instanceof RateLimiterRes)) throw refused.reason;
  return !refused;
}

export const SIGN_IN_MESSAGES = {
  invalid: 'That e-mail and password do not match an account.',
  'rate-limited': `Too many sign-in attempts. Wait ${RATE_WINDOW_MINUTES} minutes and try again.`,
} as const;
