import { randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.server.js';
import { hashPassword } from '../auth/password.server.js';
import type { Role } from '../auth/roles.js';
import { hashToken, type SessionUser } from '../auth/session.server.js';
import { getConfig } from '../config.server.js';
import { actForOrganization } from '../db.server.js';
import type { Locale } from '../i18n/i18n.js';
import { queueDelivery } from '../notifications/deliveries.server.js';
import { clearMfa } from './mfa.server.js';
import { passwordWeakness } from './password-strength.server.js';

export const INVITATION_HOURS = 72;
export const PASSWORD_RESET_HOURS = 1;

/** Roles an organisation of each kind can give its people. */
export const ROLES_BY_KIND: Record<'referring' | 'receiving' | 'platform', Role[]> = {
  referring: ['social_worker', 'case_manager', 'org_admin'],
  receiving: ['cbo_staff', 'org_admin'],
  platform: ['platform_admin'],
};

export type AccountFailure = { ok: false; status: 400 | 404 | 409; field?: string; message: string };
const failure = (status: AccountFailure['status'], message: string, field?: string): AccountFailure => ({ ok: false, status, message, field });

const newToken = () => randomBytes(32).toString('base64url');
// What newToken issues; anything else is not looked up.
export const TOKEN = /^[A-Za-z0-9_-]{43}$/;

async function sendAccountEmail(
  trx: Transaction<DB>,
  input: { key: string; to: string; organizationId: string | null; organization: string; purpose: 'invitation' | 'password-reset'; path: string; hours: number; locale: Locale },
) {
  const config = getConfig();
  await queueDelivery(trx, config, {
    key: input.key,
    channel: 'email',
    organizationId: input.organizationId,
    kind: `account.${input.purpose}`,
    payload: { template: 'account', purpose: input.purpose, to: input.to, organization: input.organization, url: `${config.appUrl}${input.path}`, hours: input.hours, locale: input.locale },
  });
}

// ---- organisations (platform admin) ---------------------------------------------------------

export interface NewOrganization {
  name: string;
  kind: 'referring' | 'receiving';
  hsdsOrganizationId: string | null;
  responseWindowBusinessDays: number;
  timeZone: string;
  mfaRequired: boolean;
  adminEmail: string;
  adminName: string;
}

/** Creates an organisation and invites its first admin, in one transaction. */
export async function createOrganization(db: Database, platformAdmin: SessionUser, input: NewOrganization, locale: Locale) {
  try {
    return await db.transaction().execute(async (trx) => {
      if (input.hsdsOrganizationId) {
        const listed = await trx.selectFrom('hsds_organizations').select('id').where('id', '=', input.hsdsOrganizationId).executeTakeFirst();
        if (!listed) return failure(400, 'That organisation is not in the directory.', 'hsdsOrganizationId');
      }
      const organization = await trx
        .insertInto('organizations')
        .values({
          name: input.name,
          kind: input.kind,
          hsds_organization_id: input.hsdsOrganizationId,
          response_window_business_days: input.responseWindowBusinessDays,
          time_zone: input.timeZone,
          mfa_required: input.mfaRequired,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { user: platformAdmin, patientId: null, action: 'create', entityType: 'organization', entityId: organization.id });
      const invited = await inviteInTransaction(trx, platformAdmin, { organizationId: organization.id, organizationName: input.name, email: input.adminEmail, fullName: input.adminName, role: 'org_admin' }, locale);
      if (!invited.ok) return invited;
      return { ok: true as const, organizationId: organization.id };
    });
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'organizations_hsds_organization_id_key') {
      return failure(409, 'Another CareLoop organisation is already linked to that directory listing.', 'hsdsOrganizationId');
    }
    throw error;
  }
}

// ---- invitations ------------------------------------------------------------------------------

export interface NewInvitation {
  organizationId: string;
  organizationName: string;
  email: string;
  fullName: string;
  role: Role;
}

async function inviteInTransaction(trx: Transaction<DB>, inviter: SessionUser, input: NewInvitation, locale: Locale) {
  const existing = await trx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
  if (existing) return failure(409, 'Someone already has a CareLoop account with this e-mail address.', 'email');
  // A new invitation replaces an earlier one to the same address.
  await trx
    .updateTable('invitations')
    .set({ revoked_at: sql`now()` })
    .where('email', '=', input.email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  const token = newToken();
  const invitation = await trx
    .insertInto('invitations')
    .values({
      organization_id: input.organizationId,
      email: input.email,
      full_name: input.fullName,
      role: input.role,
      token_hash: hashToken(token),
      invited_by: inviter.id,
      expires_at: sql`now() + make_interval(hours => ${INVITATION_HOURS})`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sendAccountEmail(trx, {
    key: `email:invitation:${invitation.id}`,
    to: input.email,
    organizationId: input.organizationId,
    organization: input.organizationName,
    purpose: 'invitation',
    path: `/invitations/${token}`,
    hours: INVITATION_HOURS,
    locale,
  });
  await recordAudit(trx, { user: inviter, patientId: null, action: 'create', entityType: 'invitation', entityId: invitation.id });
  return { ok: true as const, invitationId: invitation.id, token };
}

/** An org admin invites someone to their own organisation, in a role that organisation's kind allows. */
export async function inviteUser(db: Database, admin: SessionUser, input: { email: string; fullName: string; role: Role }, locale: Locale) {
  if (!ROLES_BY_KIND[admin.organizationKind].includes(input.role)) return failure(400, 'Choose a role from the list.', 'role');
  return db.transaction().execute((trx) =>
    inviteInTransaction(trx, admin, { ...input, organizationId: admin.organizationId, organizationName: admin.organizationName }, locale),
  );
}

export async function revokeInvitation(db: Database, admin: SessionUser, invitationId: string): Promise<boolean> {
  const revoked = await db
    .updateTable('invitations')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', invitationId)
    .where('organization_id', '=', admin.organizationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(revoked.numUpdatedRows) === 0) return false;
  await recordAudit(db, { user: admin, patientId: null, action: 'update', entityType: 'invitation', entityId: invitationId });
  return true;
}

/** The invitation behind a link, if it can still be used; expired, used, revoked and unknown links look the same. */
export async function findOpenInvitation(db: Database, token: string) {
  if (!TOKEN.test(token)) return undefined;
  return db
    .selectFrom('invitations')
    .innerJoin('organizations', 'organizations.id', 'invitations.organization_id')
    .select(['invitations.id', 'invitations.email', 'invitations.full_name', 'invitations.role', 'organizations.name as organization_name'])
    .where('invitations.token_hash', '=', hashToken(token))
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Creates the account of an invitation (the link works once); the new user's id to sign them in. */
export async function acceptInvitation(db: Database, token: string, input: { fullName: string; password: string }) {
  if (!TOKEN.test(token)) return failure(404, 'Not found');
  const invitation = await findOpenInvitation(db, token);
  if (!invitation) return failure(404, 'Not found');
  const weakness = passwordWeakness(input.password, [input.fullName, invitation.email]);
  if (weakness) return failure(400, weakness, 'password');
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('invitations')
        .set({ accepted_at: sql`now()` })
        .where('token_hash', '=', hashToken(token))
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .returning(['organization_id', 'email', 'role'])
        .executeTakeFirst();
      if (!claimed) return failure(404, 'Not found');
      // Nobody is signed in yet: the new account's audit row goes to its organisation's trail.
      await actForOrganization(trx, claimed.organization_id);
      const user = await trx
        .insertInto('users')
        .values({
          organization_id: claimed.organization_id,
          email: claimed.email,
          full_name: input.fullName,
          role: claimed.role,
          password_hash: passwordHash,
          password_changed_at: sql`now()`,
        })
        .returning(['id', 'organization_id'])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { user: { id: user.id, organizationId: user.organization_id }, patientId: null, action: 'create', entityType: 'user', entityId: user.id });
      return { ok: true as const, userId: user.id };
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return failure(409, 'Someone already has a CareLoop account with this e-mail address.', 'email');
    throw error;
  }
}

// ---- people of an organisation (org admin) ---------------------------------------------------

export interface OrganizationMember {
  id: string;
  fullName: string;
  email: string;
  role: Role;
  lastSignInAt: string | null;
  mfaEnabled: boolean;
  disabled: boolean;
  version: number;
}

export async function listMembers(db: Database, admin: SessionUser) {
  const [users, invitations, organization] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'full_name', 'email', 'role', 'last_sign_in_at', 'mfa_enabled_at', 'disabled_at', 'account_version'])
      .where('organization_id', '=', admin.organizationId)
      .orderBy('full_name')
      .execute(),
    db
      .selectFrom('invitations')
      .select(['id', 'email', 'full_name', 'role', 'expires_at'])
      .where('organization_id', '=', admin.organizationId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .orderBy('created_at', 'desc')
      .execute(),
    db.selectFrom('organizations').select(['mfa_required', 'kind']).where('id', '=', admin.organizationId).executeTakeFirstOrThrow(),
  ]);
  return {
    members: users.map(
      (user): OrganizationMember => ({
        id: user.id,
        fullName: user.full_name,
        email: user.email,
        role: user.role as Role,
        lastSignInAt: user.last_sign_in_at?.toISOString() ?? null,
        mfaEnabled: user.mfa_enabled_at !== null,
        disabled: user.disabled_at !== null,
        version: user.account_version,
      }),
    ),
    invitations: invitations.map((invitation) => ({
      id: invitation.id,
      email: invitation.email,
      fullName: invitation.full_name,
      role: invitation.role as Role,
      expiresAt: invitation.expires_at.toISOString(),
    })),
    mfaRequired: organization.mfa_required,
    roles: ROLES_BY_KIND[organization.kind as keyof typeof ROLES_BY_KIND],
  };
}

