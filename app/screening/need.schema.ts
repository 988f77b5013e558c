import { z } from 'zod';
import { SDOH_CATEGORY_CODES } from './sdoh-categories.js';

/** Needs still to act on: proposed by a screening, or confirmed and open. */
export const OPEN_NEED_STATUSES = ['proposed', 'identified'] as const;

/** A need added by hand, outside a screening. */
export const manualNeedSchema = z.object({
  category: z.enum(SDOH_CATEGORY_CODES, 'Choose the kind of need.'),
  note: z.string().trim().max(500, 'Keep the note under 500 characters.').default(''),
});

/** Two needs are the same need when category and (for an unspecified category) text agree. */
export function needKey(category: string, categoryText: string | null | undefined): string {
  return `${category}\u0000${categoryText ?? ''}`;
}
