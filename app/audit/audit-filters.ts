import { z } from 'zod';
import { isRealDate } from '../validation/text.js';

const optionalId = z.preprocess((value) => (value === '' ? undefined : value), z.uuid('Choose from the list.').optional());
const optionalDay = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().refine(isRealDate, 'Enter the date as YYYY-MM-DD.').optional(),
);

/** The audit viewer's filters, from the page's query string (ids and days only: nothing about a patient). */
export const auditFiltersSchema = z
  .object({
    patientId: optionalId,
    userId: optionalId,
    organizationId: optionalId,
    from: optionalDay,
    to: optionalDay,
  })
  .refine((filters) => !filters.from || !filters.to || filters.from <= filters.to, { path: ['to'], message: 'The end date is before the start date.' });

export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export function parseAuditFilters(searchParams: URLSearchParams) {
  return auditFiltersSchema.safeParse({
    patientId: searchParams.get('patient') ?? undefined,
    userId: searchParams.get('user') ?? undefined,
    organizationId: searchParams.get('organization') ?? undefined,
    from: searchParams.get('from') ?? undefined,
    to: searchParams.get('to') ?? undefined,
  });
}

/** The query string that asks for these filters again (for the next page and the CSV link). */
export function filtersQuery(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filters.patientId) params.set('patient', filters.patientId);
  if (filters.userId) params.set('user', filters.userId);
  if (filters.organizationId) params.set('organization', filters.organizationId);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const query = params.toString();
  return query ? `?${query}` : '';
}
