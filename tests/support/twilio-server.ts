// A loopback HTTP server that answers like Twilio's Messages API (POST
// /2010-04-01/Accounts/{sid}/Messages.json), keeping every message it was asked to send.
import { randomBytes } from 'node:crypto';
import http from 'node:http';

export interface SentSms {
  accountSid: string;
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
  authorization: string;
}

export interface TestTwilioServer {
  url: string;
  sent: SentSms[];
  /** Answer every request with this Twilio error (HTTP status and code) until cleared. */
  failWith(failure: { status: number; code: number; message: string } | null): void;
  close(): Promise<void>;
}

export async function startTwilioServer(): Promise<TestTwilioServer> {
  const sent: SentSms[] = [];
  let failure: { status: number; code: number; message: string } | null = null;
  const server = http.createServer((request, response) => {
    const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(request.url ?? '');
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      response.setHeader('Content-Type', 'application/json');
      if (request.method !== 'POST' || !match) {
        response.statusCode = 404;
        return response.end(JSON.stringify({ code: 20404, message: 'The requested resource was not found', status: 404 }));
      }
      if (failure) {
        response.statusCode = failure.status;
        return response.end(JSON.stringify({ code: failure.code, message: failure.message, more_info: `https://www.twilio.com/docs/errors/${failure.code}`, status: failure.status }));
      }
      const form = new URLSearchParams(body);
      const message: SentSms = {
        accountSid: match[1],
        to: form.get('To') ?? '',
        from: form.get('From') ?? undefined,
        messagingServiceSid: form.get('MessagingServiceSid') ?? undefined,
        body: form.get('Body') ?? '',
        authorization: request.headers.authorization ?? '',
      };
      sent.push(message);
      response.statusCode = 201;
      response.end(
        JSON.stringify({
          sid: `SM${randomBytes(16).toString('hex')}`,
          account_sid: message.accountSid,
          to: message.to,
          from: message.from ?? null,
          messaging_service_sid: message.messagingServiceSid ?? null,
          body: message.body,
          status: 'queued',
          num_segments: '1',
          direction: 'outbound-api',
          api_version: '2010-04-01',
          date_created: new Date().toUTCString(),
          uri: `/2010-04-01/Accounts/${message.accountSid}/Messages.json`,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    failWith(next) {
      failure = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
