// The two ways CareLoop's messages leave: e-mail over SMTP (nodemailer) and text messages through
// Twilio. Without SMTP_URL or Twilio settings, both are written to the local outbox folder
// (CARELOOP_DATA_DIR/mail) that the platform admin's Outbox page shows.
import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient.js';
import type { Config, SmsConfig } from '../config.server.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface OutgoingSms {
  /** E.164, e.g. +14155550100. */
  to: string;
  body: string;
  /** Used only by the local outbox, which has no message id of its own. */
  messageId: string;
}

/** Why a message was not sent; `permanent` ones are not retried (a refused address, an opted-out number). */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly optedOut = false,
  ) {
    super(message);
  }
}

export interface Channels {
  email: { kind: 'smtp' | 'local'; send(message: OutgoingEmail): Promise<{ providerId: string }>; close?(): void };
  sms: { kind: 'twilio' | 'local'; send(message: OutgoingSms): Promise<{ providerId: string }> };
}

/** Ends the channels' open connections (the SMTP pool). */
export function closeChannels(channels: Channels) {
  channels.email.close?.();
}

export const localOutboxDir = (config: Pick<Config, 'CARELOOP_DATA_DIR'>) => path.resolve(config.CARELOOP_DATA_DIR, 'mail');

export function createChannels(config: Config): Channels {
  return {
    email: config.SMTP_URL ? smtpChannel(config.SMTP_URL, config.MAIL_FROM) : localEmailChannel(localOutboxDir(config), config.MAIL_FROM),
    sms: config.sms ? twilioChannel(config.sms) : localSmsChannel(localOutboxDir(config)),
  };
}

function smtpChannel(url: string, from: string): Channels['email'] {
  // Pooled: a connection (greeting, EHLO, TLS, AUTH) per message costs ~100 ms even on loopback.
  const transport: Transporter = nodemailer.createTransport({ url, pool: true, maxConnections: 5 } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    kind: 'smtp',
    async send(message) {
      try {
        const info = await transport.sendMail({ from, ...message });
        return { providerId: String(info.response ?? info.messageId).slice(0, 300) };
      } catch (error) {
        const { responseCode, response, code, message: text } = error as { responseCode?: number; response?: string; code?: string; message: string };
        // 5xx is the server refusing for good (unknown mailbox, policy); anything else may pass later.
        const permanent = typeof responseCode === 'number' && responseCode >= 500;
        throw new DeliveryError(`SMTP ${responseCode ?? code ?? 'error'}: ${(response ?? text).slice(0, 300)}`, permanent);
      }
    },
    close: () => transport.close(),
  };
}

function writeOutboxFile(dir: string, messageId: string, record: Record<string, unknown>, raw?: Buffer) {
  fs.mkdirSync(dir, { recursive: true });
  const base = `${new Date().toISOString().replace(/[:.]/g, '-')}-${messageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}`;
  if (raw) fs.writeFileSync(path.join(dir, `${base}.eml`), raw);
  fs.writeFileSync(path.join(dir, `${base}.json`), `${JSON.stringify({ ...record, messageId, writtenAt: new Date().toISOString() }, null, 2)}\n`);
  return base;
}

function localEmailChannel(dir: string, from: string): Channels['email'] {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'local',
    async send(message) {
      const info = await transport.sendMail({ from, ...message });
      const base = writeOutboxFile(dir, message.messageId, { channel: 'email', from, to: message.to, subject: message.subject, text: message.text }, info.message as Buffer);
      return { providerId: `local:${base}` };
    },
  };
}

function localSmsChannel(dir: string): Channels['sms'] {
  return {
    kind: 'local',
    async send(message) {
      const base = writeOutboxFile(dir, message.messageId, { channel: 'sms', to: message.to, text: message.body });
      return { providerId: `local:${base}` };
    },
  };
}

const TWILIO_API = 'https://api.twilio.com';
// Twilio error codes that mean the number will not take messages from this sender.
const OPTED_OUT = new Set([21610]);

/** Sends Twilio's requests to another address (a regional edge, a proxy, or a test server). */
class RedirectedRequestClient extends RequestClient {
  constructor(private readonly base: string) {
    super();
  }
  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request({ ...opts, uri: opts.uri.replace(TWILIO_API, this.base.replace(/\/+$/, '')) });
  }
}

function twilioChannel(config: SmsConfig): Channels['sms'] {
  const client = twilio(config.accountSid, config.authToken, config.apiUrl ? { httpClient: new RedirectedRequestClient(config.apiUrl) } : {});
  return {
    kind: 'twilio',
    async send(message) {
      try {
        const sent = await client.messages.create({
          to: message.to,
          body: message.body,
          ...(config.messagingServiceSid ? { messagingServiceSid: config.messagingServiceSid } : { from: config.from! }),
        });
        return { providerId: sent.sid };
      } catch (error) {
        const { status, code, message: text } = error as { status?: number; code?: number; message: string };
        const optedOut = typeof code === 'number' && OPTED_OUT.has(code);
        // A 4xx is a request Twilio will never accept (bad number, opted out); 429 and 5xx may pass later.
        const permanent = typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
        throw new DeliveryError(`Twilio ${code ?? status ?? 'error'}: ${String(text).slice(0, 300)}`, permanent, optedOut);
      }
    },
  };
}
