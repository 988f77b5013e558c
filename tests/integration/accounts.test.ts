// Organisations that run their own users: a platform admin creates an organisation and invites its
// first admin, who sets a password on the e-mailed link; org admins invite, change roles, disable
// and reset MFA; everyone changes and resets their password, signs out everywhere and turns on
// TOTP two-step sign-in. The e-mails reach a real SMTP server on loopback.
import * as OTPAuth from 'otpauth';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../app/config.server';
import { runQueuedJobs } from '../../app/jobs/worker.server';
import { closeChannels, createChannels, type Channels } from '../../app/notifications/channels.server';
import * as account from '../../app/routes/account._index';
import * as accountMfa from '../../app/routes/account.mfa';
import * as newOrganization from '../../app/routes/admin.organizations.new';
import * as fhirExport from '../../app/routes/patients.$patientId.screenings.$screeningId_.fhir';
import * as invitation from '../../app/routes/invitations.$token';
import * as login from '../../app/routes/login';
import * as loginCode from '../../app/routes/login_.code';
import * as people from '../../app/routes/organization.users';
import * as forgot from '../../app/routes/password.forgot';
import * as reset from '../../app/routes/password.reset.$token';
import * as patientsIndex from '../../app/routes/patients._index';
import * as reauthenticate from '../../app/routes/reauthenticate';
import { createDatabase, type Database } from '../../db/pool';
import { DEMO_PASSWORD } from '../../db/seed';
import { call, getRequest, postRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

const STRONG = 'violet harbour lantern seventy';
let database: TestDatabase;
let smtp: TestSmtpServer;
let config: Config;
let channels: Channels;
let platform: Database;

beforeAll(async () => {
  process.env.APP_URL = 'https://careloop.example.org';
  database = await useAppDatabase();
  smtp = await startSmtpServer();
  config = parseConfig({ ...process.env, SMTP_URL: smtp.url });
  channels = createChannels(config);
  platform = createDatabase(database.platformUrl, { max: 2 });
});
afterAll(async () => {
  closeChannels(channels);
  await smtp.close();
  await platform.destroy();
  await database.drop();
});

/** The worker's turn: queued e-mails go out to the SMTP server. */
const deliverMail = () => runQueuedJobs({ db: platform, config, channels }, ['messages.send']);

/** A browser that is not signed in: the anonymous CSRF cookie and token of a public page. */
async function anonymous(loader: (args: never) => unknown, path: string, params: Record<string, string> = {}) {
  const page = await call(loader as never, getRequest(path), params);
  const cookie = page.headers.get('Set-Cookie')?.split(';')[0] ?? '';
  return { page, post: (fields: Record<string, string>) => postRequest(path, fields, undefined, { csrf: page.data.csrfToken, cookie }) };
}

const cookieOf = (result: { headers: Headers }) =>
  result.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .filter((pair) => !pair.endsWith('='))
    .join('; ');

async function sessionActor(cookie: string): Promise<Actor> {
  const row = await database.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.csrf_token', 'users.id'])
    .orderBy('sessions.created_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { cookie, csrf: row.csrf_token, userId: row.id };
}

const linkIn = (text: string, path: string) => new RegExp(`https://careloop\\.example\\.org(${path}/[A-Za-z0-9_-]{43})`).exec(text)?.[1];

describe('a new organisation and its first admin', () => {
  let inviteLink: string;

  it('is created by the platform admin, and the admin gets an invitation e-mail', async () => {
    const admin = await signInAs(database, 'admin@careloop.example');
    const result = await call(
      newOrganization.action,
      postRequest(
        '/admin/organizations/new',
        { name: 'Sunset Food Hub', kind: 'receiving', hsdsOrganizationId: '', responseWindowBusinessDays: '2', timeZone: 'America/New_York', mfaRequired: 'on', adminName: 'Nia Okafor', adminEmail: 'nia.okafor@sunset.example' },
        admin,
      ),
    );
    expect(result.status).toBe(200);
    expect(result.data.created).toBe('Sunset Food Hub');
    const organization = await database.db.selectFrom('organizations').selectAll().where('name', '=', 'Sunset Food Hub').executeTakeFirstOrThrow();
    expect(organization).toMatchObject({ kind: 'receiving', response_window_business_days: 2, time_zone: 'America/New_York', mfa_required: true });

    await deliverMail();
    const mail = await smtp.waitFor((message) => message.to.includes('nia.okafor@sunset.example'));
    expect(mail.subject).toBe('Your CareLoop account at Sunset Food Hub');
    inviteLink = linkIn(mail.text, '/invitations')!;
    expect(inviteLink).toBeDefined();
    // The link is a credential: once sent, the delivery no longer keeps it.
    const stored = await database.db.selectFrom('message_deliveries').select('payload').where('kind', '=', 'account.invitation').execute();
    expect(JSON.stringify(stored)).not.toContain(inviteLink.split('/').pop());
  });

  it('refuses bad new organisations field by field and creates nothing', async () => {
    const admin = await signInAs(database, 'admin@careloop.example');
    const before = await database.db.selectFrom('organizations').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const result = await call(
      newOrganization.action,
      postRequest('/admin/organizations/new', { name: '', kind: 'other', responseWindowBusinessDays: '0', timeZone: 'Mars/Olympus', adminName: 'X', adminEmail: 'not-an-email' }, admin),
    );
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors).toMatchObject({
      name: 'Enter the organisation’s name.',
      kind: 'Choose what the organisation does in CareLoop.',
      responseWindowBusinessDays: 'Enter 1 to 30 business days.',
      timeZone: 'Choose a time zone from the list.',
      adminEmail: 'Enter a valid e-mail address.',
    });
    expect(await database.db.selectFrom('organizations').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).toEqual(before);
    const worker = await signInAs(database, 'sam.rivera@clinic.example');
    expect((await call(newOrganization.loader, getRequest('/admin/organizations/new', worker))).status).toBe(404);
  });

  it('sets a password on the link (common and too-short ones refused), once, and must then enrol in MFA', async () => {
    const token = inviteLink.split('/').pop()!;
    const form = await anonymous(invitation.loader, inviteLink, { token });
    expect(form.page.data.invitation).toMatchObject({ email: 'nia.okafor@sunset.example', role: 'org_admin', organization: 'Sunset Food Hub' });

    const short = await call(invitation.action, form.post({ fullName: 'Nia Okafor', password: 'short', confirmPassword: 'short' }), { token });
    expect(short.data.fieldErrors.password).toBe('Use at least 12 characters.');
    const common = await call(invitation.action, form.post({ fullName: 'Nia Okafor', password: 'password1234', confirmPassword: 'password1234' }), { token });
    expect(common.data.fieldErrors.password).toBe('This password is on a list of common passwords; choose another.');
    const personal = await call(invitation.action, form.post({ fullName: 'Nia Okafor', password: 'okafor rules forever', confirmPassword: 'okafor rules forever' }), { token });
    expect(personal.data.fieldErrors.password).toBe('Do not build your password from your name or e-mail address.');
    expect(await database.db.selectFrom('users').select('id').where('email', '=', 'nia.okafor@sunset.example').execute()).toEqual([]);

    const accepted = await call(invitation.action, form.post({ fullName: 'Nia Okafor', password: STRONG, confirmPassword: STRONG }), { token });
    expect(accepted.status).toBe(302);
    const actor = await sessionActor(cookieOf(accepted));
    // Her organisation requires two-step sign-in: every page leads to enrolment first.
    const page = await call(people.loader, getRequest('/organization/users', actor));
    expect(page.location).toBe('/account/mfa');

    const again = await call(invitation.action, form.post({ fullName: 'Someone Else', password: STRONG, confirmPassword: STRONG }), { token });
    expect(again.status).toBe(404);
    expect(again.data.gone).toBe(true);
  });
});

describe('two-step sign-in (TOTP)', () => {
  let secret: string;
  let recoveryCodes: string[];
  const codeNow = (offset = 0) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: Date.now() + offset });

  it('enrols with a QR code and a code from the app, and gives ten recovery codes', async () => {
    const casey = await signInAs(database, 'casey.lee@clinic.example');
    const page = await call(accountMfa.loader, getRequest('/account/mfa', casey));
    expect(page.data.enrolment.qrCode).toMatch(/^data:image\/png;base64,/);
    expect(page.data.enrolment.uri).toMatch(/^otpauth:\/\/totp\/CareLoop:casey\.lee%40clinic\.example\?/);
    secret = page.data.enrolment.secret;
    expect((await call(accountMfa.action, postRequest('/account/mfa', { code: '000000' }, casey))).status).toBe(400);
    const confirmed = await call(accountMfa.action, postRequest('/account/mfa', { code: codeNow() }, casey));
    recoveryCodes = confirmed.data.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    const stored = await database.db.selectFrom('mfa_recovery_codes').innerJoin('users', 'users.id', 'mfa_recovery_codes.user_id').select('code_hash').where('users.email', '=', 'casey.lee@clinic.example').execute();
    expect(stored).toHaveLength(10);
    expect(stored.map((row) => row.code_hash)).not.toContain(recoveryCodes[0]);
    const user = await database.db.selectFrom('users').select('mfa_secret').where('email', '=', 'casey.lee@clinic.example').executeTakeFirstOrThrow();
    expect(user.mfa_secret).not.toContain(secret);
  });

  async function passwordStep(client: string) {
    const form = await anonymous(login.loader, '/login');
    const request = form.post({ email: 'casey.lee@clinic.example', password: DEMO_PASSWORD, redirectTo: '/caseload' });
    request.headers.set('x-client-address', client);
    const result = await call(login.action, request);
    expect(result.location).toBe('/login/code');
    const pending = cookieOf(result);
    const page = await call(loginCode.loader, getRequest('/login/code', { cookie: `${pending}; ${form.post({}).headers.get('Cookie')}` }));
    const csrfCookie = page.headers.get('Set-Cookie')?.split(';')[0] ?? form.post({}).headers.get('Cookie')!;
    return (code: string) => {
      const submit = postRequest('/login/code', { code }, undefined, { csrf: page.data.csrfToken, cookie: `${pending}; ${csrfCookie}` });
      submit.headers.set('x-client-address', client);
      return call(loginCode.action, submit);
    };
  }

  it('asks for the code after the password; a wrong or reused code is refused', async () => {
    const second = await passwordStep('192.0.2.150');
    expect((await second('123456')).status).toBe(401);
    const code = codeNow(30_000);
    const signedIn = await second(code);
    expect(signedIn.status).toBe(302);
    expect(signedIn.location).toBe('/caseload');
    expect(signedIn.headers.getSetCookie().some((line) => line.startsWith('__Host-careloop_session='))).toBe(true);
    const replay = await passwordStep('192.0.2.151');
    expect((await replay(code)).status).toBe(401);
  });

  it('takes a recovery code instead, once', async () => {
    const second = await passwordStep('192.0.2.152');
    expect((await second(recoveryCodes[0])).status).toBe(302);
    const again = await passwordStep('192.0.2.153');
    expect((await again(recoveryCodes[0])).status).toBe(401);
  });

  it('can be reset by the organisation admin, which ends the sessions of the account', async () => {
    const alex = await signInAs(database, 'alex.kim@clinic.example');
    const casey = await signInAs(database, 'casey.lee@clinic.example');
    const page = await call(people.loader, getRequest('/organization/users', alex));
    const member = page.data.members.find((entry: { email: string }) => entry.email === 'casey.lee@clinic.example');
    expect(member).toMatchObject({ mfaEnabled: true, role: 'case_manager' });
    expect(member.lastSignInAt).not.toBeNull();
    const resetMfa = await call(people.action, postRequest('/organization/users', { intent: 'reset-mfa', userId: member.id, version: String(member.version) }, alex));
    expect(resetMfa.data.done).toMatch(/Two-step sign-in was reset/);
    expect((await call(patientsIndex.loader, getRequest('/patients', casey))).status).toBe(302);
    expect((await database.db.selectFrom('users').select('mfa_enabled_at').where('id', '=', member.id).executeTakeFirstOrThrow()).mfa_enabled_at).toBeNull();
  });
});

