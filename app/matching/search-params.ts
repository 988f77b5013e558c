// The worker search page's query, as it lives in the URL: free text, a need, a place (ZIP or address),
// a radius, a language, an age band, capacity, "open now", "on CareLoop" and a page. Nothing that identifies a patient.
import { z } from 'zod';
import type { CapacityStatus } from '../directory/capacity.js';
import { AGE_BAND_KEYS } from './age.js';

export const RADIUS_CHOICES_MILES = [1, 3, 5, 10, 25, 50, 100] as const;
/** The capacity filter's choices, in the order the page offers them (the directory's statuses). */
export const SEARCHABLE_CAPACITY = ['accepting', 'waitlist', 'assessment-required', 'unknown', 'no-capacity'] as const satisfies readonly CapacityStatus[];
export const SEARCH_PAGE_SIZE = 10;
export const MAX_SEARCH_PAGE = 50;

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

export const searchParamsSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(200, 'Keep the search under 200 characters.').optional()),
  need: z.preprocess(blankToUndefined, z.string().regex(/^[a-z][a-z0-9-]{1,60}$/, 'Choose a need from the list.').optional()),
  place: z.preprocess(blankToUndefined, z.string().trim().max(200, 'Keep the place under 200 characters.').optional()),
  radius: z.preprocess(
    blankToUndefined,
    z.coerce
      .number('Choose a distance from the list.')
      .refine((miles) => (RADIUS_CHOICES_MILES as readonly number[]).includes(miles), 'Choose a distance from the list.')
      .optional(),
  ),
  language: z.preprocess(blankToUndefined, z.string().regex(/^[a-z]{2,3}$/, 'Choose a language from the list.').optional()),
  requireLanguage: z.preprocess(blankToUndefined, z.literal('1').optional()),
  age: z.preprocess(blankToUndefined, z.enum(AGE_BAND_KEYS, 'Choose an age band from the list.').optional()),
  capacity: z.array(z.enum(SEARCHABLE_CAPACITY, 'Choose capacity from the list.')).max(SEARCHABLE_CAPACITY.length).default([]),
  open: z.preprocess(blankToUndefined, z.literal('1').optional()),
  portal: z.preprocess(blankToUndefined, z.literal('1').optional()),
  page: z.preprocess(
    blankToUndefined,
    z.coerce.number('The page must be a number.').int('The page must be a number.').min(1, 'The page must be a number.').max(MAX_SEARCH_PAGE, 'Narrow the search to see more.').optional(),
  ),
});

export type SearchParams = z.infer<typeof searchParamsSchema>;

/** The URL's query as the schema reads it (capacity may repeat; anything else is read once). */
export function readSearchParams(url: URLSearchParams) {
  const single = (key: string) => url.get(key) ?? undefined;
  return searchParamsSchema.safeParse({
    q: single('q'),
    need: single('need'),
    place: single('place'),
    radius: single('radius'),
    language: single('language'),
    requireLanguage: single('requireLanguage'),
    age: single('age'),
    capacity: url.getAll('capacity'),
    open: single('open'),
    portal: single('portal'),
    page: single('page'),
  });
}

/** The same search on another page, or with one field changed: a URL the worker can bookmark. */
export function searchLink(params: Partial<SearchParams>, changes: Partial<Record<keyof SearchParams, string | string[] | number | undefined>> = {}): string {
  const merged: Record<string, unknown> = { ...params, ...changes };
  const query = new URLSearchParams();
  for (const key of ['q', 'need', 'place', 'radius', 'language', 'requireLanguage', 'age', 'capacity', 'open', 'portal', 'page'] as const) {
    const value = merged[key];
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
  }
  return `/search?${query}`;
}
