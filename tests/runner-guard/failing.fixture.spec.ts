// Runner-guard fixture (scripts/test-runner-guard.ts): a browser test passes, another fails on purpose.
import { expect, test } from '@playwright/test';

test('passes', async ({ page }) => {
  await page.goto('/healthz');
  await expect(page.locator('body')).toContainText('ok');
});

test('fails on purpose', async ({ page }) => {
  await page.goto('/healthz');
  await expect(page.locator('body')).toContainText('this text is not on the page', { timeout: 1_000 });
});
