// The resource-search port: what CareLoop asks of a search engine, whichever engine answers.
// Only the public resource directory is ever indexed; patients and PHI never reach an engine.

/** One service of the directory as the engines index it (built from the hsds_ tables by documents.ts). */
export interface ServiceSearchDocument {
  serviceId: string;
  serviceName: string;
  alternateName: string | null;
  description: string | null;
  organizationId: string;
  organizationName: string;
  /** The service's first located service-at-location: where a referral is sent and distance is measured. */
  locationId: string | null;
  serviceAtLocationId: string | null;
  /** One line, e.g. "3450 17th St, San Francisco, CA 94110". */
  address: string | null;
  postalCode: string | null;
  latitude: number | null;
  longitude: number | null;
  /** ISO 639 codes as the directory records them (ISO 639-1, or 639-3 such as yue / cmn). */
  languages: string[];
  taxonomyTerms: string[];
  /** HSDS service status: active, inactive, defunct, temporarily closed. */
  status: string;
  capacityStatus: string;
}

export type ServiceSearchFacet = 'languages' | 'taxonomyTerms' | 'capacityStatus';

export interface ServiceSearchQuery {
  /** Free text typed by a person: matched against names, terms and descriptions, tolerating typos. */
  text?: string;
  /** An SDOH need category code, expanded through need_taxonomy_map to taxonomy terms and synonyms. */
  needCategory?: string;
  latitude?: number;
  longitude?: number;
  /** Only with latitude/longitude: services farther away (or without coordinates) are left out. */
  radiusKm?: number;
  /** ISO 639-1 (or 639-3) code; a macrolanguage matches its members ('zh' finds 'yue' and 'cmn'). */
  language?: string;
  /** Only services of these HSDS organisations (e.g. those that receive referrals through CareLoop). */
  organizationIds?: string[];
  facets?: ServiceSearchFacet[];
  limit?: number;
  offset?: number;
}

export interface ServiceSearchHit {
  serviceId: string;
  serviceName: string;
  organizationId: string;
  organizationName: string;
  locationId: string | null;
  serviceAtLocationId: string | null;
  address: string | null;
  /** Kilometres from the query point; null without a query point or without service coordinates. */
  distanceKm: number | null;
  languages: string[];
  taxonomyTerms: string[];
  /** The need's taxonomy terms and synonyms (and, for free text, the service's terms) that matched. */
  matchedTerms: string[];
  /** Higher is more relevant; hits with equal score are ordered nearest first. */
  score: number;
}

export interface ServiceSearchResult {
  hits: ServiceSearchHit[];
  /** How many services match in all (before limit/offset). */
  total: number;
  facets: Partial<Record<ServiceSearchFacet, Record<string, number>>>;
}

/** Where a full reindex reads every document from. */
export type ServiceDocumentSource = () => Promise<ServiceSearchDocument[]>;

export interface ServiceSearchEngine {
  readonly name: 'postgres' | 'meilisearch';
  /** Adds or replaces these documents. */
  indexServices(documents: ServiceSearchDocument[]): Promise<void>;
  deleteServices(serviceIds: string[]): Promise<void>;
  /** Replaces the whole index with the source's documents; searches keep working meanwhile. */
  reindexAll(source: ServiceDocumentSource): Promise<void>;
  search(query: ServiceSearchQuery): Promise<ServiceSearchResult>;
  health(): Promise<boolean>;
}

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;
