import { getConfig } from './config.server.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * Structured JSON-lines log. Callers pass identifiers and codes only, never patient data:
 * no names, birth dates, addresses, free text typed about a patient, or URLs carrying them.
 */
export function log(level: Level, event: string, fields: Record<string, string | number | boolean | null | undefined> = {}) {
  if (ORDER[level] < ORDER[getConfig().LOG_LEVEL]) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
}

export function requestId(request: Request): string | undefined {
  return request.headers.get('x-request-id') ?? undefined;
}
