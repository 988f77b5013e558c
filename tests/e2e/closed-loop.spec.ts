import { expect, test } from '@playwright/test';
import { expectAccessible, signIn, signOut } from '../support/e2e';

test('a referral goes around the whole loop: worker → community organisation → case manager', async ({ page }) => {
  const family = `Loop${Date.now().toString(36)}`;

  await test.step('the social worker registers a patient and screens them', async () => {
    await signIn(page, 'sam.rivera@clinic.example');
    await expect(page).toHaveURL(/\/patients$/);
    await page.getByRole('link', { name: 'Register a patient' }).click();
    await expect(page.getByRole('heading', { name: 'Register a patient' })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel('First name').fill('Rosa');
    await page.getByLabel('Last name').fill(family);
    await page.getByLabel('Date of birth').fill('1984-03-12');
    await page.getByLabel('ZIP code').fill('94124');
    await page.getByLabel('Phone').fill('415-555-0142');
    await page.getByLabel('Preferred language').selectOption('es');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await expect(page.getByRole('heading', { name: `Rosa ${family}` })).toBeVisible();

    await page.getByRole('link', { name: 'Start a screening' }).click();
    await page.getByRole('link', { name: 'Start Hunger Vital Sign' }).click();
    await expect(page.getByRole('heading', { name: 'Hunger Vital Sign' })).toBeVisible();
    await expectAccessible(page);
    const first = page.getByRole('group', { name: /worried whether our food would run out/ });
    await first.getByLabel('Often true').check();
    const second = page.getByRole('group', { name: /didn't last/ });
    await second.getByLabel('Never true').check();
    await page.getByRole('button', { name: 'Submit and score' }).click();
    await expect(page.getByRole('heading', { name: 'Hunger Vital Sign: results' })).toBeVisible();
    await expect(page.getByRole('row', { name: /Food/ })).toContainText('Positive');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Confirm need' }).click();
    await expect(page.getByText('Confirmed.')).toBeVisible();
  });

  await test.step('the worker finds a nearby service and sends a referral with consent', async () => {
    await page.getByRole('link', { name: 'Find services' }).first().click();
    await expect(page.getByRole('heading', { name: /Services for Food Insecurity/ })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Matching services' }).getByRole('listitem').first()).toContainText(/\d mi · speaks Spanish|Spanish not listed/);
    await page.getByLabel('Only organisations that receive referrals in CareLoop').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const results = page.getByRole('listitem').filter({ hasText: 'BAYVIEW MISSION - Food Pantries' });
    await expect(results.first()).toContainText(' mi');
    await expectAccessible(page);
    await results.first().getByRole('link', { name: /Refer/ }).click();

    await page.getByLabel('Verbal').check();
    await page.getByLabel(/The patient consents to this referral/).check();
    await page.getByRole('button', { name: 'Send referral' }).click();
    await expect(page.getByRole('heading', { name: 'BAYVIEW MISSION - Food Pantries' })).toBeVisible();
    await expect(page.getByText('Requested', { exact: true }).first()).toBeVisible();
    await signOut(page);
  });

  await test.step('the community organisation accepts and completes it', async () => {
    await signIn(page, 'dee.johnson@bayviewmission.example');
    await expect(page).toHaveURL(/\/portal$/);
    await expectAccessible(page);
    await page.getByRole('link', { name: `Rosa ${family}` }).click();
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect(page.getByRole('status')).toContainText('now accepted');
    await page.getByText('Complete…').click();
    await page.getByLabel('What was delivered').selectOption('service-provided');
    await page.getByRole('button', { name: 'Complete', exact: true }).click();
    await expect(page.getByRole('status')).toContainText('now completed');
    await signOut(page);
  });

  await test.step('the case manager sees it closed, with its timeline', async () => {
    await signIn(page, 'casey.lee@clinic.example');
    await expect(page).toHaveURL(/\/caseload$/);
    // Sam sent it, so it is in the organisation's caseload rather than Casey's own.
    await page.getByRole('link', { name: 'Everyone in my organisation' }).click();
    await expect(page).toHaveURL(/scope=all/);
    await page.getByRole('link', { name: /^Closed/ }).click();
    await expect(page).toHaveURL(/tab=closed/);
    const closed = page.getByRole('table', { name: 'Closed' });
    await closed.getByRole('link', { name: `Rosa ${family}` }).click();
    await expect(page.getByText('Completed', { exact: true }).first()).toBeVisible();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(timeline.getByRole('listitem')).toHaveCount(3);
    await expect(timeline).toContainText('Referral sent');
    await expect(timeline).toContainText('Accepted');
    await expect(timeline).toContainText('Delivered: The service was provided');
    await expectAccessible(page);
  });
});

test('the health check and the match API answer over HTTP with the right status codes', async ({ request }) => {
  const health = await request.get('/healthz');
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok', db: 'ok', search: 'postgres', jobs: { failed: 0 } });

  const match = await request.get('/api/match?need=food-insecurity&zip=94124&limit=3');
  expect(match.status()).toBe(200);
  const { hits } = await match.json();
  expect(hits).toHaveLength(3);
  expect(hits[0].distanceKm).toBeLessThan(1);

  const login = await request.get('/login');
  expect(login.headers()['cache-control']).toBe('no-store');
  const notAForm = await request.post('/login', { data: { email: 'x' } });
  expect(notAForm.status()).toBe(415);

  const bad = await request.get('/api/match?need=not-a-need&zip=94124');
  expect(bad.status()).toBe(400);
  expect((await bad.json()).field).toBe('need');
});

test('a patient answers a screener on their phone, in Spanish, through a one-time link', async ({ page, browser }) => {
  await signIn(page, 'sam.rivera@clinic.example');
  await page.getByRole('link', { name: 'Register a patient' }).click();
  await page.getByLabel('First name').fill('Lucía');
  await page.getByLabel('Last name').fill(`Phone${Date.now().toString(36)}`);
  await page.getByLabel('Date of birth').fill('1990-05-01');
  await page.getByLabel('ZIP code').fill('94110');
  await page.getByLabel('Preferred language').selectOption('es');
  await page.getByLabel('How the patient wants to be contacted').selectOption('do-not-contact');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await page.getByRole('link', { name: 'Send a self-screening link' }).click();
  await page.getByLabel('Screener', { exact: true }).selectOption('hunger-vital-sign');
  await expect(page.getByLabel('Language of the screener')).toHaveValue('es');
  await page.getByRole('button', { name: 'Create link' }).click();
  // No official Spanish Hunger Vital Sign is loaded: the worker is told first, and goes on.
  await expect(page.getByRole('heading', { name: 'No official Spanish version of Hunger Vital Sign is loaded' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue: send the link with English questions' }).click();
  await expect(page.getByRole('img', { name: 'QR code that opens the self-screening link' })).toBeVisible();
  const link = await page.getByLabel('Or send this link').inputValue();
  const patientUrl = page.url().replace(/\/self-screening$/, '');

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'es-US' });
  const patient = await phone.newPage();
  await patient.goto(link);
  await expect(patient.getByRole('heading', { name: 'Preguntas de su equipo de atención' })).toBeVisible();
  await expect(patient.getByText('todavía no existe una versión oficial en español', { exact: false })).toBeVisible();
  await expectAccessible(patient);
  await patient.getByRole('group', { name: /worried whether our food would run out/ }).getByLabel('Sometimes true').check();
  await patient.getByRole('group', { name: /didn't last/ }).getByLabel('Often true').check();
  await patient.getByRole('button', { name: 'Enviar mis respuestas' }).click();
  await expect(patient.getByRole('heading', { name: 'Gracias' })).toBeVisible();

  await patient.goto(link);
  await expect(patient.getByRole('heading', { name: 'Este enlace no se puede usar' })).toBeVisible();
  await patient.goto(link.replace(/\/s\/[^?]+/, '/s/forged-token-forged-token-forged'));
  await expect(patient.getByRole('heading', { name: 'Este enlace no se puede usar' })).toBeVisible();
  await phone.close();

  await page.goto(patientUrl);
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('completed by the patient');
  await page.getByRole('link', { name: 'Review' }).click();
  await expect(page.getByRole('row', { name: /Food/ })).toContainText('Positive');
});

test('the AHC screener checks answers in the browser, keeps a draft, and scores the safety items', async ({ page }) => {
  await signIn(page, 'sam.rivera@clinic.example');
  await page.getByRole('link', { name: 'Register a patient' }).click();
  await page.getByLabel('First name').fill('Ahmed');
  await page.getByLabel('Last name').fill(`Ahc${Date.now().toString(36)}`);
  await page.getByLabel('Date of birth').fill('1971-09-30');
  await page.getByLabel('ZIP code').fill('94103');
  await page.getByLabel('Phone').fill('415-555-0177');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await page.getByRole('link', { name: 'Start a screening' }).click();
  await page.getByRole('link', { name: /Start AHC/ }).click();

  const housing = page.getByRole('group', { name: /Do you have problems with any of the following/ });
  await housing.getByLabel('Mold').check();
  await housing.getByLabel('None of the above').check();
  await page.getByRole('button', { name: 'Submit and score' }).click();
  await expect(page.getByRole('alert')).toContainText('None of the above');
  await expect(page).toHaveURL(/instrument=ahc-hrsn/);

  await housing.getByLabel('None of the above').uncheck();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Draft — not scored yet.')).toBeVisible();
  await expect(page.getByRole('group', { name: /Do you have problems with any of the following/ }).getByLabel('Mold')).toBeChecked();

  const answerHits = async (text: RegExp, answer: string) =>
    page.getByRole('group', { name: text }).getByLabel(answer, { exact: true }).check();
  await answerHits(/physically hurt you/, 'Sometimes');
  await answerHits(/insult or talk down/, 'Fairly often');
  await answerHits(/threaten you with harm/, 'Rarely');
  await answerHits(/scream or curse/, 'Sometimes');
  await page.getByRole('button', { name: 'Submit and score' }).click();
  await expect(page.getByRole('heading', { name: /results/ })).toBeVisible();
  const safety = page.getByRole('row', { name: /Safety/i });
  await expect(safety).toContainText('Positive');
  await expect(safety).toContainText('Score: 12');
  await expectAccessible(page);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a worker still signs in, registers a patient and scores a Hunger Vital Sign', async ({ page }) => {
    await signIn(page, 'sam.rivera@clinic.example');
    await page.goto('/patients/new');
    await page.getByLabel('First name').fill('Nora');
    await page.getByLabel('Last name').fill(`NoJs${Date.now().toString(36)}`);
    await page.getByLabel('ZIP code').fill('94110');
    await page.getByLabel('Phone').fill('415-555-0123');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await expect(page.getByText('Enter the date of birth.', { exact: true })).toBeVisible();
    await expect(page.getByLabel('First name')).toHaveValue('Nora');
    await page.getByLabel('Date of birth').fill('1999-12-31');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await page.getByRole('link', { name: 'Start a screening' }).click();
    await page.getByRole('link', { name: 'Start Hunger Vital Sign' }).click();
    await page.getByRole('group', { name: /worried whether our food would run out/ }).getByLabel('Sometimes true').check();
    await page.getByRole('group', { name: /didn't last/ }).getByLabel('Never true').check();
    await page.getByRole('button', { name: 'Submit and score' }).click();
    await expect(page.getByRole('row', { name: /Food/ })).toContainText('Positive');
  });
});
