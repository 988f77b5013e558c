import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// connection URL')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  CARELOOP_DATA_DIR: z.string().min(1).default('.data'),
  MEILI_HOST: z.string().url('must be a URL such as http://127.0.0.1:7700').optional(),
  MEILI_API_KEY: z.string().optional(),
  MEILI_INDEX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'may use only letters, digits, - and _').optional(),
  SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  CARELOOP_DEMO_DATA: z.enum(['true', 'false']).optional(),
  APP_URL: z
    .string()
    .url('must be the address people open CareLoop at, e.g. https://careloop.example.org')
    .refine((value) => /^https?:\/\//.test(value), 'must start with http:// or https://')
    .optional(),
  SMTP_URL: z
    .string()
    .refine(isSmtpUrl, 'must be an smtp:// or smtps:// URL with a host, e.g. smtp://user:password@mail.example.org:587')
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/, 'must be an e-mail address, optionally with a name: CareLoop <careloop@example.org>')
    .default('CareLoop <no-reply@careloop.localhost>'),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio account SID (AC followed by 32 hex digits)').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16, 'must be the Twilio auth token').optional(),
  TWILIO_FROM: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 form, e.g. +14155550100').optional(),
  TWILIO_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'must be a Twilio messaging service SID (MG followed by 32 hex digits)').optional(),
  TWILIO_API_URL: z.string().url('must be a URL').optional(),
  DIRECTORY_TIME_ZONE: z
    .string()
    .refine((value) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: value });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as America/Los_Angeles')
    .default('America/Los_Angeles'),
  HSDS_API_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  CARELOOP_WORKER: z.enum(['inline', 'off'], 'must be inline (run jobs inside npm start) or off').default('inline'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  TRUST_PROXY: z
    .string()
    .regex(/^(loopback|uniquelocal|\d+)$/, 'must be loopback, uniquelocal or the number of proxies in front of CareLoop')
    .optional(),
});

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export type Config = z.infer<typeof schema> & { secureCookies: boolean; appUrl: string; sms: SmsConfig | null };

export interface SmsConfig {
  accountSid: string;
  authToken: string;
  from?: string;
  messagingServiceSid?: string;
  apiUrl?: string;
}

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
  const secureCookies = config.SECURE_COOKIES ? config.SECURE_COOKIES === 'true' : config.NODE_ENV === 'production';
  return { ...config, secureCookies, appUrl: (config.APP_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, ''), sms: smsConfig(config) };
}

/** Twilio settings: all of them or none; naming whichever is missing. */
function smsConfig(config: z.infer<typeof schema>): SmsConfig | null {
  const given = [config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN, config.TWILIO_FROM, config.TWILIO_MESSAGING_SERVICE_SID].some(Boolean);
  if (!given) return null;
  const missing = [
    !config.TWILIO_ACCOUNT_SID && 'TWILIO_ACCOUNT_SID',
    !config.TWILIO_AUTH_TOKEN && 'TWILIO_AUTH_TOKEN',
    !config.TWILIO_FROM && !config.TWILIO_MESSAGING_SERVICE_SID && 'TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID)',
  ].filter(Boolean);
  if (missing.length) throw new ConfigError(`Configuration problem: text messages need ${missing.join(' and ')} as well.`);
  return {
    accountSid: config.TWILIO_ACCOUNT_SID!,
    authToken: config.TWILIO_AUTH_TOKEN!,
    from: config.TWILIO_FROM,
    messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID,
    apiUrl: config.TWILIO_API_URL,
  };
}

let cached: Config | undefined;
export function getConfig(): Config {
  cached ??= parseConfig();
  return cached;
}
