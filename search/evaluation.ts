// Relevance measured against graded judgements (0 = does not meet the need, 1 = in part, 2 = meets it):
// nDCG@10 and P@5, per query, per need and overall. Used by the relevance test and by `npm run bench`.
import { searchServices, type SearchContext } from './search.js';

export interface Judgement {
  grade: 0 | 1 | 2;
  service: string;
  rationale: string;
}

export interface JudgedQuery {
  id: string;
  /** A need query... */
  need?: string;
  /** ...or free text, judged with a need's judgements. */
  text?: string;
  judgedAs?: string;
  zip: string;
  language?: string;
}

export interface JudgedSet {
  judgements: Record<string, Record<string, Judgement>>;
  queries: JudgedQuery[];
}

export interface QueryScore {
  id: string;
  need: string;
  ndcg10: number;
  p5: number;
  hasLanguage: boolean;
}

export interface RelevanceReport {
  queries: number;
  ndcg10: number;
  p5: number;
  byNeed: Record<string, { queries: number; ndcg10: number; p5: number }>;
  withLanguage: { queries: number; ndcg10: number; p5: number };
  scores: QueryScore[];
}

/** nDCG at k with gains 2^grade − 1; the ideal ranking is every judged service by grade. */
export function ndcgAt(k: number, ranked: string[], grades: Record<string, number>): number {
  const gain = (grade: number) => 2 ** grade - 1;
  const dcg = ranked.slice(0, k).reduce((sum, id, i) => sum + gain(grades[id] ?? 0) / Math.log2(i + 2), 0);
  const ideal = Object.values(grades)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, grade, i) => sum + gain(grade) / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/**
 * Precision at k: the share of the first k results that meet the need at least in part (grade ≥ 1),
 * out of k or, where fewer services are judged relevant, out of as many as there are.
 */
export function precisionAt(k: number, ranked: string[], grades: Record<string, number>): number {
  const relevant = Object.values(grades).filter((grade) => grade >= 1).length;
  if (relevant === 0) return 0;
  const found = ranked.slice(0, k).filter((id) => (grades[id] ?? 0) >= 1).length;
  return found / Math.min(k, relevant);
}

const mean = (values: number[]) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0);
const round = (value: number) => Math.round(value * 1000) / 1000;

export async function evaluateRelevance(
  context: SearchContext,
  judged: JudgedSet,
  locate: (zip: string) => { lat: number; lon: number } | null,
): Promise<RelevanceReport> {
  const scores: QueryScore[] = [];
  for (const query of judged.queries) {
    const need = query.need ?? query.judgedAs!;
    const centroid = locate(query.zip);
    if (!centroid) throw new Error(`Judged query ${query.id} has an unknown ZIP code.`);
    const result = await searchServices(context, {
      needCategory: query.need,
      text: query.text,
      latitude: centroid.lat,
      longitude: centroid.lon,
      language: query.language,
      limit: 10,
    });
    const grades = Object.fromEntries(Object.entries(judged.judgements[need]).map(([id, judgement]) => [id, judgement.grade]));
    const ranked = result.hits.map((hit) => hit.serviceId);
    scores.push({ id: query.id, need, ndcg10: ndcgAt(10, ranked, grades), p5: precisionAt(5, ranked, grades), hasLanguage: query.language !== undefined });
  }
  const byNeed: RelevanceReport['byNeed'] = {};
  for (const need of [...new Set(scores.map((score) => score.need))].sort()) {
    const mine = scores.filter((score) => score.need === need);
    byNeed[need] = { queries: mine.length, ndcg10: round(mean(mine.map((s) => s.ndcg10))), p5: round(mean(mine.map((s) => s.p5))) };
  }
  const language = scores.filter((score) => score.hasLanguage);
  return {
    queries: scores.length,
    ndcg10: round(mean(scores.map((s) => s.ndcg10))),
    p5: round(mean(scores.map((s) => s.p5))),
    byNeed,
    withLanguage: { queries: language.length, ndcg10: round(mean(language.map((s) => s.ndcg10))), p5: round(mean(language.map((s) => s.p5))) },
    scores: scores.map((score) => ({ ...score, ndcg10: round(score.ndcg10), p5: round(score.p5) })),
  };
}