describe("an organisation admin's people page", () => {
  it("invites, changes a role and disables (every session ends), never across organisations or from a stale page", async () => {
    const alex = await signInAs(database, 'alex.kim@clinic.example');
    const invited = await call(people.action, postRequest('/organization/users', { intent: 'invite', fullName: 'Ravi Shah', email: 'ravi.shah@clinic.example', role: 'social_worker' }, alex));
    expect(invited.data.done).toBe('Invitation sent. The link works once, for 72 hours.');
    const wrongKind = await call(people.action, postRequest('/organization/users', { intent: 'invite', fullName: 'X', email: 'x@clinic.example', role: 'cbo_staff' }, alex));
    expect(wrongKind.data.fieldErrors.role).toBe('Choose a role from the list.');
    const existing = await call(people.action, postRequest('/organization/users', { intent: 'invite', fullName: 'Sam', email: 'sam.rivera@clinic.example', role: 'social_worker' }, alex));
    expect(existing.data.fieldErrors.email).toBe('Someone already has a CareLoop account with this e-mail address.');

    const sam = await signInAs(database, 'sam.rivera@clinic.example');
    const page = await call(people.loader, getRequest('/organization/users', alex));
    expect(page.data.invitations).toEqual([expect.objectContaining({ email: 'ravi.shah@clinic.example', role: 'social_worker' })]);
    const member = page.data.members.find((entry: { email: string }) => entry.email === 'sam.rivera@clinic.example');
    const role = await call(people.action, postRequest('/organization/users', { intent: 'role', userId: member.id, role: 'case_manager', version: String(member.version) }, alex));
    expect(role.status).toBe(200);
    expect((await call(patientsIndex.loader, getRequest('/patients', sam))).status).toBe(302);
    const stale = await call(people.action, postRequest('/organization/users', { intent: 'disable', userId: member.id, version: String(member.version) }, alex));
    expect(stale.status).toBe(409);
    const disabled = await call(people.action, postRequest('/organization/users', { intent: 'disable', userId: member.id, version: String(member.version + 1) }, alex));
    expect(disabled.data.done).toBe('The account was disabled; every session of it has ended.');
    const form = await anonymous(login.loader, '/login');
    const refused = form.post({ email: 'sam.rivera@clinic.example', password: DEMO_PASSWORD });
    refused.headers.set('x-client-address', '192.0.2.160');
    expect((await call(login.action, refused)).status).toBe(401);
    await call(people.action, postRequest('/organization/users', { intent: 'enable', userId: member.id, version: String(member.version + 2) }, alex));
    await call(people.action, postRequest('/organization/users', { intent: 'role', userId: member.id, role: 'social_worker', version: String(member.version + 3) }, alex));

    const self = await call(people.action, postRequest('/organization/users', { intent: 'disable', userId: alex.userId, version: '1' }, alex));
    expect(self.data.formError).toBe('You cannot change your own role or disable your own account.');
    const jordan = await database.db.selectFrom('users').select(['id', 'account_version']).where('email', '=', 'jordan.price@bayviewhealth.example').executeTakeFirstOrThrow();
    const foreign = await call(people.action, postRequest('/organization/users', { intent: 'disable', userId: jordan.id, version: String(jordan.account_version) }, alex));
    expect(foreign.status).toBe(404);
    expect((await database.db.selectFrom('users').select('disabled_at').where('id', '=', jordan.id).executeTakeFirstOrThrow()).disabled_at).toBeNull();
  });
});

