import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import yazl from 'yazl';
import { expectAccessible, signIn, signOut } from '../support/e2e';

const CCM_FOOD_PANTRY = 'CHINESE CHRISTIAN MISSION FOOD PANTRY - Food Pantries';
const CENTRO_LATINO = 'CENTRO LATINO DE SAN FRANCISCO - Brown Bag Food Programs';

/** A patient with a food need added by hand; ends on the need's results. Each has its own phone: the same birth date and phone is a likely duplicate. */
async function patientWithFoodNeed(page: Page, family: string, phone: string) {
  await page.getByRole('link', { name: 'Register a patient' }).click();
  await page.getByLabel('First name').fill('Rosa');
  await page.getByLabel('Last name').fill(family);
  await page.getByLabel('Date of birth').fill('1984-03-12');
  await page.getByLabel('ZIP code').fill('94124');
  await page.getByLabel('Phone').fill(phone);
  await page.getByLabel('Preferred language').selectOption('es');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('heading', { name: `Rosa ${family}` })).toBeVisible();
  await page.getByRole('link', { name: 'Add a need by hand' }).click();
  await page.getByLabel('Kind of need').selectOption('food-insecurity');
  await page.getByRole('button', { name: 'Add need' }).click();
  await page.getByRole('link', { name: 'Find services' }).first().click();
  await expect(page.getByRole('heading', { name: /Services for Food Insecurity/ })).toBeVisible();
}

test('a worker opens a service page and prints a handout in the patient’s language', async ({ page }) => {
  const family = `Handout${Date.now().toString(36)}`;
  await page.addInitScript(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed += 1;
    };
  });
  await signIn(page, 'sam.rivera@clinic.example');
  await patientWithFoodNeed(page, family, '415-555-0151');

  const cards = page.getByRole('list', { name: 'Matching services' }).getByRole('listitem');
  await expect(cards.first()).toContainText('mi away');
  await expectAccessible(page);

  await test.step('the service page shows what the directory holds', async () => {
    await page.getByLabel('Only organisations that receive referrals in CareLoop').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const centro = cards.filter({ hasText: CENTRO_LATINO }).first();
    await expect(centro).toContainText('Receives referrals in CareLoop');
    await expect(centro).toContainText('415-861-8790');
    await centro.getByRole('link', { name: CENTRO_LATINO }).click();
    await expect(page.getByRole('heading', { name: CENTRO_LATINO, level: 1 })).toBeVisible();
    const facts = page.locator('dl.facts');
    await expect(facts).toContainText('Phone');
    await expect(facts.getByRole('link', { name: '415-861-8790' }).first()).toHaveAttribute('href', 'tel:4158618790');
    await expect(facts).toContainText('mi away');
    await expect(facts).toContainText(/Mon, Tue, Wed, Thu, Fri 9 am – 5 pm/);
    await expect(facts).toContainText('Last verified');
    await expect(page.getByRole('link', { name: 'Refer to this service' })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('link', { name: /← Services for Food Insecurity/ }).click();
  });

  await test.step('the worker ticks two services and prints the handout', async () => {
    await page.getByLabel('Only organisations that receive referrals in CareLoop').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    for (const name of ['BAYVIEW MISSION - Food Pantries', CENTRO_LATINO]) {
      await cards.filter({ hasText: name }).first().getByLabel('Add to handout').check();
    }
    await page.getByRole('button', { name: 'Make a handout of the ticked services' }).click();
    await expect(page.getByRole('heading', { name: `Handout for Rosa ${family}` })).toBeVisible();
    const handout = page.getByRole('article', { name: 'Servicios para usted' });
    await expect(handout.getByRole('heading', { level: 3 })).toHaveText(['BAYVIEW MISSION - Food Pantries', CENTRO_LATINO]);
    await expect(handout).toContainText('415-861-8790');
    await expect(handout).toContainText('Dirección');
    await expect(handout).toContainText('Horario');
    await expect(handout.getByRole('img', { name: /Código QR de/ })).toHaveCount(2);
    // The title never names the need.
    await expect(handout.getByRole('heading', { level: 2 })).toHaveText('Servicios para usted');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Print and record as given' }).click();
    await expect(page.getByRole('status')).toContainText('Recorded on the patient’s timeline');
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'Print and record as given' })).toBeHidden();
    await expect(page.getByRole('banner')).toBeHidden();
    await expect(handout).toBeVisible();
    await page.emulateMedia({ media: 'screen' });
  });

  await test.step('the handout is on the patient’s timeline', async () => {
    await page.getByRole('link', { name: /← Services for Food Insecurity/ }).click();
    await page.getByRole('link', { name: `← Rosa ${family}` }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await expect(timeline).toContainText(`Information given (printed): BAYVIEW MISSION - Food Pantries, ${CENTRO_LATINO}`);
  });
});

