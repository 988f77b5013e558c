import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, signIn } from '../support/e2e';

// With SCREENSHOTS=1 the run also refreshes the README's pictures of the report pages.
const screenshots = process.env.SCREENSHOTS === '1';
async function picture(page: Page, name: string) {
  if (!screenshots) return;
  fs.mkdirSync('docs/screenshots', { recursive: true });
  await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: false });
}

async function fitsOnAPhone(page: Page) {
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('a case manager opens last quarter’s funnel for food, downloads the CSV, and its numbers match the table', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'casey.lee@clinic.example');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  await expect(page.getByText(/Figures as of/)).toBeVisible();
  await expectAccessible(page);
  await picture(page, 'reports-dashboard');

  await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Referral funnel' }).click();
  await page.getByLabel('Period').selectOption('last-quarter');
  await page.getByLabel('Need').selectOption('food');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/period=last-quarter/);
  await expect(page).toHaveURL(/need=food/);
  const funnel = page.getByRole('region', { name: 'Referral funnel: sent, accepted, completed, and the other endings' }).getByRole('table');
  await expect(funnel).toBeVisible();
  await expect(page.getByRole('img', { name: /Referrals sent, and what became of them/ })).toBeVisible();
  await expectAccessible(page);
  await picture(page, 'reports-funnel');

  const onScreen = await funnel.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => [row.querySelector('th')!.textContent!.trim(), row.querySelectorAll('td')[0].textContent!.replace(/,/g, '').trim()]),
  );
  expect(Number(onScreen[0][1])).toBeGreaterThan(0);

  const section = page.locator('section.report-table', { has: page.getByRole('heading', { name: 'Referral funnel: sent, accepted, completed, and the other endings' }) });
  const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('link', { name: 'Download this table as CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^careloop-funnel-funnel-\d{4}-\d{2}-01-to-\d{4}-\d{2}-\d{2}-food\.csv$/);
  const rows = parse(fs.readFileSync(await download.path(), 'utf8')) as string[][];
  expect(rows[0]).toEqual(['Stage', 'Referrals', 'Share of sent (%)']);
  expect(rows.slice(1).map((row) => [row[0], row[1]])).toEqual(onScreen);

  await fitsOnAPhone(page);
});

test('each report page is accessible, has charts with data tables, and fits a phone; Spanish too', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'alex.kim@clinic.example');
  for (const [path, name] of [
    ['/reports/screening?period=last-12-months', 'reports-screening'],
    ['/reports/intervention?period=last-12-months', 'reports-intervention'],
    ['/reports/outcomes?period=last-12-months', 'reports-outcomes'],
    ['/reports/funnel?period=last-12-months&by=language', 'reports-funnel-by-language'],
  ]) {
    await page.goto(path);
    await expect(page.getByRole('img').first()).toBeVisible();
    await expect(page.getByRole('table').first()).toBeVisible();
    await expectAccessible(page);
    await picture(page, name);
    await fitsOnAPhone(page);
  }
  await page.goto('/reports/funnel?period=last-12-months&lng=es');
  await expect(page.getByRole('heading', { name: 'Embudo de derivaciones', level: 1 })).toBeVisible();
  await expectAccessible(page);
});

test('the platform admin sees the network in aggregate', async ({ page }) => {
  await signIn(page, 'admin@careloop.example');
  await page.goto('/reports');
  await expect(page.getByRole('heading', { name: 'The network this month' })).toBeVisible();
  await page.goto('/reports/funnel?period=last-12-months');
  await expect(page.getByLabel('Organisation', { exact: true })).toBeVisible();
  await expectAccessible(page);
  const response = await page.request.get('/reports/referrals.csv');
  expect(response.status()).toBe(403);
});