describe('passwords', () => {
  it('change with the current one, and the other sessions end', async () => {
    const elsewhere = await signInAs(database, 'jordan.price@bayviewhealth.example');
    const here = await signInAs(database, 'jordan.price@bayviewhealth.example');
    const wrong = await call(account.action, postRequest('/account', { currentPassword: 'not it at all', password: STRONG, confirmPassword: STRONG }, here));
    expect(wrong.data.fieldErrors.currentPassword).toBe('That is not your current password.');
    const weak = await call(account.action, postRequest('/account', { currentPassword: DEMO_PASSWORD, password: 'aaaaaaaaaaaaaaaa', confirmPassword: 'aaaaaaaaaaaaaaaa' }, here));
    expect(weak.data.fieldErrors.password).toMatch(/too easy to guess/);
    const changed = await call(account.action, postRequest('/account', { currentPassword: DEMO_PASSWORD, password: STRONG, confirmPassword: STRONG }, here));
    expect(changed.data.saved).toBe(true);
    expect((await call(patientsIndex.loader, getRequest('/patients', elsewhere))).status).toBe(302);
    expect((await call(patientsIndex.loader, getRequest('/patients', here))).status).toBe(200);
  });

  it('reset by e-mail: a one-time link for an hour, the same answer for an unknown address, every session ended', async () => {
    const session = await signInAs(database, 'lucia.ortiz@centrolatino.example');
    const unknown = await anonymous(forgot.loader, '/password/forgot');
    const quiet = await call(forgot.action, unknown.post({ email: 'nobody@nowhere.example' }));
    const known = await anonymous(forgot.loader, '/password/forgot');
    const sent = await call(forgot.action, known.post({ email: 'lucia.ortiz@centrolatino.example' }));
    expect(quiet.data).toEqual(sent.data);
    expect(await database.db.selectFrom('message_deliveries').select('id').where('kind', '=', 'account.password-reset').execute()).toHaveLength(1);
    const stored = await database.db.selectFrom('password_resets').select(['token_hash', 'expires_at', 'created_at']).executeTakeFirstOrThrow();
    expect(stored.expires_at.getTime() - stored.created_at.getTime()).toBe(3600_000);

    await deliverMail();
    const mail = await smtp.waitFor((message) => message.to.includes('lucia.ortiz@centrolatino.example'));
    const link = linkIn(mail.text, '/password/reset')!;
    const token = link.split('/').pop()!;
    expect(stored.token_hash).not.toBe(token);
    const form = await anonymous(reset.loader, link, { token });
    const done = await call(reset.action, form.post({ password: STRONG, confirmPassword: STRONG }), { token });
    expect(done.data.state).toBe('done');
    expect((await call(patientsIndex.loader, getRequest('/portal', session))).status).toBe(302);
    expect((await call(reset.action, form.post({ password: STRONG, confirmPassword: STRONG }), { token })).status).toBe(404);
  });

  it('sign out everywhere ends every session of the account', async () => {
    const first = await signInAs(database, 'mei.wong@ccmpantry.example');
    const second = await signInAs(database, 'mei.wong@ccmpantry.example');
    const out = await call(account.action, postRequest('/account', { intent: 'sign-out-everywhere' }, second));
    expect(out.location).toBe('/login');
    expect(await database.db.selectFrom('sessions').select('id').where('user_id', '=', first.userId).execute()).toEqual([]);
  });
});

