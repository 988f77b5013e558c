// Exports the whole directory as an HSDS 3.0 tabular datapackage: one CSV per resource (every
// specification column, rows in id order) and the specification's datapackage.json. Values come
// from source_row, the row as imported (or as edited in CareLoop), so every cell goes out as it
// came in, and two exports of the same directory are byte-identical.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { connectionStringOf, type Database } from '../../db/pool.js';
import { HSDS_RESOURCES, SPECIFICATION_DESCRIPTOR } from './hsds-spec.js';

export interface HsdsExportSummary {
  /** Rows written per file, keyed by file name without .csv. */
  counts: Record<string, number>;
}

const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

export async function exportHsdsPackage(
  db: Database,
  folder: string,
  options: { onProgress?: (file: string, rows: number) => void } = {},
): Promise<HsdsExportSummary> {
  fs.mkdirSync(folder, { recursive: true });
  const client = new pg.Client({ connectionString: connectionStringOf(db) });
  await client.connect();
  const counts: Record<string, number> = {};
  try {
    // One snapshot for every table, so the files agree with each other.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const resource of HSDS_RESOURCES) {
      const file = path.join(folder, resource.path);
      const header = `${resource.fields.map((field) => field.name).join(',')}\n`;
      fs.writeFileSync(file, header);
      const columns = resource.fields.map((field) => `source_row ->> ${quoteLiteral(field.name)}`).join(', ');
      const copy = client.query(copyTo(`COPY (SELECT ${columns} FROM ${resource.table} ORDER BY id) TO STDOUT WITH (FORMAT csv)`));
      await pipeline(copy, fs.createWriteStream(file, { flags: 'a' }));
      counts[resource.path.replace(/\.csv$/, '')] = copy.rowCount;
      options.onProgress?.(resource.path, copy.rowCount);
    }
    await client.query('COMMIT');
  } finally {
    await client.end().catch(() => {});
  }
  fs.writeFileSync(path.join(folder, 'datapackage.json'), `${JSON.stringify(SPECIFICATION_DESCRIPTOR, null, 2)}\n`);
  return { counts };
}
