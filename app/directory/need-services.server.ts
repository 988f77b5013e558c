import type { Database } from '../../db/pool.js';
import { searchServices, type ServiceSearchHit } from '../../search/search.js';
import { getSearchContext } from '../db.server.js';
import { portalOrganizations } from './services.server.js';
import { zipCentroid } from './zip.server.js';

export interface NeedServiceHit extends ServiceSearchHit {
  /** The CareLoop organisation that receives referrals for this service; null when it is not on CareLoop. */
  receivingOrganizationId: string | null;
}

interface NeedServiceQuery {
  needCategory: string;
  postalCode: string;
  /** The patient's preferred language: services that list it come first. */
  language?: string;
  /** Only services that list the patient's language. */
  requireLanguage: boolean;
  age?: number;
  onCareLoopOnly: boolean;
  limit: number;
  offset: number;
}

/** Services for a patient's need near their ZIP code, marked with who can take a referral. */
export async function findServicesForNeed(db: Database, query: NeedServiceQuery): Promise<{ hits: NeedServiceHit[]; total: number; radiusMiles: number | null }> {
  const receivingByDirectoryId = await portalOrganizations(db);
  const centroid = zipCentroid(query.postalCode);
  const result = await searchServices(getSearchContext(), {
    needCategory: query.needCategory,
    latitude: centroid?.lat,
    longitude: centroid?.lon,
    language: query.language,
    requireLanguage: query.requireLanguage,
    ageRange: query.age === undefined ? undefined : [query.age, query.age],
    organizationIds: query.onCareLoopOnly ? [...receivingByDirectoryId.keys()] : undefined,
    limit: query.limit,
    offset: query.offset,
  });
  return {
    total: result.total,
    radiusMiles: result.radiusMiles,
    hits: result.hits.map((hit) => ({ ...hit, receivingOrganizationId: receivingByDirectoryId.get(hit.organizationId) ?? null })),
  };
}
