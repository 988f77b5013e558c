// One search, whichever engine answers: a person's query becomes engine calls, and what comes back is
// ordered by the one ranking (ranking.ts), measured and explained the same way.
import { openSlotOf } from '../app/directory/hours.js';
import type { Database } from '../db/pool.js';
import { languageCodesMatching } from './languages.js';
import {
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT,
  type CapacityStatus,
  type FacetCounts,
  type RankedService,
  type SearchFilters,
  type SearchPlace,
  type ServiceSearchDocument,
  type ServiceSearchEngine,
  type ServiceSearchFacet,
  type WordCandidate,
} from './port.js';
import { ENOUGH_SERVICES, RADIUS_STEPS_MILES, compareRanked, metresToMiles, milesToMetres, type Ranked } from './ranking.js';
import { correctStem, stemFrequencies } from './stems.js';
import { containsPhrase, queryWords, stem } from './text.js';
import { compileVocabulary, loadVocabularies, type CompiledVocabulary, type NeedVocabulary } from './vocabulary.js';

export interface ServiceSearchQuery {
  /** A need of the vocabulary (an SDOH category code, legal-help, or one an admin added). */
  needCategory?: string;
  /** Free text as typed, in English or Spanish: it may name a need ("ayuda con renta") and words to look for. */
  text?: string;
  latitude?: number;
  longitude?: number;
  /** A radius the worker chose: used as it is. Without it the search widens from 10 miles until enough services meet the need. */
  radiusMiles?: number;
  /** The patient's language (ISO 639-1 or 639-3): services that list it come first. */
  language?: string;
  /** Only services that list the language. */
  requireLanguage?: boolean;
  ageRange?: [number, number];
  capacity?: CapacityStatus[];
  organizationIds?: string[];
  /** Only services open at `now` (default: this moment), by their listed hours. */
  openNow?: boolean;
  now?: Date;
  facets?: ServiceSearchFacet[];
  /** Count, besides the facets, how many matches belong to these organisations. */
  countOrganizations?: string[];
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
  distanceKm: number | null;
  distanceMiles: number | null;
  languages: string[];
  languageMatch: boolean;
  taxonomyTerms: string[];
  /** What in the service matched: the need's terms and phrases, or the words typed. */
  matchedTerms: string[];
  capacityStatus: CapacityStatus;
  status: string;
  /** 3 = what the need asks for, 2 = a good match, 1 = related; 0 for free text without a need. */
  band: number;
  minimumAge: number | null;
  maximumAge: number | null;
}

export interface ServiceSearchResult {
  hits: ServiceSearchHit[];
  /** How many services match in all (before limit/offset). */
  total: number;
  facets: FacetCounts;
  /** How many of the matches belong to countOrganizations. */
  organizationCount: number;
  /** The need searched for: the one asked for, or the one the text named. */
  needCategory: string | null;
  /** The words looked for, after typos were corrected. */
  words: string[];
  /** The radius the results come from; null without a place. */
  radiusMiles: number | null;
}

/** Free-text candidates a search ranks at most (nearest first), so that its cost stays bounded. */
export const TEXT_CANDIDATES = 1000;

// Words that say nothing about which help is wanted, once the need's own phrases have been read.
// Day and time words wait for the opening-hours filter; until then they are not words to look for.
const GENERIC = new Set(
  [
    'help', 'helping', 'assistance', 'assist', 'service', 'services', 'program', 'programs', 'resource', 'resources', 'free',
    'support', 'information', 'info', 'center', 'centre', 'nearby', 'local', 'today', 'now', 'open', 'opened', 'tonight',
    'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'weekend', 'weekends', 'mon', 'tue', 'wed',
    'thu', 'fri', 'sat', 'sun', 'ayuda', 'ayudar', 'servicio', 'servicios', 'programa', 'programas', 'gratis', 'gratuito',
    'apoyo', 'asistencia', 'informacion', 'centro', 'abierto', 'hoy', 'lunes', 'martes', 'miercoles', 'jueves', 'viernes',
    'sabado', 'domingo', 'need', 'needs', 'looking', 'want', 'near', 'find', 'necesito', 'busco', 'cerca',
  ].map(stem),
);

export interface SearchContext {
  db: Database;
  engine: ServiceSearchEngine;
}

let vocabularyCache: { loadedAt: number; vocabularies: NeedVocabulary[]; compiled: CompiledVocabulary[] } | undefined;
const VOCABULARY_TTL_MS = 30_000;

/** The vocabulary, read at most every 30 seconds (an admin's edit in another process reaches free text within that time). */
export async function cachedVocabularies(db: Database): Promise<{ vocabularies: NeedVocabulary[]; compiled: CompiledVocabulary[] }> {
  if (!vocabularyCache || Date.now() - vocabularyCache.loadedAt > VOCABULARY_TTL_MS) {
    const vocabularies = await loadVocabularies(db);
    vocabularyCache = { loadedAt: Date.now(), vocabularies, compiled: vocabularies.map(compileVocabulary) };
  }
  return vocabularyCache;
}

