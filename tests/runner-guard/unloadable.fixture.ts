// Runner-guard fixture (scripts/test-runner-guard.ts): the file fails while loading, before any test.
import { it } from 'vitest';

throw new Error('This fixture fails to load on purpose.');

it('is never reached', () => {});
