import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.server.js';
import { getConfig } from '../config.server.js';

export const RECOVERY_CODE_COUNT = 10;
const PERIOD_SECONDS = 30;

/** The TOTP secret is stored encrypted with a key derived from SESSION_SECRET: a copy of the database alone cannot make codes. */
function encryptionKey(): Buffer {
  const secret = getConfig().SESSION_SECRET;
  if (!secret) throw new Error('SESSION_SECRET is not set; start CareLoop with `npm start`.');
  return Buffer.from(hkdfSync('sha256', secret, 'careloop', 'mfa-secret', 32));
}

function encrypt(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function decrypt(stored: string): string {
  const raw = Buffer.from(stored, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', encryptionKey(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

const totpFor = (secret: string, email: string) =>
  new OTPAuth.TOTP({ issuer: 'CareLoop', label: email, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: OTPAuth.Secret.fromBase32(secret) });

const hashCode = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

export interface Enrolment {
  /** What an authenticator app scans, and the same as text for typing in. */
  qrCode: string;
  secret: string;
  uri: string;
}

/**
 * Starts enrolment: a secret, stored encrypted but not in force until a code from it is verified.
 * Opening the page again shows the same secret, so that a mistyped code does not mean scanning again.
 */
export async function startEnrolment(db: Database, user: { id: string; email: string }): Promise<Enrolment | undefined> {
  const row = await db.selectFrom('users').select(['mfa_secret', 'mfa_enabled_at']).where('id', '=', user.id).executeTakeFirst();
  if (!row || row.mfa_enabled_at) return undefined;
  let secret = row.mfa_secret ? decrypt(row.mfa_secret) : undefined;
  if (!secret) {
    secret = new OTPAuth.Secret({ size: 20 }).base32;
    await db.updateTable('users').set({ mfa_secret: encrypt(secret), mfa_last_step: null }).where('id', '=', user.id).where('mfa_enabled_at', 'is', null).execute();
  }
  const uri = totpFor(secret, user.email).toString();
  return { secret, uri, qrCode: await QRCode.toDataURL(uri, { margin: 1, width: 240, errorCorrectionLevel: 'M' }) };
}

/**
 * Checks a six-digit code against the user's secret, once: a code (a time step) that was accepted
 * before is refused, so a code seen over someone's shoulder cannot be used again.
 */
async function acceptCode(db: Database | Transaction<DB>, userId: string, code: string): Promise<boolean> {
  const user = await db.selectFrom('users').select(['email', 'mfa_secret']).where('id', '=', userId).executeTakeFirst();
  if (!user?.mfa_secret || !/^\d{6}$/.test(code.replace(/\s/g, ''))) return false;
  const delta = totpFor(decrypt(user.mfa_secret), user.email).validate({ token: code.replace(/\s/g, ''), window: 1 });
  if (delta === null) return false;
  const step = Math.floor(Date.now() / 1000 / PERIOD_SECONDS) + delta;
  const used = await db
    .updateTable('users')
    .set({ mfa_last_step: String(step) })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', String(step))]))
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}

/** Finishes enrolment with a code from the app; returns the recovery codes, shown once and stored hashed. */
export async function confirmEnrolment(db: Database, user: { id: string; organizationId: string }, code: string): Promise<string[] | undefined> {
  return db.transaction().execute(async (trx) => {
    const pending = await trx.selectFrom('users').select('id').where('id', '=', user.id).where('mfa_enabled_at', 'is', null).forUpdate().executeTakeFirst();
    if (!pending || !(await acceptCode(trx, user.id, code))) return undefined;
    await trx.updateTable('users').set({ mfa_enabled_at: sql`now()`, account_version: sql`account_version + 1` }).where('id', '=', user.id).execute();
    const codes = await replaceRecoveryCodes(trx, user.id);
    await recordAudit(trx, { user, patientId: null, action: 'update', entityType: 'user', entityId: `${user.id}:mfa-enabled` });
    return codes;
  });
}

async function replaceRecoveryCodes(trx: Transaction<DB>, userId: string): Promise<string[]> {
  await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  // 50 random bits each, in a form that reads aloud: xxxxx-xxxxx.
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const text = new OTPAuth.Secret({ size: 7 }).base32.slice(0, 10).toLowerCase();
    return `${text.slice(0, 5)}-${text.slice(5)}`;
  });
  await trx.insertInto('mfa_recovery_codes').values(codes.map((code) => ({ user_id: userId, code_hash: hashCode(code) }))).execute();
  return codes;
}

/** A second factor at sign-in or re-authentication: a code from the app, or one of the recovery codes (used up). */
export async function verifySecondFactor(db: Database, userId: string, answer: string): Promise<'code' | 'recovery-code' | false> {
  const trimmed = answer.trim();
  if (/^\d{3}\s?\d{3}$/.test(trimmed)) return (await acceptCode(db, userId, trimmed)) ? 'code' : false;
  if (!/^[a-z2-7]{5}-?[a-z2-7]{5}$/i.test(trimmed)) return false;
  const used = await db
    .updateTable('mfa_recovery_codes')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashCode(trimmed))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? 'recovery-code' : false;
}

export async function remainingRecoveryCodes(db: Database, userId: string): Promise<number> {
  const row = await db
    .selectFrom('mfa_recovery_codes')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Turns MFA off for an account (an admin's reset, or the user where the organisation does not require it). */
export async function clearMfa(trx: Transaction<DB>, userId: string) {
  await trx.updateTable('users').set({ mfa_secret: null, mfa_enabled_at: null, mfa_last_step: null, account_version: sql`account_version + 1` }).where('id', '=', userId).execute();
  await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
}
