import { data } from '@remix-run/node';

/** Ends the request with a status the shared error boundary renders. */
export function invariantResponse(condition: unknown, message: string, status = 404): asserts condition {
  if (!condition) throw data({ message }, { status, statusText: message });
}

export function notFound(message = 'Not found'): never {
  throw data({ message }, { status: 404, statusText: message });
}

/** A failed form submission: field messages, what was typed, and nothing written. */
export function formErrors<Values>(fieldErrors: Record<string, string>, values: Values, formError?: string, status = 400) {
  return data({ ok: false as const, fieldErrors, formError, values }, { status });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route parameter that must be an id; anything else is a page that does not exist. */
export function requireId(value: string | undefined): string {
  if (!value || !UUID.test(value)) notFound();
  return value.toLowerCase();
}
