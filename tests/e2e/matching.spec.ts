import { expect, test } from '@playwright/test';
import { expectAccessible, signIn, signOut } from '../support/e2e';

test('a worker searches the directory like a 211 tool: free text, filters, facets, paging, all in the URL', async ({ page }) => {
  await signIn(page, 'sam.rivera@clinic.example');
  await page.getByRole('link', { name: 'Service search' }).click();
  await expect(page.getByRole('heading', { name: 'Find services' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('What does the person need?').fill('ayuda con renta');
  await page.getByLabel('ZIP code or address').fill('94110');
  await page.getByLabel('Language', { exact: true }).selectOption('es');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=ayuda\+con\+renta/);
  await expect(page.getByRole('status')).toContainText('Housing Instability');
  await expect(page.getByRole('status')).toContainText('miles of 94110');
  const results = page.getByRole('list', { name: 'Matching services' }).getByRole('listitem');
  await expect(results).toHaveCount(10);
  await expect(results.first()).toContainText(/mi · (speaks Spanish|Spanish not listed — call to check)/);
  // Facet counts stand beside the filters they belong to.
  await expect(page.getByLabel('Language', { exact: true }).locator('option', { hasText: /Spanish \(\d+\)/ })).toHaveCount(1);
  await expect(page.getByText(/Receives referrals in CareLoop \(\d+\)/)).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText('Page 2 of')).toBeVisible();
  await page.goBack();
  await expect(page.getByText('Page 1 of')).toBeVisible();

  // A need chip narrows to the need and keeps the rest of the query.
  await page.getByRole('navigation', { name: 'Needs' }).getByRole('link', { name: 'Legal Help' }).click();
  await expect(page).toHaveURL(/need=legal-help/);
  await expect(page).toHaveURL(/place=94110/);

  // A typo is forgiven; a place that is not one gets a message on its field.
  await page.goto('/search?q=pantires&place=94124');
  await expect(results.first()).toContainText(/Food Pantries|pantr/i);
  await page.goto('/search?q=food&place=Atlantis');
  await expect(page.getByText('We could not find that place.')).toBeVisible();
  await expectAccessible(page);

  // On a phone, the results and filters fit the screen.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/search?need=food-insecurity&place=94133&language=zh&requireLanguage=1');
  await expect(results.first()).toContainText('speaks Chinese');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await signOut(page);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the search form works as a plain GET form', async ({ page }) => {
    await signIn(page, 'casey.lee@clinic.example');
    await page.goto('/search');
    await page.getByLabel('What does the person need?').fill('food pantry');
    await page.getByLabel('ZIP code or address').fill('San Francisco, CA');
    await page.getByLabel('Distance').selectOption('3');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/radius=3/);
    await expect(page.getByRole('status')).toContainText('within 3 miles of San Francisco, CA');
    await expect(page.getByRole('list', { name: 'Matching services' }).getByRole('listitem').first()).toContainText(/mi/);
  });
});

test('a platform admin edits a need, previews the top results for a ZIP, and saves', async ({ page }) => {
  await signIn(page, 'admin@careloop.example');
  await page.getByRole('link', { name: 'Needs', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Needs and what they look for' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Transportation Insecurity' }).click();
  const phrases = page.getByLabel('English phrases');
  await phrases.fill(`${await phrases.inputValue()}\nbicycle repair | 0.9`);
  await page.getByLabel('ZIP code').fill('94110');
  await page.getByRole('button', { name: 'Preview the top results' }).click();
  await expect(page.getByRole('heading', { name: 'Top results near 94110' })).toBeVisible();
  await expect(page.getByText('Not saved yet: this is what the change would find.')).toBeVisible();
  await expect(page.getByText('THE BIKE KITCHEN - Bicycle Maintenance/Repair Personnel')).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('English phrases').fill('bicycle repair | 0.9 | oops');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Each line holds one value and at most one weight, separated by "|".')).toBeVisible();

  await page.getByLabel('English phrases').fill('bus pass\nbicycle repair | 0.9');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved. Every service is being scored again.')).toBeVisible();
  await expect(page.getByLabel('English phrases')).toHaveValue('bus pass\nbicycle repair | 0.9');
  await signOut(page);
});

test('/api/match: the language is a preference, and bad input is a 400 naming the parameter', async ({ request }) => {
  const api = await request.get('/api/match?need=food-insecurity&zip=94110&language=es&limit=20');
  const body = await api.json();
  expect(body.hits.some((hit: { languageMatch: boolean }) => hit.languageMatch)).toBe(true);
  expect(body.hits.some((hit: { languageMatch: boolean }) => !hit.languageMatch)).toBe(true);
  const bad = await request.get('/api/match?need=food-insecurity&zip=94110&radiusMi=0');
  expect(bad.status()).toBe(400);
  expect((await bad.json()).field).toBe('radiusMi');
});
