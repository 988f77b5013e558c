import zipcodes from 'zipcodes';
import { zipCentroid } from '../directory/zip.server.js';

export interface Place {
  latitude: number;
  longitude: number;
  /** What the place was found as: a ZIP code, or a city and state. */
  label: string;
}

const ZIP_IN_TEXT = /\b(\d{5})(?:-\d{4})?\b/g;
const CITY_STATE = /^\s*([\p{L} .'-]{2,60}?)\s*,?\s+([A-Za-z]{2})\s*$/u;

/**
 * Where a ZIP code or an address is, offline: a ZIP code anywhere in the text (the last one, as addresses
 * end with it), else "City, ST" as the centre of that city's ZIP codes. Null when neither is found: the
 * directory's distances are from ZIP centroids, so a street without a ZIP or city says nothing more.
 */
export function locatePlace(text: string): Place | null {
  const trimmed = text.trim().slice(0, 200);
  if (!trimmed) return null;
  const zips = [...trimmed.matchAll(ZIP_IN_TEXT)].map((match) => match[1]);
  for (const zip of zips.reverse()) {
    const centroid = zipCentroid(zip);
    if (centroid) return { latitude: centroid.lat, longitude: centroid.lon, label: zip };
  }
  const parts = trimmed.split(',');
  const candidates = [parts.slice(-1).join(','), parts.slice(-2).join(',')];
  for (const candidate of candidates) {
    const cityState = CITY_STATE.exec(candidate);
    if (!cityState) continue;
    const [, city, state] = cityState;
    const records = zipcodes.lookupByName(city.trim(), state.toUpperCase()).filter((record) => record.country === 'US');
    if (records.length) {
      const latitude = records.reduce((sum, record) => sum + record.latitude, 0) / records.length;
      const longitude = records.reduce((sum, record) => sum + record.longitude, 0) / records.length;
      return { latitude: Math.round(latitude * 10_000) / 10_000, longitude: Math.round(longitude * 10_000) / 10_000, label: `${records[0].city}, ${records[0].state}` };
    }
  }
  return null;
}
