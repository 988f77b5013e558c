// The filters every report page takes from its URL (so a report and its CSV share one address), as
// one zod schema: a bad value gets a field message and the page shows the default instead.
import { z } from 'zod';
import { INSTRUMENT_IDS } from '../screening/instruments/index.js';
import type { InstrumentId } from '../screening/instrument.js';
import { SDOH_CATEGORY_CODES } from '../screening/sdoh-categories.js';
import { BREAKDOWNS, CORE_DOMAINS, type Breakdown } from './measures.js';

export const PERIODS = ['this-month', 'last-month', 'this-quarter', 'last-quarter', 'last-12-months', 'this-year', 'custom'] as const;
export type Period = (typeof PERIODS)[number];
export const PERIOD_LABELS: Record<Period, string> = {
  'this-month': 'This month',
  'last-month': 'Last month',
  'this-quarter': 'This quarter',
  'last-quarter': 'Last quarter',
  'last-12-months': 'Last 12 months',
  'this-year': 'This year',
  custom: 'Dates I choose',
};

export const NEED_FILTERS = [...CORE_DOMAINS, ...SDOH_CATEGORY_CODES] as const;

export interface ReportFilters {
  period: Period;
  /** First and last local day of the period, inclusive (YYYY-MM-DD, the organisation's time zone). */
  from: string;
  to: string;
  /** A core domain or an SDOH category; null for every need. */
  need: string | null;
  instrument: InstrumentId | null;
  /** Only for platform admins; organisation staff always see their own organisation. */
  organizationId: string | null;
  by: Breakdown;
}

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date as YYYY-MM-DD.')
  .refine(isRealDate, 'That date does not exist.')
  .refine((value) => value >= '2000-01-01' && value <= '2100-12-31', 'Choose a date between 2000 and 2100.');
const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

export const reportFilterSchema = z
  .object({
    period: z.preprocess(blankToUndefined, z.enum(PERIODS, { message: 'Choose a period from the list.' }).optional()),
    from: z.preprocess(blankToUndefined, day.optional()),
    to: z.preprocess(blankToUndefined, day.optional()),
    need: z.preprocess(blankToUndefined, z.enum(NEED_FILTERS, { message: 'Choose a need from the list.' }).optional()),
    instrument: z.preprocess(
      blankToUndefined,
      z.enum(INSTRUMENT_IDS as [InstrumentId, ...InstrumentId[]], { message: 'Choose a screener from the list.' }).optional(),
    ),
    organization: z.preprocess(blankToUndefined, z.uuid({ message: 'Choose an organisation from the list.' }).optional()),
    by: z.preprocess(blankToUndefined, z.enum(BREAKDOWNS, { message: 'Choose a breakdown from the list.' }).optional()),
  })
  .superRefine((value, context) => {
    if (value.period === 'custom' && (!value.from || !value.to)) {
      context.addIssue({ code: 'custom', path: [value.from ? 'to' : 'from'], message: 'Enter both dates of the period.' });
    }
    if (value.from && value.to && value.from > value.to) {
      context.addIssue({ code: 'custom', path: ['to'], message: 'The end of the period cannot be before its start.' });
    }
    if (value.from && value.to && daysBetween(value.from, value.to) > 5 * 366) {
      context.addIssue({ code: 'custom', path: ['to'], message: 'Choose a period of at most five years.' });
    }
  });

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

function iso(year: number, monthIndex: number, date: number): string {
  return new Date(Date.UTC(year, monthIndex, date)).toISOString().slice(0, 10);
}

/** The first and last day of a named period, counted from `today` (the organisation's local date). */
export function periodRange(period: Exclude<Period, 'custom'>, today: string): { from: string; to: string } {
  const [year, month] = today.split('-').map(Number);
  const m = month - 1;
  const quarterStart = m - (m % 3);
  switch (period) {
    case 'this-month':
      return { from: iso(year, m, 1), to: today };
    case 'last-month':
      return { from: iso(year, m - 1, 1), to: iso(year, m, 0) };
    case 'this-quarter':
      return { from: iso(year, quarterStart, 1), to: today };
    case 'last-quarter':
      return { from: iso(year, quarterStart - 3, 1), to: iso(year, quarterStart, 0) };
    case 'last-12-months':
      return { from: iso(year, m - 11, 1), to: today };
    case 'this-year':
      return { from: iso(year, 0, 1), to: today };
  }
}

/** The local date in a time zone, as YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export type FilterErrors = Partial<Record<'period' | 'from' | 'to' | 'need' | 'instrument' | 'organization' | 'by', string>>;

/**
 * The filters in a report's URL. Values that do not parse are reported field by field and replaced
 * by their defaults (the last 12 months, every need, every screener), so the page still answers.
 */
export function parseReportFilters(params: URLSearchParams, today: string): { filters: ReportFilters; errors: FilterErrors } {
  const raw = Object.fromEntries(['period', 'from', 'to', 'need', 'instrument', 'organization', 'by'].map((key) => [key, params.get(key) ?? undefined]));
  const parsed = reportFilterSchema.safeParse(raw);
  const errors: FilterErrors = {};
  let value: z.infer<typeof reportFilterSchema> = {};
  if (parsed.success) {
    value = parsed.data;
  } else {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]) as keyof FilterErrors;
      errors[field] ??= issue.message;
    }
    // Keep the fields that are fine on their own; a bad period pair falls back to the default period.
    for (const key of Object.keys(reportFilterSchema.shape) as Array<keyof typeof reportFilterSchema.shape>) {
      if (errors[key as keyof FilterErrors]) continue;
      const one = reportFilterSchema.shape[key].safeParse(raw[key]);
      if (one.success) (value as Record<string, unknown>)[key] = one.data;
    }
    if (errors.from || errors.to || errors.period) {
      delete value.from;
      delete value.to;
      if (value.period === 'custom') delete value.period;
    }
  }
  const hasDates = Boolean(value.from && value.to);
  const period: Period = value.period ?? (hasDates ? 'custom' : 'last-12-months');
  const range = period === 'custom' && hasDates ? { from: value.from!, to: value.to! } : periodRange(period === 'custom' ? 'last-12-months' : period, today);
  return {
    filters: {
      period: period === 'custom' && !hasDates ? 'last-12-months' : period,
      ...range,
      need: value.need ?? null,
      instrument: value.instrument ?? null,
      organizationId: value.organization?.toLowerCase() ?? null,
      by: value.by ?? 'none',
    },
    errors,
  };
}

/** The query string for the same filters (CSV links, chart links), without empty values. */
export function filterQuery(filters: ReportFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  params.set('period', filters.period);
  if (filters.period === 'custom') {
    params.set('from', filters.from);
    params.set('to', filters.to);
  }
  if (filters.need) params.set('need', filters.need);
  if (filters.instrument) params.set('instrument', filters.instrument);
  if (filters.organizationId) params.set('organization', filters.organizationId);
  if (filters.by !== 'none') params.set('by', filters.by);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}
