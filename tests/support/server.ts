// The real server (what `npm start` runs: the compiled build/server.mjs) as a child process against a test database,
// for what only HTTP shows: headers, body limits, logs, crashes and restarts.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../db/embedded.js';
import { SERVER_ENTRY } from '../../scripts/http-app.js';
import type { TestDatabase } from './db.js';

export interface RunningServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Every line the server printed, stdout and stderr. */
  lines: string[];
  stop(): Promise<void>;
}

export async function startServer(database: Pick<TestDatabase, 'appUrl' | 'url' | 'platformUrl'>, env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: {
      ...process.env,
      NODE_ENV: undefined,
      DATABASE_URL: database.appUrl,
      DATABASE_OWNER_URL: database.url,
      DATABASE_PLATFORM_URL: database.platformUrl,
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...env,
    } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const url = `http://localhost:${port}`;
  await waitForHealth(url, child, lines);
  return {
    url,
    port,
    child,
    lines,
    stop: () => stopChild(child),
  };
}

export async function waitForHealth(url: string, child: ChildProcess, lines: string[], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}:\n${lines.join('\n')}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The server did not become healthy in time:\n${lines.join('\n')}`);
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
