// The one ranking, for both engines. Results are ordered by, in turn:
//   1. available: services with no capacity (or temporarily closed) sink to the end;
//   2. band: how well the service meets the need (relevance.ts; 0 for free text without a need);
//   3. language: services that list the patient's language before those that do not;
//   4. level: relevance to the need in finer steps (relevance.ts LEVELS);
//   5. text: for free text, how well the service's words match what was typed;
//   6. standing: listings confirmed within a year before older ones;
//   7. distance, nearest first (only services within the search radius take part at all);
//   8. service id, so that equal services always come in the same order.
// The PostgreSQL engine writes this as ORDER BY, the Meilisearch engine as sort rules merged by
// compareRanked; free-text candidates are ordered by compareRanked directly.
import type { RankedService } from './port.js';

/** Earth radius of the distances both engines report and filter by (Meilisearch's, in metres). */
export const EARTH_RADIUS_METRES = 6_371_000;
export const METRES_PER_MILE = 1609.344;

/** Radii tried in turn until enough services meet the need; a radius the worker chose is used as it is. */
export const RADIUS_STEPS_MILES = [10, 25, 50, 100] as const;
/** Fewer services than this within a radius widens it to the next step. */
export const ENOUGH_SERVICES = 10;
/** The farthest a search reaches when it widens, or when a worker asks for a radius. */
export const MAX_RADIUS_MILES = 250;

export interface Ranked extends RankedService {
  /** 0..1, free text only. */
  textScore?: number;
}

/** Metres between two points on a sphere of EARTH_RADIUS_METRES (the same formula as Meilisearch's, and as the PostgreSQL engine's SQL). */
export function exactDistanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const radians = Math.PI / 180;
  const haversine = (theta: number) => (1 - Math.cos(theta)) / 2;
  const phi1 = lat1 * radians;
  const phi2 = lat2 * radians;
  const total = haversine(phi2 - phi1) + Math.cos(phi1) * Math.cos(phi2) * haversine((lon2 - lon1) * radians);
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(total)));
}

/** Whole metres between two points, as both engines report and sort distances. */
export function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return Math.round(exactDistanceMetres(lat1, lon1, lat2, lon2));
}

/** A latitude/longitude box that holds every point within `metres` of the centre (for index look-ups). */
export function boundingBox(latitude: number, longitude: number, metres: number) {
  const latitudeDelta = (metres / EARTH_RADIUS_METRES) * (180 / Math.PI) * 1.001;
  const cosine = Math.cos((Math.min(89.9, Math.abs(latitude) + latitudeDelta) * Math.PI) / 180);
  const longitudeDelta = Math.min(180, latitudeDelta / Math.max(cosine, 1e-6));
  return {
    south: Math.max(-90, latitude - latitudeDelta),
    north: Math.min(90, latitude + latitudeDelta),
    west: longitude - longitudeDelta,
    east: longitude + longitudeDelta,
  };
}

/** Text scores are compared at this precision, so that both engines' arithmetic gives one order. */
function textKey(score: number | undefined): number {
  return Math.round((score ?? 0) * 10_000);
}

export function compareRanked(a: Ranked, b: Ranked): number {
  return (
    Number(b.available) - Number(a.available) ||
    b.band - a.band ||
    Number(b.languageMatch) - Number(a.languageMatch) ||
    b.level - a.level ||
    textKey(b.textScore) - textKey(a.textScore) ||
    b.standing - a.standing ||
    (a.distanceMetres ?? Number.POSITIVE_INFINITY) - (b.distanceMetres ?? Number.POSITIVE_INFINITY) ||
    (a.serviceId < b.serviceId ? -1 : a.serviceId > b.serviceId ? 1 : 0)
  );
}

/** A need's rank without the language, for engines that sort by one stored number (higher first). */
export function staticRank(service: { available: boolean; band: number; level: number; standing: number }): number {
  return (service.available ? 10_000 : 0) + service.band * 1000 + service.level * 10 + service.standing;
}

export function milesToMetres(miles: number): number {
  return Math.round(miles * METRES_PER_MILE);
}

export function metresToMiles(metres: number): number {
  return metres / METRES_PER_MILE;
}
