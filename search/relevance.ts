// How well a service meets each need: computed once, when the service is indexed, the same for every
// engine. Taxonomy first (by AIRS/211 code where the directory has codes, by term name otherwise), then the
// need's phrases in the service's own words, weighed by the field they appear in.
import type { CapacityStatus, IndexedService, NeedMatch, ServiceSearchDocument } from './port.js';
import { containsAffirmedPhrase, containsPhrase, stems } from './text.js';
import { codeCovers, termKey, type CompiledVocabulary } from './vocabulary.js';

/** How much a phrase found in each field says about the service (its name says most). */
export const FIELD_WEIGHTS = {
  name: 1,
  taxonomy: 0.9,
  alternateName: 0.9,
  description: 0.7,
  organizationName: 0.6,
  eligibility: 0.4,
  organizationDescription: 0.35,
} as const;
type Field = keyof typeof FIELD_WEIGHTS;

/** Relevance at or above which a service is in band 3, 2 or 1; below the last it does not meet the need. */
export const BAND_THRESHOLDS = [
  [3, 0.8],
  [2, 0.45],
  [1, 0.2],
] as const;

/** How far further evidence can lift the strongest one towards certainty. */
const SUPPORT = 0.4;

/** Relevance is compared in steps of 1/LEVELS, so that both engines order equal services alike. */
export const LEVELS = 20;

/** What an exclusion phrase (e.g. "volunteer opportunities") in the name or terms leaves of a service's relevance. */
const EXCLUDED_FACTOR = 0.15;
const DESCRIBED_EXCLUDED_FACTOR = 0.5;
/**
 * What a taxonomy term is worth when the service describes itself (in this many words at least) without a
 * single phrase of the need: directories file a whole organisation under one term ("Food Pantries" for a
 * centre for the blind), and a service whose own words bear the term out is the surer match.
 */
const UNCORROBORATED_FACTOR = 0.85;
const DESCRIBED_WORDS = 6;
/** A listing confirmed within this many days stands above one that was not. */
export const FRESH_DAYS = 365;

type FieldStems = Record<Field, string[]>;

/**
 * The service's name without a taxonomy term some directories append to it ("BAYVIEW MISSION - Food
 * Pantries"): the term already counts as taxonomy, and a name is evidence of its own.
 */
export function nameWithoutTerm(document: Pick<ServiceSearchDocument, 'serviceName' | 'taxonomyTerms'>): string {
  for (const term of document.taxonomyTerms) {
    const suffix = ` - ${term}`;
    if (document.serviceName.toLowerCase().endsWith(suffix.toLowerCase())) return document.serviceName.slice(0, -suffix.length);
  }
  return document.serviceName;
}

function fieldStems(document: ServiceSearchDocument): FieldStems {
  return {
    name: stems(nameWithoutTerm(document)),
    taxonomy: stems(document.taxonomyTerms.join(' | ')),
    alternateName: stems(document.alternateName ?? ''),
    description: stems(document.description ?? ''),
    organizationName: stems(document.organizationName),
    eligibility: stems(document.eligibility ?? ''),
    organizationDescription: stems(document.organizationDescription ?? ''),
  };
}

/** Probabilistic OR: two pieces of evidence of 0.6 make 0.84, never more than 1. */
function combine(scores: number[]): number {
  return 1 - scores.reduce((rest, score) => rest * (1 - Math.min(1, Math.max(0, score))), 1);
}

export function bandOf(relevance: number): 1 | 2 | 3 | null {
  for (const [band, threshold] of BAND_THRESHOLDS) if (relevance >= threshold - 1e-9) return band;
  return null;
}

