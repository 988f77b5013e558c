import { z } from 'zod';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import { MAX_RADIUS_MILES } from '../../search/ranking.js';
import { searchServices, type SearchContext, type ServiceSearchHit } from '../../search/search.js';
import { whyParts, whyText } from '../matching/explain.js';
import { locatePlace } from '../matching/place.server.js';
import { portalOrganizations, receivingOrganizationsByHsdsId } from './services.server.js';
import { zipCentroid } from './zip.server.js';

export const MAX_MATCH_LIMIT = 50;
const DEFAULT_MATCH_LIMIT = 10;
/** Past this offset a client should narrow the search, not page on. */
export const MAX_MATCH_OFFSET = 1000;
export const MAX_AGE = 120;

export interface MatchParams {
  needCategory: string;
  latitude: number;
  longitude: number;
  /** ISO 639-1 (or 639-3) code: services that list it come first, or only those with requireLanguage. */
  language?: string;
  requireLanguage: boolean;
  /** A radius chosen by the client; without it the search widens from 10 miles until enough services are found. */
  radiusMiles?: number;
  age?: number;
  /** Only services open now by their listed hours. */
  openNow: boolean;
  limit: number;
  offset: number;
}

export interface ServiceMatch extends ServiceSearchHit {
  /** "Food Pantries · 1.2 mi · speaks Spanish", in English. */
  why: string;
  /** Filled in by withReceivingOrganizations: null when the organisation does not use CareLoop. */
  receivingOrganizationId: string | null;
}

export type MatchQueryResult = { ok: true; params: MatchParams } | { ok: false; error: string; field: string };

const LIMIT_MESSAGE = `limit must be a whole number from 1 to ${MAX_MATCH_LIMIT}.`;
const OFFSET_MESSAGE = `offset must be a whole number from 0 to ${MAX_MATCH_OFFSET}.`;
const RADIUS_MESSAGE = `radiusMi must be a number of miles above 0 and at most ${MAX_RADIUS_MILES}.`;
const AGE_MESSAGE = `age must be a whole number of years from 0 to ${MAX_AGE}.`;
const LANGUAGE_MESSAGE = 'language must be an ISO 639-1 code such as es (or an ISO 639-3 code such as yue).';
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** An optional query parameter: absent or blank means not given. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined), schema.optional());
const number = (message: string) =>
  z.string().regex(/^[+-]?(\d+(\.\d*)?|\.\d+)$/, message).transform(Number).refine(Number.isFinite, message);
const coordinate = (name: 'lat' | 'lon', bound: number) =>
  number(`${name} must be a number.`).refine((value) => Math.abs(value) <= bound, `${name} must be between -${bound} and ${bound}.`);
const wholeNumber = (message: string, min: number, max: number) =>
  z.string().regex(/^\d{1,6}$/, message).transform(Number).refine((value) => value >= min && value <= max, message);

export const languageCode = z
  .string()
  .regex(/^[A-Za-z]{2,3}$/, LANGUAGE_MESSAGE)
  .transform((code) => code.toLowerCase())
  .refine((code) => languageNames.of(code) !== code, LANGUAGE_MESSAGE);

const NEED_MESSAGE = 'need is required: a need code such as food-insecurity or legal-help.';
const unknownNeed = (code: string) => `Unknown need category "${code.slice(0, 60)}"; use a need code such as food-insecurity or legal-help.`;

// Built once: a schema made for each request cost more than the search whose input it checked.
// Whether the need is known is asked of the vocabulary on each request (it is data admins edit).
const MATCH_QUERY = z
  .object({
    need: z.string({ error: NEED_MESSAGE }).trim().min(1, NEED_MESSAGE),
    zip: optional(z.string().regex(/^\d{5}(-\d{4})?$/, 'zip must be a 5-digit US ZIP code (or ZIP+4).')),
    address: optional(z.string().max(200, 'address must be at most 200 characters.')),
    lat: optional(coordinate('lat', 90)),
    lon: optional(coordinate('lon', 180)),
    language: optional(languageCode),
    requireLanguage: optional(z.enum(['true', 'false', '1', '0'], 'requireLanguage must be true or false.')),
    radiusMi: optional(number(RADIUS_MESSAGE).refine((value) => value > 0 && value <= MAX_RADIUS_MILES, RADIUS_MESSAGE)),
    age: optional(wholeNumber(AGE_MESSAGE, 0, MAX_AGE)),
    openNow: optional(z.enum(['true', 'false', '1', '0'], 'openNow must be true or false.')),
    limit: optional(wholeNumber(LIMIT_MESSAGE, 1, MAX_MATCH_LIMIT)),
    offset: optional(wholeNumber(OFFSET_MESSAGE, 0, MAX_MATCH_OFFSET)),
  })
  .superRefine((query, context) => {
    const hasPoint = query.lat !== undefined || query.lon !== undefined;
    const places = [query.zip !== undefined, query.address !== undefined, hasPoint].filter(Boolean).length;
    if (places > 1) {
      context.addIssue({ code: 'custom', path: [query.zip !== undefined ? 'zip' : 'address'], message: 'Give one of zip, address, or lat and lon, not more.' });
    } else if (hasPoint && (query.lat === undefined || query.lon === undefined)) {
      context.addIssue({ code: 'custom', path: [query.lat === undefined ? 'lat' : 'lon'], message: 'lat and lon go together; give both.' });
    } else if (places === 0) {
      context.addIssue({ code: 'custom', path: ['zip'], message: 'Where is the patient? Give zip (a US ZIP code), address, or lat and lon.' });
    }
    if (query.requireLanguage !== undefined && ['true', '1'].includes(query.requireLanguage) && query.language === undefined) {
      context.addIssue({ code: 'custom', path: ['requireLanguage'], message: 'requireLanguage needs a language.' });
    }
  });

