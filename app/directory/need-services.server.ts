import type { Database } from '../../db/pool.js';
import type { ServiceSearchHit } from '../../search/port.js';
import { getSearchEngine } from '../db.server.js';
import { portalOrganizations } from './services.server.js';
import { zipCentroid } from './zip.server.js';

export interface NeedServiceHit extends ServiceSearchHit {
  /** The CareLoop organisation that receives referrals for this service; null when it is not on CareLoop. */
  receivingOrganizationId: string | null;
}

interface NeedServiceQuery {
  needCategory: string;
  postalCode: string;
  language?: string;
  onCareLoopOnly: boolean;
  limit: number;
  offset: number;
}

/** Services for a patient's need near their ZIP code, marked with who can take a referral. */
export async function findServicesForNeed(db: Database, query: NeedServiceQuery): Promise<{ hits: NeedServiceHit[]; total: number }> {
  const receivingByDirectoryId = await portalOrganizations(db);
  const centroid = zipCentroid(query.postalCode);
  const result = await getSearchEngine().search({
    needCategory: query.needCategory,
    latitude: centroid?.lat,
    longitude: centroid?.lon,
    language: query.language,
    organizationIds: query.onCareLoopOnly ? [...receivingByDirectoryId.keys()] : undefined,
    limit: query.limit,
    offset: query.offset,
  });
  return {
    total: result.total,
    hits: result.hits.map((hit) => ({ ...hit, receivingOrganizationId: receivingByDirectoryId.get(hit.organizationId) ?? null })),
  };
}
