// One HSDS cell checked against what the specification declares for its field. Pure: no I/O.
import { isUuid } from '../ids.js';
import type { HsdsField } from './hsds-spec.js';

export type CellCheck = { ok: true; value: string | null } | { ok: false; problem: string };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-](0\d|1[0-4])(:?[0-5]\d)?)?$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})(?:[T ]([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?(?:Z|[+-](?:0\d|1[0-4])(?::?[0-5]\d)?)?)?$/;
// A pragmatic address check (what mail systems accept), not the full RFC 5322 grammar.
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

/** An absolute URI (RFC 3986: a scheme, then something), as JSON Schema's "uri" format asks. */
export function isUri(value: string): boolean {
  if (!URI_SCHEME.test(value) || /\s/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

const quote = (cell: string) => `"${cell.length > 80 ? `${cell.slice(0, 80)}…` : cell}"`;

const failure = (cell: string, expected: string): CellCheck => ({ ok: false, problem: `${quote(cell)} is not ${expected}` });

/** The value to store (null for an empty cell) or why the cell breaks the specification. */
export function checkCell(field: HsdsField, cell: string): CellCheck {
  if (cell === '') return field.required ? { ok: false, problem: 'a value is required' } : { ok: true, value: null };
  if (cell.includes('\u0000')) return { ok: false, problem: 'contains a NUL character' };
  switch (field.type) {
    case 'uuid':
      return isUuid(cell) ? { ok: true, value: cell.toLowerCase() } : failure(cell, 'a UUID');
    case 'number':
      return NUMBER.test(cell) && Number.isFinite(Number(cell)) ? { ok: true, value: cell } : failure(cell, 'a finite number');
    case 'date':
      return isCalendarDate(cell) ? { ok: true, value: cell } : failure(cell, 'a real date (YYYY-MM-DD)');
    case 'datetime': {
      const match = DATETIME.exec(cell);
      return match && isCalendarDate(match[1]) ? { ok: true, value: cell } : failure(cell, 'a date and time (ISO 8601)');
    }
    case 'time':
      return TIME.test(cell) ? { ok: true, value: cell } : failure(cell, 'a time (HH:MM or HH:MM:SS)');
    case 'string':
      if (field.enum && !field.enum.includes(cell)) return failure(cell, `one of ${field.enum.join(', ')}`);
      if (field.format === 'email' && !isEmailAddress(cell)) return failure(cell, 'an e-mail address');
      if (field.format === 'uri' && !isUri(cell)) return failure(cell, 'an absolute URI (such as https://example.org)');
      return { ok: true, value: cell };
  }
}
