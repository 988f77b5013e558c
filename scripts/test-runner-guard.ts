// `npm run test:guard`, the last step of `npm test`: proves that the test commands can say no.
// Each case runs a deliberately failing fixture (tests/runner-guard/) through the same npm script
// and configuration as the real suite and fails when that run exits 0, or when its report does not
// show the expected passes and failures. A runner that swallows failures (as an exit hook once did)
// turns CI red here instead of hiding every failing test.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startEmbeddedPostgres } from '../db/embedded.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Case {
  name: string;
  script: 'test:unit' | 'test:e2e';
  fixture: string;
  env?: Record<string, string>;
  /** Passed and failed test counts the run's JSON report must show; omitted when no test can run. */
  counts?: { passed: number; failed: number };
}

interface Run {
  code: number | null;
  output: string;
  report: unknown;
}

function runScript(testCase: Case, reportFile: string): Promise<Run> {
  const reporterArgs =
    testCase.script === 'test:unit'
      ? ['--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`]
      : ['--reporter=list,json'];
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', testCase.script, '--', ...reporterArgs], {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...testCase.env,
        CARELOOP_RUNNER_GUARD_FIXTURE: testCase.fixture,
        PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile,
        FORCE_COLOR: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      let report: unknown;
      try {
        report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
      } catch {
        report = undefined;
      }
      resolve({ code, output, report });
    });
  });
}

/** Passed and failed counts from a vitest or Playwright JSON report. */
function countsOf(script: Case['script'], report: any): { passed: number; failed: number } | undefined {
  if (!report) return undefined;
  if (script === 'test:unit') return { passed: report.numPassedTests, failed: report.numFailedTests };
  return { passed: report.stats?.expected, failed: report.stats?.unexpected };
}

async function main() {
  const unit = 'tests/runner-guard/failing.fixture.ts';
  const database = await startEmbeddedPostgres({ dataDir: '.data/guard-postgres', fast: true });
  const closedPort = await freePort();
  const cases: Case[] = [
    { name: 'a failing test (embedded PostgreSQL)', script: 'test:unit', fixture: unit, counts: { passed: 1, failed: 1 } },
    {
      name: 'a failing test (DATABASE_URL)',
      script: 'test:unit',
      fixture: unit,
      env: { DATABASE_URL: database.url },
      counts: { passed: 1, failed: 1 },
    },
    { name: 'a test file that fails to load', script: 'test:unit', fixture: 'tests/runner-guard/unloadable.fixture.ts' },
    {
      name: 'a global setup that fails (DATABASE_URL unreachable)',
      script: 'test:unit',
      fixture: unit,
      env: { DATABASE_URL: `postgres://careloop:unused@127.0.0.1:${closedPort}/postgres` },
    },
    { name: 'a failing browser test', script: 'test:e2e', fixture: 'failing.fixture.spec.ts', counts: { passed: 1, failed: 1 } },
  ];

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-runner-guard-'));
  const problems: string[] = [];
  try {
    for (const [index, testCase] of cases.entries()) {
      const reportFile = path.join(scratch, `report-${index}.json`);
      const started = Date.now();
      const run = await runScript(testCase, reportFile);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const counts = countsOf(testCase.script, run.report);
      const problem =
        run.code === 0
          ? `npm run ${testCase.script} exited 0`
          : testCase.counts && JSON.stringify(counts) !== JSON.stringify(testCase.counts)
            ? `expected ${JSON.stringify(testCase.counts)} in the report, found ${JSON.stringify(counts)}`
            : undefined;
      console.log(`${problem ? '✗' : '✓'} ${testCase.name}: npm run ${testCase.script} exited ${run.code} (${seconds} s)`);
      if (problem) {
        problems.push(`${testCase.name}: ${problem}`);
        console.log(run.output.split('\n').slice(-40).join('\n'));
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    await database.stop();
  }

  if (problems.length) {
    console.error(`\nThe test runner does not report failures:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('\nEvery deliberate failure made its test command exit non-zero.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
