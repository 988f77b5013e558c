import type { ServiceSearchDocument } from './port.js';

/** One row of need_taxonomy_map. */
export interface NeedMapping {
  needCategory: string;
  kind: 'taxonomy_term' | 'synonym';
  value: string;
  weight: number;
}

export interface NeedRelevance {
  /** As the PostgreSQL engine: best term weight in hundredths * 100, or without a term, matched synonyms (max 9) * 10. */
  score: number;
  matchedTerms: string[];
}

/**
 * How well a service meets each need, for engines that cannot join need_taxonomy_map at query time
 * (Meilisearch stores this in the document). Synonyms match on whole words after light English stemming.
 */
export function needRelevance(document: ServiceSearchDocument, mappings: NeedMapping[]): Map<string, NeedRelevance> {
  const terms = new Set(document.taxonomyTerms);
  const words = new Set(
    stems([document.serviceName, document.alternateName, document.organizationName, document.description, ...document.taxonomyTerms].join(' ')),
  );
  const byNeed = new Map<string, { weight: number; terms: Array<[string, number]>; synonyms: string[] }>();
  for (const mapping of mappings) {
    const entry = byNeed.get(mapping.needCategory) ?? { weight: 0, terms: [], synonyms: [] };
    byNeed.set(mapping.needCategory, entry);
    if (mapping.kind === 'taxonomy_term' && terms.has(mapping.value)) {
      entry.weight = Math.max(entry.weight, mapping.weight);
      entry.terms.push([mapping.value, mapping.weight]);
    }
    if (mapping.kind === 'synonym') {
      const synonymStems = stems(mapping.value);
      if (synonymStems.length > 0 && synonymStems.every((stem) => words.has(stem))) entry.synonyms.push(mapping.value);
    }
  }
  const relevance = new Map<string, NeedRelevance>();
  for (const [needCategory, entry] of byNeed) {
    if (entry.weight === 0 && entry.synonyms.length === 0) continue;
    const orderedTerms = entry.terms.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([term]) => term);
    relevance.set(needCategory, {
      score: entry.weight > 0 ? Math.round(entry.weight * 100) * 100 : Math.min(entry.synonyms.length, 9) * 10,
      matchedTerms: [...orderedTerms, ...entry.synonyms.sort()],
    });
  }
  return relevance;
}

export function stems(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0)
    .map(stem);
}

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
