import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const PASSWORD = 'careloop-demo';

async function signIn(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to CareLoop' })).toBeVisible();
}

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''));
  expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
}

/** Nothing runs off the side of a phone's screen. */
async function expectFitsPhone(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}

test('consent with contact details → the CBO calls, declines at capacity → the worker re-refers → a second CBO completes → the case manager sees it closed, in Pacific time', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const family = `Flow${Date.now().toString(36)}`;
  const patient = `Inés ${family}`;

  await test.step('the worker registers the patient and sends a referral with consent to share the phone number', async () => {
    await signIn(page, 'sam.rivera@clinic.example');
    await page.getByRole('link', { name: 'Register a patient' }).click();
    await page.getByLabel('First name').fill('Inés');
    await page.getByLabel('Last name').fill(family);
    await page.getByLabel('Date of birth').fill('1979-10-21');
    await page.getByLabel('ZIP code').fill('94124');
    await page.getByLabel('Phone').fill('415-555-0761');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await expect(page.getByRole('heading', { name: patient })).toBeVisible();
    await page.getByRole('link', { name: 'Add a need by hand' }).click();
    await page.getByLabel('Kind of need').selectOption('food-insecurity');
    await page.getByRole('button', { name: 'Add need' }).click();
    await page.getByRole('link', { name: 'Find services' }).first().click();
    await page.getByLabel('Only organisations that receive referrals in CareLoop').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('listitem').filter({ hasText: 'BAYVIEW MISSION - Food Pantries' }).first().getByRole('link', { name: 'Refer to this service' }).click();
    await expect(page.getByRole('heading', { name: 'Send a referral' })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel('Phone number').check();
    await page.getByLabel('Verbal').check();
    await page.getByLabel(/The patient consents to this referral/).check();
    await page.getByRole('button', { name: 'Send referral' }).click();
    const confirmation = page.getByRole('status').filter({ hasText: 'Referral sent to BAYVIEW MISSION' });
    await expect(confirmation).toBeFocused();
    // Every time in the San Francisco clinic's time zone.
    await expect(page.locator('.facts')).toContainText(/P[SD]T/);
    await expect(page.locator('.facts')).not.toContainText('UTC');
    await signOut(page);
  });

  await test.step('the community organisation sees the phone number, logs two calls, writes to the worker and declines at capacity', async () => {
    await signIn(page, 'dee.johnson@bayviewmission.example');
    await expect(page.getByRole('heading', { name: 'Referral inbox' })).toBeVisible();
    await page.getByRole('link', { name: /^New referrals/ }).click();
    await expect(page).toHaveURL(/tab=new/);
    await page.getByRole('link', { name: patient }).click();
    await expect(page.getByRole('link', { name: 'Call 415-555-0761' })).toHaveAttribute('href', 'tel:4155550761');
    await expectAccessible(page);
    for (const result of ['No answer', 'Left a message']) {
      const attempts = page.getByRole('region', { name: 'Log a contact attempt' });
      await attempts.getByLabel('Result').selectOption({ label: result });
      await attempts.getByRole('button', { name: 'Log attempt' }).click();
      await expect(page.getByRole('status')).toHaveText('Contact attempt logged.');
    }
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(timeline.getByText(/Contact attempt: Phone call/)).toHaveCount(2);
    await page.getByLabel('Write a message').fill('We tried twice. Our pantry list is full this month.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText('Message sent.');
    await page.getByText('Decline…').click();
    await page.getByRole('form', { name: 'Decline' }).getByLabel('Reason', { exact: true }).selectOption({ label: 'At capacity — no room for new clients' });
    await page.getByRole('button', { name: 'Decline', exact: true }).click();
    await expect(page.getByRole('status')).toContainText('now declined');
    await expect(page.locator('.facts')).toContainText('At capacity');
    await signOut(page);
  });

  await test.step('the worker reads the message and refers again, the declined service marked', async () => {
    await signIn(page, 'sam.rivera@clinic.example');
    await page.goto('/caseload?tab=closed');
    await page.getByRole('link', { name: patient }).click();
    await expect(page.getByRole('region', { name: /Messages/ })).toContainText('Our pantry list is full this month.');
    await page.getByRole('link', { name: 'Refer again' }).click();
    await expect(page.getByText('Referring again: the new referral replaces the earlier one')).toBeVisible();
    await page.getByLabel('Only organisations that receive referrals in CareLoop').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('listitem').filter({ hasText: 'BAYVIEW MISSION - Food Pantries' }).first()).toContainText('The earlier referral went here');
    await page.getByRole('listitem').filter({ hasText: 'CHINESE CHRISTIAN MISSION' }).first().getByRole('link', { name: 'Refer to this service' }).click();
    await page.getByLabel('Phone number').check();
    await page.getByLabel('Verbal').check();
    await page.getByLabel(/The patient consents to this referral/).check();
    await page.getByRole('button', { name: 'Send referral' }).click();
    await expect(page.getByRole('status')).toContainText('Referral sent to CHINESE CHRISTIAN MISSION');
    await expect(page.locator('.facts')).toContainText('Replaces');
    await signOut(page);
  });

  await test.step('the second organisation accepts and completes it, saying what was delivered', async () => {
    await signIn(page, 'mei.wong@ccmpantry.example');
    await page.getByRole('link', { name: patient }).click();
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect(page.getByRole('status')).toContainText('now accepted');
    await page.getByText('Complete…').click();
    await page.getByLabel('What was delivered').selectOption({ label: 'Food, goods or supplies provided' });
    await page.getByRole('button', { name: 'Complete', exact: true }).click();
    await expect(page.getByRole('status')).toContainText('now completed');
    await signOut(page);
  });

  await test.step('the case manager sees it closed, with its due date and times in Pacific time, on a phone too', async () => {
    await signIn(page, 'casey.lee@clinic.example');
    await expect(page).toHaveURL(/\/caseload$/);
    await page.getByRole('link', { name: 'Everyone in my organisation' }).click();
    await expect(page).toHaveURL(/scope=all/);
    await page.getByRole('link', { name: /^Closed/ }).click();
    await expect(page).toHaveURL(/tab=closed/);
    await page.getByRole('searchbox', { name: 'Patient name' }).fill(family);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByRole('status')).toContainText('Referrals of patients named');
    await expect(page.getByRole('link', { name: patient })).toHaveCount(2);
    await page.getByRole('row').filter({ hasText: 'CHINESE CHRISTIAN' }).getByRole('link', { name: patient }).click();
    await expect(page.getByText('Completed', { exact: true }).first()).toBeVisible();
    const facts = page.locator('.facts').first();
    await expect(facts).toContainText('Answer due by');
    await expect(facts).toContainText(/P[SD]T/);
    await expect(facts).toContainText('Food, goods or supplies provided');
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(timeline).toContainText('Delivered: Food, goods or supplies provided');
    await expect(timeline.locator('time').first()).toContainText(/P[SD]T/);
    await expectAccessible(page);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/caseload?scope=all&tab=all');
    await expectFitsPhone(page);
    await expectAccessible(page);
  });
});

