// The filters of the caseload and the inbox, read from the query string: anything a browser can
// send falls back to a default rather than failing. A patient's name is never one of them (no PHI
// in URLs): the name search is posted. Pure: no I/O.
import { z } from 'zod';
import { withoutControlCharacters } from '../plain-text.js';
import { SDOH_CATEGORY_CODES } from '../screening/sdoh-categories.js';

/** The tabs, each a list with its count; "open" is everything not closed. */
export const LIST_TABS = ['open', 'new', 'accepted', 'in-progress', 'on-hold', 'overdue', 'stuck', 'closed', 'all'] as const;
export type ListTab = (typeof LIST_TABS)[number];

export const TAB_LABELS: Record<ListTab, string> = {
  open: 'Open',
  new: 'New referrals',
  accepted: 'Accepted',
  'in-progress': 'In progress',
  'on-hold': 'On hold',
  overdue: 'Overdue',
  stuck: 'Stuck',
  closed: 'Closed',
  all: 'All',
};

export const LIST_SORTS = { activity: 'Latest activity first', sent: 'Newest first', oldest: 'Oldest first', due: 'Answer due soonest' } as const;
export type ListSort = keyof typeof LIST_SORTS;

export const PAGE_SIZE = 25;

const uuid = z.uuid();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value));

const schema = z.object({
  tab: z.enum(LIST_TABS).catch('open'),
  scope: z.enum(['mine', 'all']).optional().catch(undefined),
  need: z.enum(SDOH_CATEGORY_CODES).optional().catch(undefined),
  organization: z.union([uuid, z.literal('unmanaged')]).optional().catch(undefined),
  worker: uuid.optional().catch(undefined),
  from: date.optional().catch(undefined),
  to: date.optional().catch(undefined),
  sort: z.enum(Object.keys(LIST_SORTS) as [ListSort, ...ListSort[]]).catch('activity'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export type ListFilters = Omit<z.infer<typeof schema>, 'scope'> & { scope: 'mine' | 'all' };

/** Filters from a URL's query; `defaultScope` is "mine" on the caseload (my caseload first) and "all" in the inbox. */
export function parseListFilters(params: URLSearchParams, defaultScope: 'mine' | 'all'): ListFilters {
  const raw = Object.fromEntries([...params.keys()].map((key) => [key, params.get(key) || undefined]));
  const parsed = schema.parse(raw);
  return { ...parsed, scope: parsed.scope ?? defaultScope };
}

/** The query string of a list with some filters changed; a new filter starts again on page 1. */
export function listQuery(filters: ListFilters, change: Partial<ListFilters>, defaultScope: 'mine' | 'all'): string {
  const next: Partial<ListFilters> = { ...filters, page: 1, ...change };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined || value === '') continue;
    if (key === 'tab' && value === 'open') continue;
    if (key === 'sort' && value === 'activity') continue;
    if (key === 'page' && value === 1) continue;
    if (key === 'scope' && value === defaultScope) continue;
    params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : '?';
}

/** The posted name search: at most 100 characters, control characters dropped. */
export const nameSearchSchema = z.object({
  q: z
    .string()
    .trim()
    .max(100, 'Keep the search under 100 characters.')
    .transform(withoutControlCharacters),
});
