import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { SDOH_CATEGORIES } from './sdoh-categories';

const reference = JSON.parse(fs.readFileSync(path.resolve(__dirname, 'reference/sdoh-categories.json'), 'utf8'));

it('lists the SDOH Category value set exactly as the shared reference: codes, order and displays', () => {
  const displays = new Map(reference.categories.map((category: { code: string; display: string }) => [category.code, category.display]));
  expect(Object.entries(SDOH_CATEGORIES)).toEqual(
    reference.sdoh_category_valueset.members_in_order.map((code: string) => [code, displays.get(code)]),
  );
});