export type MemberChange =
  | { kind: 'role'; role: Role }
  | { kind: 'disable' }
  | { kind: 'enable' }
  | { kind: 'reset-mfa' };

/**
 * An org admin changes one of their organisation's people, from the version they saw: a role,
 * disabling (every session ends at once) or enabling, or resetting MFA. Their own account they
 * cannot demote or disable, so that an organisation is never left without an admin by mistake.
 */
export async function changeMember(db: Database, admin: SessionUser, userId: string, change: MemberChange, seenVersion: number) {
  if (userId === admin.id && change.kind !== 'reset-mfa') return failure(409, 'You cannot change your own role or disable your own account.');
  if (change.kind === 'role' && !ROLES_BY_KIND[admin.organizationKind].includes(change.role)) return failure(400, 'Choose a role from the list.', 'role');
  return db.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom('users')
      .select(['id', 'account_version'])
      .where('id', '=', userId)
      .where('organization_id', '=', admin.organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!member) return failure(404, 'Not found');
    if (member.account_version !== seenVersion) {
      return failure(409, 'Someone else changed this account while you were looking at it. The page now shows the latest; check it and try again.');
    }
    if (change.kind === 'reset-mfa') await clearMfa(trx, userId);
    else {
      await trx
        .updateTable('users')
        .set({
          ...(change.kind === 'role' ? { role: change.role } : {}),
          ...(change.kind === 'disable' ? { disabled_at: sql`now()` } : {}),
          ...(change.kind === 'enable' ? { disabled_at: null } : {}),
          account_version: sql`account_version + 1`,
        })
        .where('id', '=', userId)
        .execute();
    }
    // A new role, a disabled account or a reset second factor takes effect at once: every session ends.
    if (change.kind !== 'enable') await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await recordAudit(trx, { user: admin, patientId: null, action: 'update', entityType: 'user', entityId: `${userId}:${change.kind}` });
    return { ok: true as const };
  });
}

