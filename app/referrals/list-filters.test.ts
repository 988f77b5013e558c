import { describe, expect, it } from 'vitest';
import { listQuery, parseListFilters } from './list-filters';

describe('list filters', () => {
  it('reads the filters a browser sends', () => {
    const filters = parseListFilters(new URLSearchParams('tab=overdue&need=food-insecurity&from=2026-11-01&sort=due&page=2'), 'mine');
    expect(filters).toMatchObject({ tab: 'overdue', need: 'food-insecurity', from: '2026-11-01', sort: 'due', page: 2, scope: 'mine' });
  });

  it('falls back to defaults for anything else, never failing', () => {
    const filters = parseListFilters(new URLSearchParams('tab=%00&need=pizza&from=2026-02-30&organization=1%27OR1&page=-4&scope=everyone&sort=x'), 'all');
    expect(filters).toEqual({ tab: 'open', sort: 'activity', page: 1, scope: 'all', need: undefined, organization: undefined, worker: undefined, from: undefined, to: undefined });
  });

  it('writes a link with one filter changed, back on the first page', () => {
    const filters = parseListFilters(new URLSearchParams('tab=new&page=3'), 'mine');
    expect(listQuery(filters, { tab: 'closed' }, 'mine')).toBe('?tab=closed');
    expect(listQuery(filters, { scope: 'all' }, 'mine')).toBe('?tab=new&scope=all');
  });
});
