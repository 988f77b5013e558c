import { expect, test, type Page } from '@playwright/test';
import * as OTPAuth from 'otpauth';
import { expectAccessible, signIn, signOut } from '../support/e2e';

const PASSWORD = 'copper meadow violin ninety';
const codeFor = (secret: string, offsetMs = 0) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: Date.now() + offsetMs });

/** The newest e-mail to `address` in the Outbox (mail goes to a local folder in the demo), and the link in it. */
async function linkInOutbox(page: Page, address: string, path: string): Promise<string> {
  let link = '';
  await expect(async () => {
    await page.goto('/admin/outbox');
    const message = page.getByRole('listitem').filter({ hasText: address }).first();
    await message.getByRole('link', { name: 'Read the message' }).click();
    const text = (await page.locator('.message-preview').textContent()) ?? '';
    link = new RegExp(`https?://[^\\s]+(${path}/[A-Za-z0-9_-]{43})`).exec(text)?.[1] ?? '';
    expect(link).not.toBe('');
  }).toPass({ timeout: 30_000 });
  return link;
}

test('a new organisation: its first admin sets a password from the e-mail, turns on two-step sign-in, and signs in with a code', async ({ page }) => {
  const suffix = Date.now().toString(36);
  const email = `first.admin.${suffix}@harbour.example`;
  let secret = '';

  await test.step('the platform admin creates the organisation and invites its first admin', async () => {
    await signIn(page, 'admin@careloop.example');
    await page.getByRole('link', { name: 'New organisation' }).click();
    await expectAccessible(page);
    await page.getByLabel('Name', { exact: true }).fill(`Harbour Clinic ${suffix}`);
    await page.getByLabel('Refers patients (a clinic or health system)').check();
    await page.getByLabel('Time zone').selectOption('America/Chicago');
    await page.getByLabel('Everyone signs in with two steps (password and a code from an app)').check();
    await page.getByLabel('Their name').fill('Ines Harbour');
    await page.getByLabel('Their e-mail address').fill(email);
    await page.getByRole('button', { name: 'Create the organisation and invite its admin' }).click();
    await expect(page.getByRole('heading', { name: 'Organisation created' })).toBeVisible();
  });

  const invitation = await linkInOutbox(page, email, '/invitations');
  await signOut(page);

  await test.step('the admin sets a password on the link and is led to set up two-step sign-in', async () => {
    await page.goto(invitation);
    await expect(page.getByRole('heading', { name: 'Set up your account' })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel('Password', { exact: true }).fill('password1234');
    await page.getByLabel('Password again').fill('password1234');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await expect(page.getByText('This password is on a list of common passwords; choose another.')).toBeVisible();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await expect(page.getByRole('heading', { name: 'Two-step sign-in' })).toBeVisible();
    await expect(page.getByText('Your organisation requires two-step sign-in. Set it up to continue.')).toBeVisible();
    await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
    await expectAccessible(page);
    secret = ((await page.locator('code').first().textContent()) ?? '').trim();
    await page.getByLabel('Code from your app').fill(codeFor(secret));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
    await page.getByRole('link', { name: 'Go to your home page' }).click();
    await signOut(page);
  });

  await test.step('signing in now asks for the code from the app', async () => {
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Enter your sign-in code' })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel('Code').fill(codeFor(secret, 30_000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await page.getByRole('link', { name: 'People' }).click();
    await expect(page.getByRole('heading', { name: `People of Harbour Clinic ${suffix}` })).toBeVisible();
    await expectAccessible(page);
  });
});

test('an organisation admin invites someone, and the page stays usable on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'alex.kim@clinic.example');
  await page.getByRole('link', { name: 'People' }).click();
  const invitee = `new.worker.${Date.now().toString(36)}@clinic.example`;
  await page.getByLabel('Name', { exact: true }).fill('Noor Haddad');
  await page.getByLabel('E-mail').fill(invitee);
  await page.getByLabel('Role', { exact: true }).last().selectOption('social_worker');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status')).toContainText('Invitation sent.');
  await expect(page.getByText(invitee)).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await expectAccessible(page);
});

test('before an idle session ends the page warns, and a form sent after it ended keeps what was typed', async ({ page }) => {
  await page.clock.install();
  await signIn(page, 'sam.rivera@clinic.example');
  await page.goto('/patients/new');
  // The page's idle timer starts when it has hydrated; a jump made before that moves nothing, so jump again.
  await expect(async () => {
    await page.clock.fastForward('28:30');
    await expect(page.getByRole('alertdialog')).toContainText('you will be signed out in two minutes', { timeout: 6_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Stay signed in' }).click();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);

  await page.clock.fastForward('31:00');
  await expect(page.getByRole('alert').filter({ hasText: 'You were signed out because you were away' })).toBeVisible();
  await page.getByLabel('First name').fill('Kept');
  await page.getByLabel('Last name').fill('Across');
  await page.getByRole('button', { name: 'Register patient' }).click();
  // Signed in again (here the server's own clock has not moved, so the session is still there).
  await expect(page.getByText('What you had typed is back in the form')).toBeVisible();
  await expect(page.getByLabel('First name')).toHaveValue('Kept');
  await expect(page.getByLabel('Last name')).toHaveValue('Across');
});
