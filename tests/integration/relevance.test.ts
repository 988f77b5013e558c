import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipCentroid } from '../../app/directory/zip.server.js';
import { evaluateRelevance, type RelevanceReport } from '../../search/evaluation.js';
import { createPostgresSearchEngine } from '../../search/postgres.js';
import { reindexDirectory } from '../../search/sync.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { BASELINE_FILE, loadJudgedSet, stripTaxonomy } from '../support/relevance.js';

// Relevance on a judged set (tests/fixtures/relevance): 68 queries over 12 needs, each service graded by
// reading it. The committed baseline may only rise; a change that lowers nDCG@10 or P@5, overall or for
// any need, with or without taxonomy, fails here.
interface Baseline {
  taxonomy: Pick<RelevanceReport, 'ndcg10' | 'p5' | 'byNeed' | 'withLanguage'>;
  withoutTaxonomy: Pick<RelevanceReport, 'ndcg10' | 'p5' | 'byNeed' | 'withLanguage'>;
}

const baseline = JSON.parse(fs.readFileSync(BASELINE_FILE, 'utf8')) as Baseline;
const judged = loadJudgedSet();
const TOLERANCE = 0.001;

function expectAtLeast(report: RelevanceReport, floor: Baseline['taxonomy']) {
  expect(report.ndcg10).toBeGreaterThanOrEqual(floor.ndcg10 - TOLERANCE);
  expect(report.p5).toBeGreaterThanOrEqual(floor.p5 - TOLERANCE);
  expect(report.withLanguage.ndcg10).toBeGreaterThanOrEqual(floor.withLanguage.ndcg10 - TOLERANCE);
  for (const [need, scores] of Object.entries(floor.byNeed)) {
    expect(report.byNeed[need].ndcg10, `${need} nDCG@10`).toBeGreaterThanOrEqual(scores.ndcg10 - TOLERANCE);
    expect(report.byNeed[need].p5, `${need} P@5`).toBeGreaterThanOrEqual(scores.p5 - TOLERANCE);
  }
}

describe('relevance on the judged set', () => {
  let withTaxonomy: TestDatabase;
  let withoutTaxonomy: TestDatabase;

  beforeAll(async () => {
    [withTaxonomy, withoutTaxonomy] = await Promise.all([createTestDatabase('demo'), createTestDatabase('demo')]);
    await stripTaxonomy(withoutTaxonomy.db);
    await reindexDirectory(withoutTaxonomy.db, createPostgresSearchEngine(withoutTaxonomy.db));
  });
  afterAll(async () => {
    await Promise.all([withTaxonomy.drop(), withoutTaxonomy.drop()]);
  });

  it('judges at least 60 queries over at least 10 needs, every grade with its reason', () => {
    expect(judged.queries.length).toBeGreaterThanOrEqual(60);
    expect(Object.keys(judged.judgements).length).toBeGreaterThanOrEqual(10);
    for (const judgements of Object.values(judged.judgements)) {
      for (const judgement of Object.values(judgements)) {
        expect([0, 1, 2]).toContain(judgement.grade);
        expect(judgement.rationale.length).toBeGreaterThan(5);
      }
    }
  });

  it('keeps nDCG@10 and P@5 at or above the committed baseline, for every need', async () => {
    const report = await evaluateRelevance({ db: withTaxonomy.db, engine: createPostgresSearchEngine(withTaxonomy.db) }, judged, zipCentroid);
    expectAtLeast(report, baseline.taxonomy);
  });

  it('and with the taxonomy stripped, on the services\' own words alone', async () => {
    const report = await evaluateRelevance({ db: withoutTaxonomy.db, engine: createPostgresSearchEngine(withoutTaxonomy.db) }, judged, zipCentroid);
    expectAtLeast(report, baseline.withoutTaxonomy);
  });
});
