// A large HSDS package for benchmarks, made from the SF 211 data: copies with new ids and locations
// spread over a California-sized region. `tsx scripts/hsds-generate.ts <folder> [services]`.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { HSDS_RESOURCES } from '../app/directory/hsds-spec.js';
import { DEMO_DIRECTORY } from '../db/seed.js';

/** A new id for row `id` in copy `copy` (copy 0 keeps the original). */
function copyId(copy: number, id: string): string {
  if (copy === 0 || !id) return id;
  const hex = createHash('sha1').update(`${copy}:${id}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The SF 211 package, copied until it holds at least `targetServices` services. */
export function generatePackage(folder: string, targetServices: number): { services: number; rows: number } {
  fs.mkdirSync(folder, { recursive: true });
  const services = (parse(fs.readFileSync(path.join(DEMO_DIRECTORY, 'services.csv')), { columns: true, bom: true }) as unknown[]).length;
  const copies = Math.ceil(targetServices / services);
  // Shared vocabulary is not copied: every copy points at the same taxonomy and terms.
  const shared = new Set(['taxonomy', 'taxonomy_term']);
  let rows = 0;
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (const resource of HSDS_RESOURCES) {
    const source = path.join(DEMO_DIRECTORY, resource.path);
    if (!fs.existsSync(source)) continue;
    const records = parse(fs.readFileSync(source), { columns: true, bom: true }) as Array<Record<string, string>>;
    const header = Object.keys(records[0] ?? {});
    const idFields = resource.fields
      .filter((field) => field.type === 'uuid' && !(field.references && shared.has(field.references)))
      .map((field) => field.name)
      .filter((name) => header.includes(name));
    const out = fs.openSync(path.join(folder, resource.path), 'w');
    fs.writeSync(out, stringify([header]));
    for (let copy = 0; copy < (shared.has(resource.name) ? 1 : copies); copy++) {
      const lines = records.map((record) => {
        const row = { ...record };
        for (const field of idFields) if (row[field]) row[field] = copyId(copy, row[field]);
        if (resource.name === 'location' && row.latitude) {
          row.latitude = (32.6 + random() * 9.3).toFixed(5);
          row.longitude = (-124.2 + random() * 9.9).toFixed(5);
        }
        return header.map((name) => row[name]);
      });
      fs.writeSync(out, stringify(lines));
      rows += lines.length;
    }
    fs.closeSync(out);
  }
  fs.copyFileSync(path.join(DEMO_DIRECTORY, 'datapackage.json'), path.join(folder, 'datapackage.json'));
  return { services: services * copies, rows };
}


if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [folder, services] = process.argv.slice(2);
  if (!folder) {
    console.error('usage: tsx scripts/hsds-generate.ts <folder> [services, default 100000]');
    process.exit(2);
  }
  const generated = generatePackage(folder, Number(services ?? 100_000));
  console.log(`Wrote ${generated.services} services (${generated.rows} rows) to ${folder}.`);
}