test('a community organisation says it has no capacity, and the worker is warned in the referral form', async ({ page }) => {
  await test.step('the organisation sets “No capacity” on its listing', async () => {
    await signIn(page, 'mei.wong@ccmpantry.example');
    await page.getByRole('link', { name: 'Your listings' }).click();
    await expect(page.getByRole('heading', { name: 'Your listings' })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('link', { name: CCM_FOOD_PANTRY }).click();
    await page.getByLabel('No capacity').check();
    await page.getByLabel('Note (optional)').fill('Restocking; call before sending anyone');
    await page.getByRole('button', { name: 'Save capacity' }).click();
    await expect(page.getByRole('status')).toContainText('Saved');
    await expectAccessible(page);

    // A closing time before the opening time is refused with a message at the field.
    await page.getByLabel('Monday closes').fill('08:00');
    await page.getByRole('button', { name: 'Save listing' }).click();
    await expect(page.getByText('The closing time must come after the opening time.')).toBeVisible();
    await signOut(page);
  });

  await test.step('the worker sees the warning and has to confirm', async () => {
    await signIn(page, 'sam.rivera@clinic.example');
    await patientWithFoodNeed(page, `Capacity${Date.now().toString(36)}`, '415-555-0152');
    await page.getByLabel('Only organisations that receive referrals in CareLoop').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const card = page.getByRole('list', { name: 'Matching services' }).getByRole('listitem').filter({ hasText: CCM_FOOD_PANTRY }).first();
    await expect(card).toContainText('No capacity');
    await card.getByRole('link', { name: 'Refer to this service' }).click();
    await expect(page.getByRole('note')).toContainText('has no capacity for this service now');
    await expect(page.getByText('Restocking; call before sending anyone')).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel('Verbal').check();
    await page.getByLabel(/The patient consents to this referral/).check();
    await page.getByRole('button', { name: 'Send referral' }).click();
    await expect(page.getByText('Confirm that you want to send the referral anyway.').first()).toBeVisible();
    await page.getByLabel('Send the referral anyway').check();
    await page.getByRole('button', { name: 'Send referral' }).click();
    await expect(page.getByRole('heading', { name: CCM_FOOD_PANTRY })).toBeVisible();
    await signOut(page);
  });

  await test.step('the organisation is accepting again', async () => {
    await signIn(page, 'mei.wong@ccmpantry.example');
    await page.getByRole('link', { name: 'Your listings' }).click();
    await page.getByRole('link', { name: CCM_FOOD_PANTRY }).click();
    await page.getByLabel('Accepting referrals').check();
    await page.getByRole('button', { name: 'Save capacity' }).click();
    await expect(page.getByRole('status')).toContainText('Saved');
  });
});

test('a platform admin dry-runs an uploaded HSDS package and sees the report', async ({ page }) => {
  const zip = new yazl.ZipFile();
  const fixture = path.resolve('tests/fixtures/hsds-example');
  for (const file of fs.readdirSync(fixture).filter((name) => name !== 'README.md')) zip.addFile(path.join(fixture, file), file);
  zip.end();
  const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-hsds-')), 'example.zip');
  await new Promise<void>((resolve) => zip.outputStream.pipe(fs.createWriteStream(target)).on('finish', () => resolve()));

  await signIn(page, 'admin@careloop.example');
  await page.getByRole('link', { name: 'Directory imports' }).click();
  await expectAccessible(page);
  await page.getByLabel('HSDS package (ZIP)').setInputFiles(target);
  await page.getByLabel('Dry run: check the package, write nothing').check();
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByRole('heading', { name: 'Dry run of example.zip' })).toBeVisible();
  await expect(page.getByText('The package is valid. Nothing was written.')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('list').filter({ hasText: 'services' })).toContainText('1 services');
  await expectAccessible(page);
  await page.getByRole('link', { name: '← Directory imports' }).click();
  await expect(page.getByRole('table', { name: 'Directory imports' })).toContainText('example.zip (dry run)');
});
