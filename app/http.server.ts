import { data } from '@remix-run/node';
import { isUuid } from './ids.js';

/** Ends the request with the shared error boundary's not-found page. */
export function notFound(message = 'Not found'): never {
  throw data({ message }, { status: 404, statusText: message });
}


/** A route parameter that must be an id; anything else is a page that does not exist. */
export function requireId(value: string | undefined): string {
  if (!isUuid(value)) notFound();
  return value.toLowerCase();
}
