import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { verifyAgainstDecoy, verifyPassword } from './password.server.js';
import { homePath, type Role } from './roles.js';

export const RATE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_CLIENT = 20;

export type SignInResult =
  | { ok: true; userId: string; home: string }
  | { ok: false; reason: 'invalid' | 'rate-limited' };

/**
 * Checks the credentials. The answer for an unknown e-mail, a disabled account and a wrong
 * password is the same, and takes the same time.
 */
export async function signIn(db: Database, email: string, password: string, clientKey: string): Promise<SignInResult> {
  const emailKey = email.trim().toLowerCase();
  // One attempt per e-mail at a time: parallel guesses cannot all read a failure count of zero.
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`sign-in:${emailKey}`}))`.execute(trx);
    const failures = await trx
      .selectFrom('sign_in_attempts')
      .select([
        sql<number>`count(*) FILTER (WHERE email_key = ${emailKey})::int`.as('byEmail'),
        sql<number>`count(*) FILTER (WHERE client_key = ${clientKey})::int`.as('byClient'),
      ])
      .where('succeeded', '=', false)
      .where('attempted_at', '>', sql<Date>`now() - make_interval(mins => ${RATE_WINDOW_MINUTES})`)
      .where((eb) => eb.or([eb('email_key', '=', emailKey), eb('client_key', '=', clientKey)]))
      .executeTakeFirstOrThrow();
    if (failures.byEmail >= MAX_FAILURES_PER_EMAIL || failures.byClient >= MAX_FAILURES_PER_CLIENT) {
      return { ok: false, reason: 'rate-limited' } as const;
    }

    const user = await trx
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select(['users.id', 'users.password_hash', 'users.disabled_at', 'users.role', 'organizations.kind'])
      .where('users.email', '=', emailKey)
      .executeTakeFirst();
    const valid = user && !user.disabled_at ? await verifyPassword(user.password_hash, password) : await verifyAgainstDecoy(password);

    await trx.insertInto('sign_in_attempts').values({ email_key: emailKey, client_key: clientKey, succeeded: valid }).execute();
    return valid && user
      ? ({ ok: true, userId: user.id, home: homePath(user.role as Role, user.kind as 'referring' | 'receiving' | 'platform') } as const)
      : ({ ok: false, reason: 'invalid' } as const);
  });
}

export const SIGN_IN_MESSAGES = {
  invalid: 'That e-mail and password do not match an account.',
  'rate-limited': `Too many sign-in attempts. Wait ${RATE_WINDOW_MINUTES} minutes and try again.`,
} as const;
