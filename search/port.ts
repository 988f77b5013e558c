// The resource-search port: what CareLoop asks of a search engine, whichever engine answers.
// Only the public resource directory is ever indexed; patients and PHI never reach an engine.
//
// Relevance is not the engines' business: search/relevance.ts decides, when a service is indexed, how well it
// meets each need, and search/search.ts turns a person's query into the engine calls below and orders what
// they return by the one ranking in search/ranking.ts. An engine stores, filters, measures distance and sorts.

/** Capacity as the search documents carry it (the SDOH Clinical Care IG's capacity codes, plus unknown). */
export const CAPACITY_STATUSES = ['accepting', 'waitlist', 'no-capacity', 'assessment-required', 'unknown'] as const;
export type CapacityStatus = (typeof CAPACITY_STATUSES)[number];

/** One service of the directory as the engines index it (built from the hsds_ tables by documents.ts). */
export interface ServiceSearchDocument {
  serviceId: string;
  serviceName: string;
  alternateName: string | null;
  description: string | null;
  eligibility: string | null;
  organizationId: string;
  organizationName: string;
  organizationDescription: string | null;
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
  /** The codes of those terms where the directory has them (AIRS/211 codes such as BD-1800.2000). */
  taxonomyCodes: string[];
  /** HSDS service status: active, inactive, defunct, temporarily closed. */
  status: string;
  capacityStatus: CapacityStatus;
  /** HSDS minimum_age / maximum_age; null when the directory sets no limit. */
  minimumAge: number | null;
  maximumAge: number | null;
  /** When someone last confirmed the listing (CareLoop's check, or HSDS assured_date), ISO 8601. */
  verifiedAt: string | null;
  /**
   * The quarter hours of the coming week in which the service is open (app/directory/hours.ts
   * openSlotOf), when built from the directory. Engines store them beside the document for the
   * "open now" filter and do not return them with it.
   */
  openSlots?: number[];
}

/** How one service meets one need, decided at indexing time (search/relevance.ts). */
export interface NeedMatch {
  needCategory: string;
  /** 0..1: how well the service meets the need. */
  relevance: number;
  /** 3 = what the need asks for, 2 = a good match, 1 = related. */
  band: 1 | 2 | 3;
  /** Relevance in steps of 1/20, for ordering within a band. */
  level: number;
  matchedTerms: string[];
}

/** What an engine stores for a service: the document and what relevance.ts computed from it. */
export interface IndexedService {
  document: ServiceSearchDocument;
  needs: NeedMatch[];
  /** False for no capacity or temporarily closed: such services sink below all others. */
  available: boolean;
  /** 1 when the listing was confirmed within the last year, else 0. */
  standing: 0 | 1;
  /** The languages a search matches: those listed, or English for a service that lists none. */
  languages: string[];
  /** Every stem of the service's text with the weight of the best field it appears in. */
  stemWeights: Record<string, number>;
  /** The document's openSlots (empty when it gives no hours). */
  openSlots: number[];
}

/** Filters every engine query accepts. A patient's age is a range ([age, age]) or an age band. */
export interface SearchFilters {
  /** Only services that list one of these language codes (the worker asked for it). */
  requiredLanguages?: string[];
  ageRange?: [number, number];
  capacity?: CapacityStatus[];
  /** Only services of these HSDS organisations (e.g. those that receive referrals through CareLoop). */
  organizationIds?: string[];
  /** Only services open in this quarter hour of the week (openSlotOf): "open now". */
  openSlot?: number;
}

export interface SearchPlace {
  latitude: number;
  longitude: number;
  radiusMetres: number;
}

export interface NeedQuery {
  needCategory: string;
  place?: SearchPlace;
  /** Language codes that count as the patient's language: matching services come first. */
  preferredLanguages?: string[];
  filters: SearchFilters;
  limit: number;
  offset: number;
}

/** A service in an engine's answer, with what the ranking needs. */
export interface RankedService {
  serviceId: string;
  available: boolean;
  /** For need queries; 0 otherwise. */
  band: number;
  level: number;
  standing: number;
  languageMatch: boolean;
  /** Whole metres (haversine, Earth radius 6,371 km); null without a place or coordinates. */
  distanceMetres: number | null;
  matchedTerms: string[];
  /** The service's document, when the engine read it with the ranking (saves a second look-up). */
  document?: ServiceSearchDocument;
}

export interface WordQuery {
  /** Stems that a service must carry at least one of. */
  stems: string[];
  /** Only services meeting this need, with their band. */
  needCategory?: string;
  place?: SearchPlace;
  preferredLanguages?: string[];
  filters: SearchFilters;
  /** At most this many candidates, nearest first. */
  cap: number;
}

export interface WordCandidate extends RankedService {
  /** Weight of each query stem in the service (0 when absent), in the order of WordQuery.stems. */
  stemWeights: number[];
}

export type ServiceSearchFacet = 'languages' | 'capacityStatus';
export type FacetCounts = Partial<Record<ServiceSearchFacet, Record<string, number>>>;

export interface FacetQuery {
  needCategory?: string;
  /** With stems, the facets count the services that carry one of them. */
  stems?: string[];
  place?: SearchPlace;
  filters: SearchFilters;
  facets: ServiceSearchFacet[];
  /** Also count the services of these organisations (those on CareLoop). */
  countOrganizations?: string[];
}

export interface EngineFacets {
  counts: FacetCounts;
  /** How many of the services counted belong to FacetQuery.countOrganizations. */
  organizations: number;
}

/** Where a full reindex reads every document from, in batches. */
export type ServiceDocumentSource = () => AsyncIterable<IndexedService[]>;

export interface ReindexProgress {
  indexed: number;
}

export interface ServiceSearchEngine {
  readonly name: 'postgres' | 'meilisearch';
  /** Checks the engine can serve (for Meilisearch: its version, its settings); throws a sentence if not. */
  prepare(): Promise<void>;
  /** Adds or replaces these services. */
  indexServices(services: IndexedService[]): Promise<void>;
  deleteServices(serviceIds: string[]): Promise<void>;
  /** Replaces the whole index with the source's services; searches keep working meanwhile; the switch is atomic. */
  reindexAll(source: ServiceDocumentSource, onProgress?: (progress: ReindexProgress) => void): Promise<{ indexed: number }>;
  /** Services meeting a need, in ranking order (ranking.ts NEED_ORDER), one page, and how many there are. */
  findForNeed(query: NeedQuery): Promise<{ total: number; services: RankedService[] }>;
  /** Services carrying any of the stems, nearest first, at most `cap`: search.ts ranks them. */
  findByWords(query: WordQuery): Promise<WordCandidate[]>;
  countFacets(query: FacetQuery): Promise<EngineFacets>;
  getDocuments(serviceIds: string[]): Promise<ServiceSearchDocument[]>;
  /** How many services the index holds. */
  countServices(): Promise<number>;
  /** False when an earlier version of CareLoop built the index in a layout this one no longer writes: prepareSearchIndex rebuilds it. */
  indexIsCurrent(): Promise<boolean>;
  health(): Promise<boolean>;
}

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;
