import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { loadServiceDocuments } from '../../search/documents.js';
import { boundingBox, compareRanked, distanceMetres, metresToMiles, milesToMetres } from '../../search/ranking.js';
import { indexedService, isListed } from '../../search/relevance.js';
import { compileVocabulary, type VocabularyEntry } from '../../search/vocabulary.js';
import { zipCentroid } from '../directory/zip.server.js';

export interface PreviewHit {
  serviceId: string;
  serviceName: string;
  organizationName: string;
  band: number;
  distanceMiles: number;
  matchedTerms: string[];
}

const PREVIEW_RADIUS_MILES = 10;
const PREVIEW_SIZE = 10;

/**
 * The services a draft vocabulary would put first near a ZIP code, before it is saved: the same relevance and
 * ranking as the index, computed here from the directory itself.
 */
export async function previewVocabulary(db: Database, needCategory: string, entries: VocabularyEntry[], zip: string): Promise<PreviewHit[] | null> {
  const centroid = zipCentroid(zip);
  if (!centroid) return null;
  const radius = milesToMetres(PREVIEW_RADIUS_MILES);
  const box = boundingBox(centroid.lat, centroid.lon, radius);
  const { rows } = await sql<{ id: string }>`
    SELECT DISTINCT sal.service_id AS id FROM hsds_service_at_location sal JOIN hsds_locations l ON l.id = sal.location_id
    WHERE l.latitude BETWEEN ${box.south} AND ${box.north} AND l.longitude BETWEEN ${box.west} AND ${box.east}`.execute(db);
  const vocabulary = compileVocabulary({ needCategory, entries });
  const documents = await loadServiceDocuments(db, rows.map((row) => row.id));
  const ranked = documents
    .filter((document) => isListed(document.status) && document.latitude !== null && document.longitude !== null)
    .flatMap((document) => {
      const service = indexedService(document, [vocabulary]);
      const match = service.needs[0];
      const metres = distanceMetres(centroid.lat, centroid.lon, document.latitude!, document.longitude!);
      if (!match || metres > radius) return [];
      return [{ document, match, ranked: { serviceId: document.serviceId, available: service.available, band: match.band, level: match.level, standing: service.standing, languageMatch: false, distanceMetres: metres, matchedTerms: match.matchedTerms } }];
    })
    .sort((a, b) => compareRanked(a.ranked, b.ranked))
    .slice(0, PREVIEW_SIZE);
  return ranked.map(({ document, match, ranked: rank }) => ({
    serviceId: document.serviceId,
    serviceName: document.serviceName,
    organizationName: document.organizationName,
    band: match.band,
    distanceMiles: Math.round(metresToMiles(rank.distanceMetres) * 10) / 10,
    matchedTerms: match.matchedTerms,
  }));
}