test('a referral to a service not on CareLoop is recorded, shows the service’s details and puts a follow-up on the worklist', async ({ page }) => {
  const family = `Walk${Date.now().toString(36)}`;
  await signIn(page, 'casey.lee@clinic.example');
  await page.goto('/patients/new');
  await page.getByLabel('First name').fill('Tobías');
  await page.getByLabel('Last name').fill(family);
  await page.getByLabel('Date of birth').fill('1958-02-11');
  await page.getByLabel('ZIP code').fill('94110');
  await page.getByLabel('Phone').fill('415-555-0762');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await page.getByRole('link', { name: 'Add a need by hand' }).click();
  await page.getByLabel('Kind of need').selectOption('food-insecurity');
  await page.getByRole('button', { name: 'Add need' }).click();
  await page.getByRole('link', { name: 'Find services' }).first().click();
  await page.getByRole('link', { name: 'Refer (not on CareLoop)' }).first().click();
  await expect(page.getByRole('heading', { name: 'Refer to a service not on CareLoop' })).toBeVisible();
  await page.getByLabel('Verbal').check();
  await page.getByLabel(/The patient agrees to this referral/).check();
  await page.getByRole('button', { name: 'Record referral' }).click();
  await expect(page.getByRole('status')).toContainText('Referral recorded');
  await expect(page.getByRole('heading', { name: /How the patient reaches/ })).toBeVisible();
  await expectAccessible(page);
  const organization = (await page.getByRole('heading', { name: /How the patient reaches/ }).textContent())!.replace('How the patient reaches ', '').trim();
  await page.addInitScript(() => {
    window.print = () => undefined;
  });
  await page.getByRole('link', { name: 'Give the patient the handout' }).click();
  await expect(page.getByRole('heading', { name: `Handout for Tobías ${family}` })).toBeVisible();
  const handout = page.getByRole('article', { name: 'Services for you' });
  await expect(handout.getByRole('heading', { level: 3 })).toHaveCount(1);
  await expect(handout).toContainText(organization);
  await page.getByRole('button', { name: 'Print and record as given' }).click();
  await expect(page.getByRole('status')).toContainText('Recorded on the patient’s timeline');
  await page.getByRole('link', { name: 'Back to the referral' }).click();
  await expect(page.getByRole('heading', { name: /How the patient reaches/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Information given (printed)');
  await page.getByLabel('The patient reached the service').check();
  await page.getByRole('button', { name: 'Save what happened' }).click();
  await expect(page.getByRole('status')).toContainText('now accepted');
  await page.getByRole('link', { name: 'Worklist' }).click();
  await expect(page.getByRole('row').filter({ hasText: `Tobías ${family}` })).toContainText('Check the outcome');
  await expectAccessible(page);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the community organisation declines with a coded reason, and a missing reason gets its field message', async ({ page }) => {
    await signIn(page, 'dee.johnson@bayviewmission.example');
    await page.goto('/portal?tab=new');
    await page.getByRole('table').getByRole('link').first().click();
    await page.getByText('Decline…').click();
    await page.getByRole('button', { name: 'Decline', exact: true }).click();
    await expect(page.getByText('Choose a reason for this change.').first()).toBeVisible();
    await page.getByRole('form', { name: 'Decline' }).getByLabel('Reason', { exact: true }).selectOption({ label: 'Duplicate of another referral' });
    await page.getByRole('button', { name: 'Decline', exact: true }).click();
    await expect(page.getByRole('status')).toContainText('now declined');
  });
});
