import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, signIn, signOut } from '../support/e2e';

/** The header's notifications link, once the background job has delivered what is expected. */
async function expectUnread(page: Page, count: number) {
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('link', { name: `Notifications, ${count} unread` })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

/** Starts from an empty unread count (other tests notify the same demo accounts). */
async function markAllRead(page: Page, email: string) {
  await signIn(page, email);
  await page.goto('/notifications');
  const button = page.getByRole('button', { name: 'Mark all as read' });
  if (await button.isVisible()) await button.click();
  await expect(page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
  await signOut(page);
}

test('a referral reaches the community organisation as a notification and an e-mail, and its acceptance reaches the worker', async ({ page }) => {
  const family = `Notify${Date.now().toString(36)}`;
  await markAllRead(page, 'dee.johnson@bayviewmission.example');
  await markAllRead(page, 'sam.rivera@clinic.example');

  await test.step('the worker refers a patient with a food need', async () => {
    await signIn(page, 'sam.rivera@clinic.example');
    await page.getByRole('link', { name: 'Register a patient' }).click();
    await page.getByLabel('First name').fill('Marta');
    await page.getByLabel('Last name').fill(family);
    await page.getByLabel('Date of birth').fill('1979-07-04');
    await page.getByLabel('ZIP code').fill('94124');
    await page.getByLabel('Phone').fill('415-555-0150');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await expect(page.getByRole('heading', { name: `Marta ${family}` })).toBeVisible();
    await page.getByRole('link', { name: 'Add a need' }).click();
    await page.getByLabel('Kind of need').selectOption('food-insecurity');
    await page.getByRole('button', { name: 'Add need' }).click();
    await page.getByRole('link', { name: 'Find services' }).first().click();
    await page.getByLabel('Only organisations that receive referrals in CareLoop').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('listitem').filter({ hasText: 'BAYVIEW MISSION - Food Pantries' }).first().getByRole('link', { name: /Refer/ }).click();
    await page.getByLabel('Verbal').check();
    await page.getByLabel(/The patient consents to this referral/).check();
    await page.getByRole('button', { name: 'Send referral' }).click();
    await expect(page.getByRole('heading', { name: 'BAYVIEW MISSION - Food Pantries' })).toBeVisible();
    await signOut(page);
  });

  await test.step('the community organisation sees the unread badge and the notification, which opens the referral', async () => {
    await signIn(page, 'dee.johnson@bayviewmission.example');
    await expectUnread(page, 1);
    await page.getByRole('link', { name: 'Notifications, 1 unread' }).click();
    await expect(page.getByRole('heading', { name: 'Notifications' })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('link', { name: /You have a new referral at CareLoop/ }).first().click();
    await expect(page.getByRole('link', { name: 'Notifications' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Accept' })).toBeVisible();
  });

  await test.step('the e-mail is in the Outbox, without the patient’s name', async () => {
    await signOut(page);
    await signIn(page, 'admin@careloop.example');
    await page.getByRole('link', { name: 'Outbox' }).click();
    await expect(page.getByRole('heading', { name: 'Outbox' })).toBeVisible();
    await expectAccessible(page);
    const email = page.getByRole('main').getByRole('listitem').filter({ hasText: 'dee.johnson@bayviewmission.example' }).first();
    await expect(email).toContainText('Sent');
    await email.getByRole('link', { name: 'Read the message' }).click();
    await expect(page.getByRole('heading', { name: 'You have a new referral at CareLoop' })).toBeVisible();
    await expect(page.locator('pre')).toContainText('/portal/referrals/');
    await expect(page.locator('pre')).not.toContainText(family);
    await signOut(page);
  });

  await test.step('the organisation accepts, and the worker is told', async () => {
    await signIn(page, 'dee.johnson@bayviewmission.example');
    await page.getByRole('link', { name: `Marta ${family}` }).click();
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect(page.getByRole('status')).toContainText('now accepted');
    await signOut(page);

    await signIn(page, 'sam.rivera@clinic.example');
    await expectUnread(page, 1);
    await page.getByRole('link', { name: 'Notifications, 1 unread' }).click();
    const newest = page.getByRole('main').getByRole('listitem').first();
    await expect(newest).toContainText('A referral was accepted');
    await expect(newest).toContainText('Bayview Mission accepted a referral to BAYVIEW MISSION - Food Pantries.');
    await page.getByRole('link', { name: 'E-mail settings' }).click();
    await expectAccessible(page);
    await page.getByRole('group', { name: 'A referral you sent was accepted' }).getByLabel('In a daily digest').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status')).toContainText('Your e-mail settings are saved.');
  });
});
