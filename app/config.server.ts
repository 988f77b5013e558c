import { z } from 'zod';

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// connection URL')
  .optional();

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** The application's least-privilege role. */
  DATABASE_URL: postgresUrl,
  /** The role that owns the schema and runs migrations. */
  DATABASE_OWNER_URL: postgresUrl,
  /** The platform role: jobs and views across organisations. */
  DATABASE_PLATFORM_URL: postgresUrl,
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  CARELOOP_DATA_DIR: z.string().min(1).default('.data'),
  MEILI_HOST: z.string().url('must be a URL such as http://127.0.0.1:7700').optional(),
  MEILI_API_KEY: z.string().optional(),
  MEILI_INDEX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'may use only letters, digits, - and _').optional(),
  SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  CARELOOP_DEMO_DATA: z.enum(['true', 'false']).optional(),
  TRUST_PROXY: z
    .string()
    .regex(/^(loopback|uniquelocal|\d+)$/, 'must be loopback, uniquelocal or the number of proxies in front of CareLoop')
    .optional(),
});

export type Config = z.infer<typeof schema> & { secureCookies: boolean };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment; the error names every variable that is missing or malformed. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(blanksRemoved);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Configuration problem: ${problems.join('; ')}.`);
  }
  const config = result.data;
  if (config.NODE_ENV === 'production' && !config.SESSION_SECRET) {
    throw new ConfigError('Configuration problem: SESSION_SECRET must be set (32+ random characters) in production.');
  }
  // Browsers keep Secure cookies on http://localhost too, so only an explicit opt-out turns it off.
  const secureCookies = config.SECURE_COOKIES !== 'false';
  return { ...config, secureCookies };
}

let cached: Config | undefined;
export function getConfig(): Config {
  cached ??= parseConfig();
  return cached;
}
