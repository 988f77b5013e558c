import { z } from 'zod';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import type { ServiceSearchEngine } from '../../search/port.js';
import { SDOH_CATEGORY_CODES, type SdohCategory } from '../screening/sdoh-categories.js';
import { receivingOrganizationsByHsdsId } from './services.server.js';
import { zipCentroid } from './zip.server.js';

export const MAX_MATCH_LIMIT = 50;
const DEFAULT_MATCH_LIMIT = 10;

export interface MatchParams {
  needCategory: SdohCategory;
  latitude: number;
  longitude: number;
  /** ISO 639-1 (or 639-3) code; only services that list the language are returned. */
  language?: string;
  limit: number;
}

export interface ServiceMatch {
  serviceId: string;
  serviceName: string;
  organizationId: string;
  organizationName: string;
  serviceAtLocationId: string | null;
  address: string | null;
  distanceKm: number | null;
  languages: string[];
  matchedTerms: string[];
  /** Filled in by withReceivingOrganizations: null when the organisation does not use CareLoop. */
  receivingOrganizationId: string | null;
}

export type MatchQueryResult = { ok: true; params: MatchParams } | { ok: false; error: string; field: string };

const LIMIT_MESSAGE = `limit must be a whole number from 1 to ${MAX_MATCH_LIMIT}.`;
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** An optional query parameter: absent or blank means not given. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined), schema.optional());
const coordinate = (name: 'lat' | 'lon', bound: number) =>
  z.coerce
    .number({ error: `${name} must be a number.` })
    .refine((value) => Number.isFinite(value) && Math.abs(value) <= bound, `${name} must be between -${bound} and ${bound}.`);

const matchQuerySchema = z
  .object({
    need: z
      .string({ error: 'need is required: an SDOH category code such as food-insecurity.' })
      .trim()
      .min(1, 'need is required: an SDOH category code such as food-insecurity.')
      .refine((code) => (SDOH_CATEGORY_CODES as readonly string[]).includes(code), {
        error: (issue) => `Unknown need category "${String(issue.input).slice(0, 60)}"; use an SDOH category code such as food-insecurity.`,
      }),
    zip: optional(z.string().regex(/^\d{5}(-\d{4})?$/, 'zip must be a 5-digit US ZIP code (or ZIP+4).')),
    lat: optional(coordinate('lat', 90)),
    lon: optional(coordinate('lon', 180)),
    language: optional(
      z
        .string()
        .regex(/^[A-Za-z]{2,3}$/, 'language must be an ISO 639-1 code such as es.')
        .transform((code) => code.toLowerCase())
        .refine((code) => languageNames.of(code) !== code, 'language must be an ISO 639-1 code such as es.'),
    ),
    limit: optional(
      z.coerce
        .number({ error: LIMIT_MESSAGE })
        .int(LIMIT_MESSAGE)
        .min(1, LIMIT_MESSAGE)
        .max(MAX_MATCH_LIMIT, LIMIT_MESSAGE),
    ),
  })
  .superRefine((query, context) => {
    const hasPoint = query.lat !== undefined || query.lon !== undefined;
    if (query.zip !== undefined && hasPoint) {
      context.addIssue({ code: 'custom', path: ['zip'], message: 'Give either zip or lat and lon, not both.' });
    } else if (hasPoint && (query.lat === undefined || query.lon === undefined)) {
      context.addIssue({ code: 'custom', path: [query.lat === undefined ? 'lat' : 'lon'], message: 'lat and lon go together; give both.' });
    } else if (query.zip === undefined && !hasPoint) {
      context.addIssue({ code: 'custom', path: ['zip'], message: 'Where is the patient? Give zip (a US ZIP code) or lat and lon.' });
    }
  });

/** Validates /api/match query parameters; the first problem comes back with the parameter it concerns. */
export function parseMatchQuery(searchParams: URLSearchParams): MatchQueryResult {
  const raw = Object.fromEntries(['need', 'zip', 'lat', 'lon', 'language', 'limit'].map((key) => [key, searchParams.get(key) ?? undefined]));
  const parsed = matchQuerySchema.safeParse(raw);
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
  return {
    ok: true,
    params: {
      needCategory: query.need as SdohCategory,
      latitude: latitude!,
      longitude: longitude!,
      language: query.language,
      limit: query.limit ?? DEFAULT_MATCH_LIMIT,
    },
  };
}

/** Services that meet the need, best first: mapped service type, then relevance to the need's words, then distance. */
export async function matchServices(engine: ServiceSearchEngine, params: MatchParams): Promise<ServiceMatch[]> {
  const result = await engine.search({
    needCategory: params.needCategory,
    latitude: params.latitude,
    longitude: params.longitude,
    language: params.language,
    limit: params.limit,
  });
  return result.hits.map((hit) => ({
    serviceId: hit.serviceId,
    serviceName: hit.serviceName,
    organizationId: hit.organizationId,
    organizationName: hit.organizationName,
    serviceAtLocationId: hit.serviceAtLocationId,
    address: hit.address,
    distanceKm: hit.distanceKm,
    languages: hit.languages,
    matchedTerms: hit.matchedTerms,
    receivingOrganizationId: null,
  }));
}

/** Marks the matches whose organisation receives referrals through CareLoop. */
export async function withReceivingOrganizations(
  db: Database | Transaction<DB>,
  matches: ServiceMatch[],
): Promise<ServiceMatch[]> {
  const receiving = await receivingOrganizationsByHsdsId(db, matches.map((match) => match.organizationId));
  return matches.map((match) => ({ ...match, receivingOrganizationId: receiving.get(match.organizationId) ?? null }));
}