// ---- a person's own account -------------------------------------------------------------------

/** Who is signing in, between the password and the second factor (an enabled account only). */
export async function findSignInUser(db: Database, userId: string) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'organization_id'])
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return user ? { id: user.id, email: user.email, organizationId: user.organization_id } : undefined;
}

/** The user turns their own second factor off, unless their organisation requires one. */
export async function turnOffMfa(db: Database, user: SessionUser) {
  return db.transaction().execute(async (trx) => {
    const organization = await trx.selectFrom('organizations').select('mfa_required').where('id', '=', user.organizationId).executeTakeFirstOrThrow();
    if (organization.mfa_required) return failure(409, 'Your organisation requires two-step sign-in.');
    await clearMfa(trx, user.id);
    await recordAudit(trx, { user, patientId: null, action: 'update', entityType: 'user', entityId: `${user.id}:mfa-off` });
    return { ok: true as const };
  });
}

/** Ends every session of the user, this one included. */
export async function signOutEverywhere(db: Database, user: SessionUser): Promise<number> {
  const ended = await db.deleteFrom('sessions').where('user_id', '=', user.id).executeTakeFirst();
  await recordAudit(db, { user, patientId: null, action: 'sign-out', entityType: 'session', entityId: 'everywhere' });
  return Number(ended.numDeletedRows);
}

