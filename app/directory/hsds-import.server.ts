import type { Database } from '../../db/pool.js';

export interface HsdsImportSummary {
  counts: Record<string, number>;
  warnings: string[];
}

export async function importHsdsDatapackage(
  _db: Database,
  _folder: string,
  _options: { onProgress?: (message: string) => void } = {},
): Promise<HsdsImportSummary> {
  return { counts: {}, warnings: [] };
}