/** How the service meets each need of the vocabulary; needs it does not meet are left out. */
export function needMatches(document: ServiceSearchDocument, vocabularies: CompiledVocabulary[]): NeedMatch[] {
  const fields = fieldStems(document);
  // Every stem the service uses anywhere: most phrases are ruled out by one look-up here.
  const present = new Set(Object.values(fields).flat());
  const termNames = document.taxonomyTerms.map(termKey);
  // Who a service without a description of its own is for is said by its organisation's description (many
  // directories describe the organisation once): "assists nonprofit agencies" rules its services out alike.
  const described = fields.description.length ? fields.description : fields.organizationDescription;
  const matches: NeedMatch[] = [];
  for (const vocabulary of vocabularies) {
    const evidence: Array<{ term: string; score: number; taxonomy: boolean }> = [];
    let taxonomy = 0;
    const unweighed: string[] = [];
    document.taxonomyTerms.forEach((term, position) => {
      let weight = vocabulary.terms.get(termNames[position]) ?? 0;
      const code = document.taxonomyCodes[position];
      if (code) {
        const covering = vocabulary.codes.find((entry) => codeCovers(entry.code, code));
        if (covering) weight = Math.max(weight, covering.weight);
      }
      if (weight > 0) {
        taxonomy = Math.max(taxonomy, weight);
        evidence.push({ term, score: weight, taxonomy: true });
      } else {
        unweighed.push(term);
      }
    });
    // A term the vocabulary weighs counts by that weight only; the words of the other terms are read like text.
    const fieldsHere = unweighed.length === document.taxonomyTerms.length ? fields : { ...fields, taxonomy: stems(unweighed.join(' | ')) };
    const phraseScores: number[] = [];
    let corroborated = false;
    for (const phrase of vocabulary.phrases) {
      if (!phrase.stems.every((value) => present.has(value))) continue;
      let best = 0;
      for (const field of Object.keys(FIELD_WEIGHTS) as Field[]) {
        if (FIELD_WEIGHTS[field] * phrase.weight > best && containsAffirmedPhrase(fieldsHere[field], phrase.stems)) {
          best = FIELD_WEIGHTS[field] * phrase.weight;
          if (field !== 'taxonomy') corroborated = true;
        }
      }
      if (best > 0) {
        phraseScores.push(best);
        evidence.push({ term: phrase.text, score: best, taxonomy: false });
      }
    }
    if (evidence.length === 0) continue;
    // The strongest piece of evidence decides; the others only support it. Words that overlap ("food",
    // "food pantry") or repeat across fields would otherwise add up to certainty for any busy description.
    const scores = [taxonomy, ...phraseScores].filter((score) => score > 0).sort((a, b) => b - a);
    const best = scores[0];
    let relevance = best + (1 - best) * SUPPORT * combine(scores.slice(1));
    if (taxonomy > 0 && !corroborated && fields.description.length >= DESCRIBED_WORDS) relevance *= UNCORROBORATED_FACTOR;
    // An exclusion in the name or terms says who the service is for (volunteers, donors, pets); a phrase of
    // several words in the description ("technical assistance to nonprofit agencies") says it less surely.
    if (vocabulary.exclusions.some((phrase) => containsPhrase(fields.name, phrase) || containsPhrase(fields.taxonomy, phrase))) {
      relevance *= EXCLUDED_FACTOR;
    } else if (vocabulary.exclusions.some((phrase) => phrase.length > 1 && containsPhrase(described, phrase))) {
      relevance *= DESCRIBED_EXCLUDED_FACTOR;
    }
    const band = bandOf(relevance);
    if (band === null) continue;
    const seen = new Set<string>();
    const matchedTerms = evidence
      .sort((a, b) => b.score - a.score || Number(b.taxonomy) - Number(a.taxonomy) || a.term.localeCompare(b.term))
      .map((item) => item.term)
      .filter((term) => (seen.has(term.toLowerCase()) ? false : (seen.add(term.toLowerCase()), true)));
    matches.push({ needCategory: vocabulary.needCategory, relevance: Math.round(relevance * 1000) / 1000, band, level: Math.round(relevance * LEVELS), matchedTerms });
  }
  return matches;
}

/** Every stem of a service with the weight of the best field it appears in: what free text is scored on. */
export function stemWeights(document: ServiceSearchDocument): Record<string, number> {
  const fields = fieldStems(document);
  const weights: Record<string, number> = {};
  for (const field of Object.keys(FIELD_WEIGHTS) as Field[]) {
    for (const word of fields[field]) if ((weights[word] ?? 0) < FIELD_WEIGHTS[field]) weights[word] = FIELD_WEIGHTS[field];
  }
  return weights;
}

export function isAvailable(status: string, capacity: CapacityStatus): boolean {
  return status === 'active' && capacity !== 'no-capacity';
}

/** Inactive and defunct services are never indexed, so never shown. */
export function isListed(status: string): boolean {
  return status === 'active' || status === 'temporarily closed';
}

export function standingOf(verifiedAt: string | null, now: Date): 0 | 1 {
  if (!verifiedAt) return 0;
  const age = now.getTime() - new Date(verifiedAt).getTime();
  return age <= FRESH_DAYS * 86_400_000 ? 1 : 0;
}

/** What an engine stores for a service. */
export function indexedService(input: ServiceSearchDocument, vocabularies: CompiledVocabulary[], now = new Date()): IndexedService {
  const { openSlots = [], ...document } = input;
  return {
    document,
    openSlots,
    needs: needMatches(document, vocabularies),
    available: isAvailable(document.status, document.capacityStatus),
    standing: standingOf(document.verifiedAt, now),
    // A directory names the languages besides English; a listing that names none is in English.
    languages: document.languages.length ? document.languages : ['en'],
    stemWeights: stemWeights(document),
  };
}
