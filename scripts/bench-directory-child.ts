// The import half of the directory benchmark, in a process of its own so that its peak memory is
// measured alone: `tsx scripts/bench-directory-child.ts import|parse <folder>`; prints one JSON line.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { importHsdsPackage } from '../app/directory/hsds-import.server.js';
import { createDatabase } from '../db/pool.js';

const [mode, folder] = process.argv.slice(2);
const started = performance.now();
let services = 0;
if (mode === 'parse') {
  // The floor: every file read and parsed as CSV, nothing checked or written.
  for (const file of fs.readdirSync(folder).filter((name) => name.endsWith('.csv'))) {
    let rows = -1;
    for await (const _record of fs.createReadStream(path.join(folder, file)).pipe(parse())) rows += 1;
    if (file === 'services.csv') services = rows;
  }
} else {
  const db = createDatabase(process.env.DATABASE_URL!);
  // How long each phase took, on stderr, for anyone looking into the figure.
  let phase = 'reading';
  let since = performance.now();
  const report = await importHsdsPackage(db, folder, {
    startedBy: { name: 'bench' },
    onProgress: (event) => {
      if (event.phase === phase) return;
      console.error(`${phase}: ${((performance.now() - since) / 1000).toFixed(1)} s`);
      phase = event.phase;
      since = performance.now();
    },
  });
  await db.destroy();
  if (!report.ok) throw new Error(report.problems.slice(0, 5).join('\n'));
  services = report.counts.services;
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, services, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
