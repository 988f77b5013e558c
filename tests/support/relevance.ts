// The judged relevance set and a directory without taxonomy, for the relevance test and the bench.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { JudgedSet } from '../../search/evaluation.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'relevance');

export function loadJudgedSet(): JudgedSet {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sf211-judged.json'), 'utf8')) as JudgedSet;
}

export const BASELINE_FILE = path.join(FIXTURES, 'baseline.json');

/**
 * Turns the directory into one without taxonomy, as many 211 exports are: no terms, and no service name
 * carrying its term (the SF 211 conversion appended the first keyword to the name: "BAYVIEW MISSION - Food Pantries").
 */
export async function stripTaxonomy(db: Database): Promise<void> {
  await sql`
    UPDATE hsds_services s SET name = left(s.name, length(s.name) - length(' - ' || t.name))
    FROM hsds_attributes a JOIN hsds_taxonomy_terms t ON t.id = a.taxonomy_term_id
    WHERE a.link_id = s.id AND right(s.name, length(' - ' || t.name)) = ' - ' || t.name`.execute(db);
  await sql`DELETE FROM hsds_attributes`.execute(db);
  await sql`DELETE FROM hsds_taxonomy_terms`.execute(db);
}
