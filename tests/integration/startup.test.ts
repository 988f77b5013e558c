import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../app/config.server';
import { StartupError, startEmbeddedPostgres } from '../../db/embedded';
import { SERVER_ENTRY, SERVER_HEAP_FLAGS } from '../../scripts/http-app';

function runStart(env: Record<string, string>) {
  return spawnSync(process.execPath, [SERVER_ENTRY], {
    env: { ...process.env, DATABASE_URL: '', SESSION_SECRET: '', NODE_ENV: '', ...env } as unknown as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('starting CareLoop', () => {
  it('npm start runs the compiled server with the heap the benchmark measures', () => {
    const start = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts.start as string;
    expect(start).toBe(`tsx scripts/build.ts && node ${SERVER_HEAP_FLAGS.join(' ')} build/server.mjs`);
    expect(path.resolve('build/server.mjs')).toBe(SERVER_ENTRY);
  });

  it('stops with one clear sentence when the port is taken', async () => {
    const blocker = net.createServer().listen(0, '0.0.0.0');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = runStart({ PORT: String(port), CARELOOP_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-')) });
      expect(result.status).toBe(2);
      expect(result.stderr.trim()).toBe(`careloop: Port ${port} is already in use; stop the other program or set PORT to a free port (e.g. PORT=3001).`);
    } finally {
      blocker.close();
    }
  });

  it('refuses production mode without a session secret, naming the variable', () => {
    const result = runStart({ NODE_ENV: 'production', PORT: '3999' });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('careloop: Configuration problem: SESSION_SECRET must be set (32+ random characters) in production.');
  });

  it('refuses a mail server setting it cannot use, in one sentence naming it', () => {
    const result = runStart({ SMTP_URL: 'http://mail.example.org', PORT: '3998' });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'careloop: Configuration problem: SMTP_URL must be an smtp:// or smtps:// URL with a host, e.g. smtp://user:password@mail.example.org:587.',
    );
  });

  it('refuses text-message settings that are incomplete or malformed, naming what is wrong', () => {
    const base = { SESSION_SECRET: 'x'.repeat(32) };
    expect(() => parseConfig({ ...base, TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` })).toThrow(
      'Configuration problem: text messages need TWILIO_AUTH_TOKEN and TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID) as well.',
    );
    expect(() => parseConfig({ ...base, TWILIO_ACCOUNT_SID: 'SK123', TWILIO_AUTH_TOKEN: 'x'.repeat(32), TWILIO_FROM: '+14155550100' })).toThrow(
      /TWILIO_ACCOUNT_SID must be a Twilio account SID/,
    );
    expect(() => parseConfig({ ...base, TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'x'.repeat(32), TWILIO_FROM: '415-555-0100' })).toThrow(
      /TWILIO_FROM must be a phone number in E.164 form/,
    );
    expect(parseConfig({ ...base, TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'x'.repeat(32), TWILIO_FROM: '+14155550100' }).sms).toMatchObject({
      from: '+14155550100',
    });
    expect(parseConfig(base).sms).toBeNull();
    expect(() => parseConfig({ ...base, CARELOOP_WORKER: 'sometimes' })).toThrow(/CARELOOP_WORKER must be inline/);
  });

  it('names each malformed variable', () => {
    expect(() => parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must be a postgres:\/\/ connection URL; PORT/);
    expect(parseConfig({ SESSION_SECRET: 'x'.repeat(32), NODE_ENV: 'production' }).secureCookies).toBe(true);
  });

  it('explains a data directory it cannot use', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-'));
    const file = path.join(parent, 'postgres');
    fs.writeFileSync(file, 'not a folder');
    await expect(startEmbeddedPostgres({ dataDir: file })).rejects.toThrow(StartupError);
    await expect(startEmbeddedPostgres({ dataDir: file })).rejects.toThrow(`The PostgreSQL data directory ${file} is a file, not a directory.`);

    const foreign = path.join(parent, 'photos');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, 'holiday.jpg'), '');
    await expect(startEmbeddedPostgres({ dataDir: foreign })).rejects.toThrow(/is not empty and is not a PostgreSQL data directory/);
  });

  it('runs the embedded server from a data directory inside a private (0700) folder', async () => {
    const privateFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-private-'));
    fs.chmodSync(privateFolder, 0o700);
    const server = await startEmbeddedPostgres({ dataDir: path.join(privateFolder, 'data', 'postgres'), fast: true });
    try {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query('SELECT 1 AS ok');
      await client.end();
      expect(rows).toEqual([{ ok: 1 }]);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
