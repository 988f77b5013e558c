import { data } from '@remix-run/node';
import { recordRefusal } from './audit/audit.server.js';
import { getDb } from './db.server.js';
import { isUuid } from './ids.js';
import { requestContext } from './request-context.server.js';

/** Ends the request with the shared error boundary's not-found page; the refusal is audited. */
export function notFound(message = 'Not found'): never {
  recordRefusal(getDb(), requestContext()?.path ?? '');
  throw data({ message }, { status: 404, statusText: message });
}

/** A route parameter that must be an id; anything else is a page that does not exist. */
export function requireId(value: string | undefined): string {
  if (!isUuid(value)) notFound();
  return value.toLowerCase();
}
