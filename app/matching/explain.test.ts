import { describe, expect, it } from 'vitest';
import { whyParts, whyText } from './explain.js';

const hit = { matchedTerms: ['Food Pantries', 'pantry'], distanceMiles: 1.24, languageMatch: true, capacityStatus: 'unknown', status: 'active' };

describe('why a service is in the results', () => {
  it('names the best match, the distance and, for a patient who does not speak English, the language', () => {
    expect(whyText(whyParts(hit, 'es'))).toBe('Food Pantries · 1.2 mi · speaks Spanish');
    expect(whyText(whyParts({ ...hit, languageMatch: false }, 'es'))).toBe('Food Pantries · 1.2 mi · Spanish not listed — call to check');
    expect(whyText(whyParts(hit, 'en'))).toBe('Food Pantries · 1.2 mi');
    expect(whyText(whyParts(hit))).toBe('Food Pantries · 1.2 mi');
  });

  it('marks a waitlist, no capacity, an assessment first and a temporary closure', () => {
    expect(whyText(whyParts({ ...hit, capacityStatus: 'waitlist' }))).toBe('Food Pantries · 1.2 mi · waitlist');
    expect(whyText(whyParts({ ...hit, capacityStatus: 'no-capacity', distanceMiles: null }))).toBe('Food Pantries · no capacity now');
    expect(whyText(whyParts({ ...hit, capacityStatus: 'assessment-required' }))).toContain('assessment required first');
    expect(whyText(whyParts({ ...hit, status: 'temporarily closed' }))).toContain('temporarily closed');
  });

  it('translates through the function it is given', () => {
    const spanish: Record<string, string> = { '{{miles}} mi': '{{miles}} mi', 'speaks {{language}}': 'habla {{language}}', Spanish: 'español' };
    const t = (key: string, options: Record<string, unknown> = {}) => (spanish[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, name) => String(options[name]));
    expect(whyText(whyParts(hit, 'es'), t, (miles) => miles.toLocaleString('es', { maximumFractionDigits: 1 }))).toBe('Food Pantries · 1,2 mi · habla español');
  });
});
