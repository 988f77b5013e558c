import { defineConfig } from 'vitest/config';
import path from 'node:path';

// scripts/test-runner-guard.ts runs one fixture through this same configuration to prove that a
// failure makes the run exit non-zero; normal runs never see the fixtures.
const guardFixture = process.env.CARELOOP_RUNNER_GUARD_FIXTURE;

export default defineConfig({
  resolve: { alias: { '~': path.resolve('app') } },
  test: {
    include: guardFixture
      ? [guardFixture]
      : ['app/**/*.test.{ts,tsx}', 'db/**/*.test.ts', 'search/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    pool: 'forks',
    env: { SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789', LOG_LEVEL: 'silent' },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
