import { describe, expect, it } from 'vitest';
import { filterQuery, localDate, parseReportFilters, periodRange } from './filters';

describe('report periods', () => {
  it('names quarters and months from the local date', () => {
    expect(periodRange('last-quarter', '2025-02-14')).toEqual({ from: '2024-10-01', to: '2024-12-31' });
    expect(periodRange('this-quarter', '2025-05-31')).toEqual({ from: '2025-04-01', to: '2025-05-31' });
    expect(periodRange('last-month', '2025-03-31')).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(periodRange('last-12-months', '2025-03-10')).toEqual({ from: '2024-04-01', to: '2025-03-10' });
  });

  it('takes the local date in the organisation’s time zone', () => {
    expect(localDate(new Date('2025-02-01T07:30:00Z'), 'America/Los_Angeles')).toBe('2025-01-31');
    expect(localDate(new Date('2025-02-01T08:30:00Z'), 'America/Los_Angeles')).toBe('2025-02-01');
  });
});

describe('report filters from the URL', () => {
  it('reads a custom period, need and breakdown, and writes the same query back', () => {
    const { filters, errors } = parseReportFilters(new URLSearchParams('period=custom&from=2025-01-01&to=2025-03-31&need=food&by=age'), '2025-06-01');
    expect(errors).toEqual({});
    expect(filters).toMatchObject({ period: 'custom', from: '2025-01-01', to: '2025-03-31', need: 'food', by: 'age' });
    expect(parseReportFilters(new URLSearchParams(filterQuery(filters)), '2025-06-01').filters).toEqual(filters);
  });

  it('reports impossible or reversed dates and unknown choices field by field, and falls back to the default', () => {
    const { filters, errors } = parseReportFilters(new URLSearchParams('period=custom&from=2025-02-30&to=2025-01-01&need=x&organization=1'), '2025-06-01');
    expect(errors).toMatchObject({ from: 'That date does not exist.', need: 'Choose a need from the list.', organization: 'Choose an organisation from the list.' });
    expect(filters).toMatchObject({ period: 'last-12-months', from: '2024-07-01', to: '2025-06-01', need: null, organizationId: null });
    expect(parseReportFilters(new URLSearchParams('from=2025-03-01&to=2025-01-01'), '2025-06-01').errors).toEqual({ to: 'The end of the period cannot be before its start.' });
  });
});