const PARAMETERS = ['need', 'zip', 'address', 'lat', 'lon', 'language', 'requireLanguage', 'radiusMi', 'age', 'openNow', 'limit', 'offset'];

/** Validates /api/match query parameters; the first problem comes back with the parameter it concerns. */
export function parseMatchQuery(searchParams: URLSearchParams, knownNeeds: ReadonlySet<string>): MatchQueryResult {
  const raw = Object.fromEntries(PARAMETERS.map((key) => [key, searchParams.get(key) ?? undefined]));
  const parsed = MATCH_QUERY.safeParse(raw);
  // An unknown need is named first, as the first parameter (before any other parameter's problem).
  const need = typeof raw.need === 'string' ? raw.need.trim() : '';
  const needProblem = !parsed.success && parsed.error.issues.some((issue) => issue.path[0] === 'need');
  if (!needProblem && need !== '' && !knownNeeds.has(need)) return { ok: false, error: unknownNeed(need), field: 'need' };
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue.message, field: String(issue.path[0] ?? 'need') };
  }
  const query = parsed.data;
  let latitude = query.lat;
  let longitude = query.lon;
  if (query.zip !== undefined) {
    const centroid = zipCentroid(query.zip);
    if (!centroid) return { ok: false, error: `${query.zip} is not a known US ZIP code.`, field: 'zip' };
    latitude = centroid.lat;
    longitude = centroid.lon;
  }
  if (query.address !== undefined) {
    const place = locatePlace(query.address);
    if (!place) return { ok: false, error: 'address must hold a US ZIP code or a city and state, such as "Oakland, CA".', field: 'address' };
    latitude = place.latitude;
    longitude = place.longitude;
  }
  return {
    ok: true,
    params: {
      needCategory: query.need,
      latitude: latitude!,
      longitude: longitude!,
      language: query.language,
      requireLanguage: query.requireLanguage === 'true' || query.requireLanguage === '1',
      radiusMiles: query.radiusMi,
      age: query.age,
      openNow: query.openNow === 'true' || query.openNow === '1',
      limit: query.limit ?? DEFAULT_MATCH_LIMIT,
      offset: query.offset ?? 0,
    },
  };
}

/** Services that meet the need, best first (search/ranking.ts), each with why it is there. */
export async function matchServices(context: SearchContext, params: MatchParams): Promise<{ total: number; radiusMiles: number | null; matches: ServiceMatch[] }> {
  const result = await searchServices(context, {
    needCategory: params.needCategory,
    latitude: params.latitude,
    longitude: params.longitude,
    radiusMiles: params.radiusMiles,
    language: params.language,
    requireLanguage: params.requireLanguage,
    ageRange: params.age === undefined ? undefined : [params.age, params.age],
    openNow: params.openNow,
    limit: params.limit,
    offset: params.offset,
  });
  return {
    total: result.total,
    radiusMiles: result.radiusMiles,
    matches: result.hits.map((hit) => ({ ...hit, why: whyText(whyParts(hit, params.language)), receivingOrganizationId: null })),
  };
}

let receivingCache: { at: number; organizations: Promise<Map<string, string>> } | undefined;
/** Organisations joining CareLoop show as such within this time on the public API. */
const RECEIVING_TTL_MS = 30_000;

/** Marks the matches whose organisation receives referrals through CareLoop. */
export async function withReceivingOrganizations<T extends { organizationId: string; receivingOrganizationId: string | null }>(
  db: Database | Transaction<DB>,
  matches: T[],
  { cached = false }: { cached?: boolean } = {},
): Promise<T[]> {
  let receiving: Map<string, string>;
  if (cached) {
    if (!receivingCache || Date.now() - receivingCache.at > RECEIVING_TTL_MS) {
      receivingCache = { at: Date.now(), organizations: portalOrganizations(db) };
      receivingCache.organizations.catch(() => (receivingCache = undefined));
    }
    receiving = await receivingCache.organizations;
  } else {
    receiving = await receivingOrganizationsByHsdsId(db, matches.map((match) => match.organizationId));
  }
  return matches.map((match) => ({ ...match, receivingOrganizationId: receiving.get(match.organizationId) ?? null }));
}
