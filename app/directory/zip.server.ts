import zipcodes from 'zipcodes';

const US_ZIP = /^(\d{5})(-\d{4})?$/;

/** The centroid of a US ZIP code (ZIP+4 uses its first five digits); null when malformed or unknown. */
export function zipCentroid(zip: string): { lat: number; lon: number } | null {
  const match = US_ZIP.exec(zip.trim());
  if (!match) return null;
  const record = zipcodes.lookup(match[1]);
  // The package also holds Canadian postal codes; CareLoop's directory is US-only.
  if (!record || record.country !== 'US') return null;
  return { lat: record.latitude, lon: record.longitude };
}
