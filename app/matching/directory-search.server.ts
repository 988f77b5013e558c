import type { Database } from '../../db/pool.js';
import { searchServices, type ServiceSearchHit, type ServiceSearchResult } from '../../search/search.js';
import { getSearchContext } from '../db.server.js';
import { portalOrganizations } from '../directory/services.server.js';
import { AGE_BANDS } from './age.js';
import { locatePlace, type Place } from './place.server.js';
import { SEARCH_PAGE_SIZE, type SearchParams } from './search-params.js';
import { knownNeedCategories } from './vocabulary.server.js';

export interface DirectoryHit extends ServiceSearchHit {
  receivingOrganizationId: string | null;
}

export type DirectorySearch =
  | { state: 'empty' }
  | { state: 'invalid'; errors: Partial<Record<keyof SearchParams, string>> }
  | { state: 'done'; place: Place | null; result: Omit<ServiceSearchResult, 'hits'> & { hits: DirectoryHit[] }; pageCount: number };

/** The worker search page: checks what the URL asks for, then searches the directory (public data only). */
export async function searchDirectory(db: Database, params: SearchParams): Promise<DirectorySearch> {
  if (!params.q && !params.need) return { state: 'empty' };
  const errors: Partial<Record<keyof SearchParams, string>> = {};
  if (params.need && !(await knownNeedCategories(db)).has(params.need)) errors.need = 'Choose a need from the list.';
  const place = params.place ? locatePlace(params.place) : null;
  if (params.place && !place) errors.place = 'We could not find that place. Give a ZIP code, or a city and state such as "Oakland, CA".';
  if (Object.keys(errors).length) return { state: 'invalid', errors };

  const receiving = await portalOrganizations(db);
  const page = params.page ?? 1;
  const result = await searchServices(getSearchContext(), {
    needCategory: params.need,
    text: params.q,
    latitude: place?.latitude,
    longitude: place?.longitude,
    radiusMiles: params.radius,
    language: params.language,
    requireLanguage: params.requireLanguage === '1' && params.language !== undefined,
    ageRange: params.age ? [...AGE_BANDS[params.age]] : undefined,
    capacity: params.capacity.length ? params.capacity : undefined,
    organizationIds: params.portal === '1' ? [...receiving.keys()] : undefined,
    openNow: params.open === '1',
    facets: ['languages', 'capacityStatus'],
    countOrganizations: [...receiving.keys()],
    limit: SEARCH_PAGE_SIZE,
    offset: (page - 1) * SEARCH_PAGE_SIZE,
  });
  return {
    state: 'done',
    place,
    pageCount: Math.max(1, Math.ceil(result.total / SEARCH_PAGE_SIZE)),
    result: { ...result, hits: result.hits.map((hit) => ({ ...hit, receivingOrganizationId: receiving.get(hit.organizationId) ?? null })) },
  };
}
