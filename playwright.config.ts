import { defineConfig, devices } from '@playwright/test';
import fs from 'node:fs';

const PORT = Number(process.env.E2E_PORT ?? 3100);
// scripts/test-runner-guard.ts runs one fixture through this same configuration (web server and
// all) to prove that a failing browser test makes the run exit non-zero.
const guardFixture = process.env.CARELOOP_RUNNER_GUARD_FIXTURE;
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => fs.existsSync(path));

export default defineConfig({
  testDir: guardFixture ? 'tests/runner-guard' : 'tests/e2e',
  testMatch: guardFixture ? guardFixture : '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    },
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined } },
  ],
  webServer: {
    // A fresh embedded database each run, seeded with the demo data, serving the production build.
    command: 'rm -rf .data/e2e && npm start',
    url: `http://localhost:${PORT}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { PORT: String(PORT), CARELOOP_DATA_DIR: '.data/e2e', LOG_LEVEL: 'warn' },
  },
});
