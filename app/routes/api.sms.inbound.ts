import type { ActionFunctionArgs } from '@remix-run/node';
import twilio from 'twilio';
import { getConfig } from '~/config.server';
import { getDb } from '~/db.server';
import { log } from '~/log.server';
import { recordSmsReply } from '~/notifications/patient-messages.server';

// Twilio's webhook for replies to CareLoop's text messages (configure it as the number's
// "A message comes in" URL: APP_URL/api/sms/inbound). Only requests signed with the account's
// auth token are read. Response.json / plain Response: Remix 2 drops data()'s status here.
const MAX_BODY_BYTES = 16 * 1024;
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export async function loader() {
  return new Response('Not found', { status: 404 });
}

export async function action({ request }: ActionFunctionArgs) {
  const config = getConfig();
  if (!config.sms) return new Response('Not found', { status: 404 });
  if (Number(request.headers.get('content-length') ?? MAX_BODY_BYTES + 1) > MAX_BODY_BYTES) {
    return new Response('Too large', { status: 413 });
  }
  let params: Record<string, string>;
  try {
    params = Object.fromEntries(new URLSearchParams(await request.text()));
  } catch {
    return new Response('Bad request', { status: 400 });
  }
  const signature = request.headers.get('x-twilio-signature') ?? '';
  const url = `${config.appUrl}${new URL(request.url).pathname}`;
  if (!twilio.validateRequest(config.sms.authToken, signature, url, params)) {
    log('warn', 'sms.inbound.bad-signature', {});
    return new Response('Forbidden', { status: 403 });
  }
  const from = params.From ?? '';
  if (!/^\+[1-9]\d{6,14}$/.test(from)) return new Response('Bad request', { status: 400 });
  const intent = await recordSmsReply(getDb(), from, params.Body ?? '');
  if (intent) log('info', 'sms.inbound.opt', { intent });
  return new Response(EMPTY_TWIML, { headers: { 'Content-Type': 'text/xml' } });
}