describe('sensitive actions', () => {
  it('ask for the password again when the session proved itself more than 15 minutes ago', async () => {
    const sam = await signInAs(database, 'sam.rivera@clinic.example');
    const { id: patientId } = await database.db
      .insertInto('patients')
      .values({ organization_id: (await database.db.selectFrom('users').select('organization_id').where('id', '=', sam.userId).executeTakeFirstOrThrow()).organization_id, given_name: 'A', family_name: 'B', birth_date: '1990-01-01', postal_code: '94110', preferred_language: 'en', created_by: sam.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const screeningId = '00000000-0000-4000-8000-000000000009';
    await database.db.updateTable('sessions').set({ verified_at: sql`now() - interval '16 minutes'` }).where('user_id', '=', sam.userId).execute();
    const path = `/patients/${patientId}/screenings/${screeningId}/fhir`;
    const exported = await call(fhirExport.loader, getRequest(path, sam), { patientId, screeningId });
    expect(exported.status).toBe(302);
    expect(exported.location).toBe(`/reauthenticate?${new URLSearchParams({ redirectTo: path })}`);
    const wrong = await call(reauthenticate.action, postRequest('/reauthenticate', { password: 'wrong', redirectTo: path }, sam));
    expect(wrong.status).toBe(401);
    const confirmed = await call(reauthenticate.action, postRequest('/reauthenticate', { password: DEMO_PASSWORD, redirectTo: path }, sam));
    expect(confirmed.location).toBe(path);
    // Verified again: the export now answers for the screening itself (this one does not exist: 404).
    expect((await call(fhirExport.loader, getRequest(path, sam), { patientId, screeningId })).status).toBe(404);
  });
});
