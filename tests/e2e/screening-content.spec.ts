import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, signIn } from '../support/e2e';

// Each test's patient has its own phone: the same birth date and phone would be a likely duplicate.
async function registerPatient(page: Page, family: string, phone: string) {
  await page.getByRole('link', { name: 'Register a patient' }).click();
  await page.getByLabel('First name').fill('Marta');
  await page.getByLabel('Last name').fill(family);
  await page.getByLabel('Date of birth').fill('1979-09-21');
  await page.getByLabel('ZIP code').fill('94110');
  await page.getByLabel('Phone').fill(phone);
  await page.getByLabel('Preferred language').selectOption('es');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('heading', { name: `Marta ${family}` })).toBeVisible();
}

test('a PRAPARE with no housing proposes homelessness, and the worker adds a second need from an item in one click', async ({ page }) => {
  await signIn(page, 'sam.rivera@clinic.example');
  await registerPatient(page, `Prapare${Date.now().toString(36)}`, '415-555-0187');
  await page.getByRole('link', { name: 'Start a screening' }).click();
  await page.getByRole('link', { name: 'Start PRAPARE' }).click();
  await expect(page.getByRole('heading', { name: 'PRAPARE' })).toBeVisible();
  // The NACHC form's wording, one way to decline per question.
  const housing = page.getByRole('group', { name: /What is your housing situation today\?/ });
  await expect(housing.getByLabel('I choose not to answer this question')).toBeVisible();
  await expect(housing.getByLabel('Declined to answer')).toHaveCount(0);
  await housing.getByLabel(/I do not have housing/).check();
  await page.getByRole('group', { name: /What is your main insurance\?/ }).getByLabel('None/uninsured').check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Submit and score' }).click();

  await expect(page.getByRole('heading', { name: 'PRAPARE: results' })).toBeVisible();
  const proposed = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Homelessness' }) });
  await expect(proposed).toContainText('Z59.0');
  await expect(proposed.getByRole('button', { name: 'Confirm need' })).toBeVisible();
  await expectAccessible(page);

  const insurance = page.getByRole('list', { name: 'Answered items' }).getByRole('listitem').filter({ hasText: 'What is your main insurance?' });
  await expect(insurance).toContainText('Health Insurance Coverage Status');
  await insurance.getByRole('button', { name: 'Add need: Health Insurance Coverage Status (Z59.71)' }).click();
  const added = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Health Insurance Coverage Status' }) });
  await expect(added).toContainText('Confirmed.');
  await expect(added).toContainText('From the answers to: What is your main insurance?');
  await expect(page.getByRole('list', { name: 'Answered items' }).getByRole('listitem').filter({ hasText: 'What is your main insurance?' })).toContainText('The patient has this need open.');
});

test('a Spanish self-screening link shows the warning first: no official Spanish version is loaded', async ({ page }) => {
  await signIn(page, 'sam.rivera@clinic.example');
  await registerPatient(page, `Enlace${Date.now().toString(36)}`, '415-555-0188');
  await page.getByRole('link', { name: 'Send a self-screening link' }).click();
  await page.getByLabel('Screener', { exact: true }).selectOption('prapare');
  await page.getByLabel('Language of the screener').selectOption('es');
  await page.getByRole('button', { name: 'Create link' }).click();

  await expect(page.getByRole('heading', { name: 'No official Spanish version of PRAPARE is loaded' })).toBeVisible();
  await expect(page.getByRole('img', { name: /QR code/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Use an interpreter' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Choose another screener' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Continue: send the link with English questions' }).click();
  await expect(page.getByRole('heading', { name: 'Show this to the patient' })).toBeVisible();
  const url = await page.getByLabel('Or send this link').inputValue();
  expect(url).toContain('lng=es');

  // The patient's phone says so too.
  await page.goto(url);
  await expect(page.getByText('Algunas preguntas se muestran en inglés: todavía no existe una versión oficial en español de este cuestionario.')).toBeVisible();
});

test('a platform admin finds where to load an official translation, with a template per screener', async ({ page }) => {
  await signIn(page, 'admin@careloop.example');
  await page.getByRole('link', { name: 'Screener translations' }).click();
  await expect(page.getByRole('heading', { name: 'Screener translations' })).toBeVisible();
  await expect(page.getByText('None yet: every screener is shown in English.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Template for PRAPARE' })).toHaveAttribute('href', '/admin/translations/template?instrument=prapare');
  await expectAccessible(page);
  // Loading nothing is refused with a message, and nothing changes.
  await page.getByRole('button', { name: 'Load translation' }).click();
  await expect(page.getByRole('alert')).toContainText('Choose the translation file (JSON) to load.');
});