export function forgetCachedVocabularies(): void {
  vocabularyCache = undefined;
}

export interface TextReading {
  needCategory?: string;
  /** Stems still to look for in services' words. */
  stems: string[];
  /** Those stems' words as typed (or corrected). */
  words: string[];
}

/**
 * Reads free text: mistyped words corrected to known ones, the need it names (the vocabulary's phrases,
 * English or Spanish), and the words left to look for.
 */
export async function readText(db: Database, text: string, vocabularies: CompiledVocabulary[], givenNeed?: string): Promise<TextReading> {
  const typed = queryWords(text);
  const vocabularyStems = new Set(vocabularies.flatMap((vocabulary) => vocabulary.phrases.flatMap((phrase) => phrase.stems)));
  const { counts } = await stemFrequencies(db, typed.map(stem));
  const words: string[] = [];
  const queryStems: string[] = [];
  for (const word of typed) {
    let wordStem = stem(word);
    if (!vocabularyStems.has(wordStem) && !counts.has(wordStem) && !GENERIC.has(wordStem)) {
      wordStem = nearestVocabularyStem(wordStem, vocabularyStems) ?? (await correctStem(db, wordStem)) ?? wordStem;
    }
    words.push(word);
    queryStems.push(wordStem);
  }

  let needCategory = givenNeed;
  const covered = new Set<number>();
  if (!givenNeed) {
    let best: { need: string; covered: number[]; weight: number } | undefined;
    for (const vocabulary of vocabularies) {
      const coveredHere = new Set<number>();
      let weight = 0;
      for (const phrase of vocabulary.phrases) {
        for (let start = 0; start + phrase.stems.length <= queryStems.length; start++) {
          if (!containsPhrase(queryStems.slice(start, start + phrase.stems.length), phrase.stems)) continue;
          for (let i = 0; i < phrase.stems.length; i++) coveredHere.add(start + i);
          weight = Math.max(weight, phrase.weight);
        }
      }
      if (weight < 0.6) continue;
      if (!best || coveredHere.size > best.covered.length || (coveredHere.size === best.covered.length && weight > best.weight)) {
        best = { need: vocabulary.needCategory, covered: [...coveredHere], weight };
      }
    }
    if (best) {
      needCategory = best.need;
      for (const position of best.covered) covered.add(position);
    }
  }
  const left = queryStems.map((value, position) => ({ value, word: words[position], position })).filter((item) => !covered.has(item.position) && !GENERIC.has(item.value));
  const unique = [...new Map(left.map((item) => [item.value, item])).values()];
  return { needCategory, stems: unique.map((item) => item.value), words: unique.map((item) => item.word) };
}

function nearestVocabularyStem(typed: string, known: Set<string>): string | undefined {
  const allowance = typed.length >= 9 ? 2 : typed.length >= 5 ? 1 : 0;
  if (allowance === 0) return undefined;
  let best: { stem: string; distance: number } | undefined;
  for (const candidate of known) {
    if (Math.abs(candidate.length - typed.length) > allowance) continue;
    const distance = levenshteinWithin(typed, candidate, allowance);
    if (distance <= allowance && (!best || distance < best.distance || (distance === best.distance && candidate < best.stem))) best = { stem: candidate, distance };
  }
  return best?.stem;
}

function levenshteinWithin(a: string, b: string, limit: number): number {
  // Small strings, small limit: the plain dynamic programme is quick enough.
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], (previous as number[])[j - 2] + 1);
    }
    if (Math.min(...current) > limit) return limit + 1;
    previous.splice(0, previous.length, ...current);
  }
  return previous[b.length];
}

function clampLimit(limit: number | undefined): number {
  return Math.min(Math.max(Math.trunc(limit ?? DEFAULT_SEARCH_LIMIT), 1), MAX_SEARCH_LIMIT);
}

/** The radii to try in metres: the worker's, or the widening steps. */
function radii(query: ServiceSearchQuery): number[] {
  if (query.radiusMiles !== undefined) return [milesToMetres(query.radiusMiles)];
  return RADIUS_STEPS_MILES.map(milesToMetres);
}

/** Idf-weighted share of the typed words that the service carries, each counted by its best field. */
export function textScore(weights: number[], idf: number[]): number {
  const total = idf.reduce((sum, value) => sum + value, 0);
  if (total === 0) return 0;
  return weights.reduce((sum, weight, i) => sum + Math.min(1, weight) * idf[i], 0) / total;
}