/** A new password for the signed-in user; the other sessions end. */
export async function changePassword(db: Database, user: SessionUser, sessionId: string, newPassword: string) {
  const weakness = passwordWeakness(newPassword, [user.fullName, user.email]);
  if (weakness) return failure(400, weakness, 'password');
  const passwordHash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: sql`now()`, account_version: sql`account_version + 1` })
      .where('id', '=', user.id)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('id', '<>', sessionId).execute();
    await recordAudit(trx, { user, patientId: null, action: 'update', entityType: 'user', entityId: `${user.id}:password` });
  });
  return { ok: true as const };
}

/**
 * Sends a one-time link (1 hour, stored as its hash) to choose a new password, if an account with
 * this e-mail exists and is enabled; the caller says the same either way.
 */
export async function requestPasswordReset(db: Database, email: string, locale: Locale): Promise<void> {
  const user = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.id', 'users.email', 'users.organization_id', 'organizations.name'])
    .where('users.email', '=', email)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!user) return;
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    // Nobody is signed in: the e-mail belongs to the account's organisation.
    await actForOrganization(trx, user.organization_id);
    await trx.updateTable('password_resets').set({ used_at: sql`now()` }).where('user_id', '=', user.id).where('used_at', 'is', null).execute();
    const reset = await trx
      .insertInto('password_resets')
      .values({ user_id: user.id, token_hash: hashToken(token), expires_at: sql`now() + make_interval(hours => ${PASSWORD_RESET_HOURS})` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sendAccountEmail(trx, {
      key: `email:password-reset:${reset.id}`,
      to: user.email,
      organizationId: user.organization_id,
      organization: user.name,
      purpose: 'password-reset',
      path: `/password/reset/${token}`,
      hours: PASSWORD_RESET_HOURS,
      locale,
    });
  });
}

export async function findOpenPasswordReset(db: Database, token: string) {
  if (!TOKEN.test(token)) return undefined;
  return db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select(['password_resets.id', 'users.id as user_id', 'users.email', 'users.full_name', 'users.organization_id'])
    .where('password_resets.token_hash', '=', hashToken(token))
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', sql<Date>`now()`)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
}

/** Sets the new password of a reset link (used up at once) and ends every session of the account. */
export async function resetPassword(db: Database, token: string, newPassword: string) {
  const reset = await findOpenPasswordReset(db, token);
  if (!reset) return failure(404, 'Not found');
  const weakness = passwordWeakness(newPassword, [reset.full_name, reset.email]);
  if (weakness) return failure(400, weakness, 'password');
  const passwordHash = await hashPassword(newPassword);
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('password_resets')
      .set({ used_at: sql`now()` })
      .where('id', '=', reset.id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) === 0) return failure(404, 'Not found');
    await actForOrganization(trx, reset.organization_id);
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: sql`now()`, account_version: sql`account_version + 1` })
      .where('id', '=', reset.user_id)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', reset.user_id).execute();
    await recordAudit(trx, { user: { id: reset.user_id, organizationId: reset.organization_id }, patientId: null, action: 'update', entityType: 'user', entityId: `${reset.user_id}:password-reset` });
    return { ok: true as const, userId: reset.user_id };
  });
}
