import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AHC_HRSN, PRAPARE } from './instruments/index';
import { CATEGORY_Z_CODES, FALLBACK_CONDITION_CODE, itemNeedCategory } from './need-categories';

const categories = JSON.parse(fs.readFileSync(path.resolve(__dirname, 'reference/sdoh-categories.json'), 'utf8')).categories;
const gravityList = (category: string) => categories.find((entry: any) => entry.code === category)?.icd10cm_codes_seen_in_sources?.gravity_referral_source_client ?? [];

describe('category Z-codes', () => {
  it('suggests only codes the Gravity RI lists for the category, with its display', () => {
    for (const [category, suggestion] of Object.entries(CATEGORY_Z_CODES)) expect(gravityList(category), category).toContainEqual(suggestion);
  });

  it('falls back to a code the Gravity RI lists under every category it covers', () => {
    const covered = categories.filter((entry: any) => entry.icd10cm_codes_seen_in_sources);
    expect(covered.length).toBeGreaterThan(15);
    for (const entry of covered) expect(gravityList(entry.code), entry.code).toContainEqual(FALLBACK_CONDITION_CODE);
  });
});

describe('itemNeedCategory', () => {
  it('is the item\'s SDOHCC category, and none for unspecified or unverified ones', () => {
    const prapare = (code: string) => itemNeedCategory(PRAPARE.items.find((item) => item.code === code)!);
    expect(prapare('76437-3')).toBe('health-insurance-coverage-status');
    expect(prapare('93031-3')).toBe('material-hardship');
    expect(prapare('32624-9')).toBeUndefined();
    expect(itemNeedCategory(AHC_HRSN.items.find((item) => item.code === '76513-1')!)).toBeUndefined();
  });
});