export async function searchServices(context: SearchContext, query: ServiceSearchQuery): Promise<ServiceSearchResult> {
  const { db, engine } = context;
  const limit = clampLimit(query.limit);
  const offset = Math.max(Math.trunc(query.offset ?? 0), 0);
  const languageCodes = query.language ? languageCodesMatching(query.language) : undefined;
  const filters: SearchFilters = {
    requiredLanguages: query.requireLanguage && languageCodes ? languageCodes : undefined,
    ageRange: query.ageRange,
    capacity: query.capacity,
    organizationIds: query.organizationIds,
    openSlot: query.openNow ? openSlotOf(query.now ?? new Date()) : undefined,
  };
  const empty: ServiceSearchResult = { hits: [], total: 0, facets: {}, organizationCount: 0, needCategory: query.needCategory ?? null, words: [], radiusMiles: null };
  if (query.organizationIds?.length === 0) return { ...empty, facets: Object.fromEntries((query.facets ?? []).map((facet) => [facet, {}])) };

  let reading: TextReading = { needCategory: query.needCategory, stems: [], words: [] };
  if (query.text?.trim()) reading = await readText(db, query.text, (await cachedVocabularies(db)).compiled, query.needCategory);
  const needCategory = reading.needCategory;
  if (!needCategory && reading.stems.length === 0) return { ...empty, words: reading.words };

  const hasPoint = query.latitude !== undefined && query.longitude !== undefined;
  const steps = hasPoint ? radii(query) : [undefined];
  const preferred = languageCodes;
  let place: SearchPlace | undefined;
  let ranked: Ranked[] = [];
  let total = 0;
  let idf: number[] = [];
  let candidates: WordCandidate[] = [];

  for (const [step, radiusMetres] of steps.entries()) {
    place = hasPoint ? { latitude: query.latitude!, longitude: query.longitude!, radiusMetres: radiusMetres! } : undefined;
    const last = step === steps.length - 1;
    if (reading.stems.length === 0) {
      const found = await engine.findForNeed({ needCategory: needCategory!, place, preferredLanguages: preferred, filters, limit, offset });
      ranked = found.services;
      total = found.total;
    } else {
      candidates = await engine.findByWords({ stems: reading.stems, needCategory, place, preferredLanguages: preferred, filters, cap: TEXT_CANDIDATES });
      total = candidates.length;
    }
    if (total >= ENOUGH_SERVICES || last) break;
  }

  if (reading.stems.length > 0) {
    const frequencies = await stemFrequencies(db, reading.stems);
    idf = reading.stems.map((value) => Math.log(1 + frequencies.services / (1 + (frequencies.counts.get(value) ?? 0))));
    const scored = candidates.map((candidate) => ({ ...candidate, textScore: textScore(candidate.stemWeights, idf) }));
    scored.sort(compareRanked);
    ranked = scored.slice(offset, offset + limit).map((candidate) => ({
      ...candidate,
      matchedTerms: [
        ...candidate.matchedTerms,
        ...reading.words.filter((_, position) => candidate.stemWeights[position] > 0),
      ],
    }));
  }

  const facets = query.facets?.length || query.countOrganizations?.length
    ? await engine.countFacets({
        needCategory,
        stems: reading.stems.length ? reading.stems : undefined,
        place,
        filters,
        facets: query.facets ?? [],
        countOrganizations: query.countOrganizations,
      })
    : { counts: {}, organizations: 0 };

  const missing = ranked.filter((service) => !service.document).map((service) => service.serviceId);
  const documents = new Map((await engine.getDocuments(missing)).map((document) => [document.serviceId, document]));
  const hits = ranked.flatMap((service) => {
    const document = service.document ?? documents.get(service.serviceId);
    return document ? [toHit(document, service, query.language)] : [];
  });
  return {
    hits,
    total,
    facets: facets.counts,
    organizationCount: facets.organizations,
    needCategory: needCategory ?? null,
    words: reading.words,
    radiusMiles: place ? Math.round(metresToMiles(place.radiusMetres)) : null,
  };
}

function toHit(document: ServiceSearchDocument, service: RankedService, language: string | undefined): ServiceSearchHit {
  const distanceKm = service.distanceMetres === null ? null : Math.round(service.distanceMetres / 10) / 100;
  const languageMatch = language !== undefined && service.languageMatch;
  return {
    serviceId: document.serviceId,
    serviceName: document.serviceName,
    organizationId: document.organizationId,
    organizationName: document.organizationName,
    locationId: document.locationId,
    serviceAtLocationId: document.serviceAtLocationId,
    address: document.address,
    distanceKm,
    distanceMiles: service.distanceMetres === null ? null : Math.round(metresToMiles(service.distanceMetres) * 10) / 10,
    languages: document.languages,
    languageMatch,
    taxonomyTerms: document.taxonomyTerms,
    matchedTerms: [...new Set(service.matchedTerms)],
    capacityStatus: document.capacityStatus,
    status: document.status,
    band: service.band,
    minimumAge: document.minimumAge,
    maximumAge: document.maximumAge,
  };
}
