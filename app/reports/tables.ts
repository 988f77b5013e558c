// The tables of the report pages, built once from the measures: the page shows them and the CSV
// download writes the very same cells, so the two can never disagree. Pure.
import { categoryLabel } from '../screening/sdoh-categories.js';
import { languageName } from '../patients/languages.js';
import type { Locale } from '../i18n/i18n.js';
import { STATUS_LABELS, type ReferralStatus } from '../referrals/lifecycle.js';
import {
  AGE_BAND_LABELS,
  BREAKDOWN_LABELS,
  CORE_DOMAIN_LABELS,
  CORE_DOMAINS,
  GROUP_LABELS,
  rate,
  type AgeBand,
  type Breakdown,
  type CoreDomain,
} from './measures.js';
import type { DomainScreeningRow, FunnelRow, MeasureRow, MonthCount, OutcomeRow, ReceivingRow, Timings } from './queries.server.js';
import { suppressRates, type RateCell } from './suppression.js';

/** A cell: a number, a text to translate on screen (`label`), or a text shown as it is. */
export type Cell = number | string | null | { label: string };

export interface ReportTable {
  id: string;
  title: string;
  columns: string[];
  rows: Cell[][];
}

export const SUPPRESSED = '<11';

const INSTRUMENT_LABELS: Record<string, string> = { 'ahc-hrsn': 'AHC HRSN', 'hunger-vital-sign': 'Hunger Vital Sign', prapare: 'PRAPARE' };

/** The label of a breakdown group as a cell. */
export function groupCell(by: Breakdown, group: string): Cell {
  if (by === 'language') return { label: languageName(group) };
  if (by === 'zip') return group;
  return { label: GROUP_LABELS[group] ?? group };
}

/** Rate cells (numerator, denominator, %) for groups, suppressed when broken down. */
function rateCells(by: Breakdown, cells: RateCell[]): Cell[][] {
  const shown =
    by === 'none'
      ? cells.map((cell) => ({ ...cell, rate: rate(cell.numerator, cell.denominator), suppressed: false }))
      : suppressRates(cells);
  return shown.map((cell) =>
    cell.suppressed ? [SUPPRESSED, SUPPRESSED, SUPPRESSED] : [cell.numerator, cell.denominator, cell.rate ?? '—'],
  );
}

function pivotByMonth(id: string, title: string, keyLabel: (key: string) => string, counts: MonthCount[]): ReportTable {
  const keys = [...new Set(counts.map((count) => count.key))].sort();
  const months = [...new Set(counts.map((count) => count.month))].sort();
  const rows = months.map((month) => {
    const values = keys.map((key) => counts.find((count) => count.month === month && count.key === key)?.count ?? 0);
    return [month, ...values, values.reduce((sum, value) => sum + value, 0)];
  });
  return { id, title, columns: ['Month', ...keys.map(keyLabel), 'Total'], rows };
}

export function screeningsByMonthTable(counts: MonthCount[]): ReportTable {
  return pivotByMonth('screenings-by-month', 'Screenings by screener and month', (key) => INSTRUMENT_LABELS[key] ?? key, counts);
}

export function needsByMonthTable(counts: MonthCount[]): ReportTable {
  return pivotByMonth('needs-by-month', 'Needs identified by SDOH category and month', categoryLabel, counts);
}

export function allFiveTable(by: Breakdown, rows: DomainScreeningRow[]): ReportTable {
  const cells = rateCells(by, rows.map((row) => ({ group: row.group, numerator: row.allFive, denominator: row.patients })));
  return {
    id: 'screened-all-five',
    title: 'Adults screened in all five core domains',
    columns: [BREAKDOWN_LABELS[by], 'Screened in all five', 'Adults screened', 'Rate (%)'],
    rows: rows.map((row, index) => [by === 'none' ? { label: 'All adults screened' } : groupCell(by, row.group), ...cells[index]]),
  };
}

/** Screen-positive rate per core domain: among adults screened in the domain, and CMS's among those screened in all five. */
export function positiveRateTable(by: Breakdown, rows: DomainScreeningRow[]): ReportTable {
  const out: Cell[][] = [];
  for (const domain of CORE_DOMAINS) {
    const inDomain = rateCells(by, rows.map((row) => ({ group: row.group, numerator: row.domains[domain].positive, denominator: row.domains[domain].screened })));
    const ofAllFive = rateCells(by, rows.map((row) => ({ group: row.group, numerator: row.domains[domain].positiveOfAllFive, denominator: row.allFive })));
    rows.forEach((row, index) => {
      out.push([{ label: CORE_DOMAIN_LABELS[domain] }, ...(by === 'none' ? [] : [groupCell(by, row.group)]), ...inDomain[index], ...ofAllFive[index]]);
    });
  }
  return {
    id: 'positive-rate',
    title: 'Screen-positive rate per core domain (adults)',
    columns: [
      'Domain',
      ...(by === 'none' ? [] : [BREAKDOWN_LABELS[by]]),
      'Positive',
      'Screened in the domain',
      'Rate (%)',
      'Positive, of those screened in all five',
      'Screened in all five',
      'CMS rate (%)',
    ],
    rows: out,
  };
}

export function snsETable(by: Breakdown, rows: MeasureRow[]): ReportTable {
  const out: Cell[][] = [];
  const ageOrder = ['all', '0-17', '18-64', '65+'];
  const domains = [...new Set(rows.map((row) => row.domain))];
  for (const domain of domains) {
    for (const ageBand of ageOrder) {
      const group = rows.filter((row) => row.domain === domain && row.ageBand === ageBand);
      if (group.length === 0) continue;
      const cells = rateCells(by, group.map((row) => ({ group: row.group, numerator: row.numerator, denominator: row.denominator })));
      group.forEach((row, index) => {
        out.push([
          { label: CORE_DOMAIN_LABELS[domain as CoreDomain] ?? domain },
          { label: ageBand === 'all' ? 'All ages' : AGE_BAND_LABELS[ageBand as AgeBand] },
          ...(by === 'none' ? [] : [groupCell(by, row.group)]),
          ...cells[index],
        ]);
      });
    }
  }
  return {
    id: 'sns-e',
    title: 'Positive screens with an intervention within 30 days (SNS-E style)',
    columns: ['Domain', 'Age band', ...(by === 'none' ? [] : [BREAKDOWN_LABELS[by]]), 'With an intervention', 'Positive screens', 'Rate (%)'],
    rows: out,
  };
}

export function providerContactTable(by: Breakdown, rows: MeasureRow[]): ReportTable {
  const cells = rateCells(by, rows.map((row) => ({ group: row.group, numerator: row.numerator, denominator: row.denominator })));
  return {
    id: 'provider-contact',
    title: 'Adults positive for a core need with a completed referral within 60 days (measure-498 style)',
    columns: [BREAKDOWN_LABELS[by], 'With a completed referral', 'Adults with a positive screen', 'Rate (%)'],
    rows: rows.map((row, index) => [by === 'none' ? { label: 'All adults with a positive screen' } : groupCell(by, row.group), ...cells[index]]),
  };
}

/** The stages and branches of the funnel, for the whole scope. */
export function funnelTable(rows: FunnelRow[]): ReportTable {
  const total = rows.reduce(
    (sum, row) => {
      for (const key of Object.keys(sum) as Array<keyof typeof sum>) sum[key] += row[key];
      return sum;
    },
    { sent: 0, accepted: 0, completed: 0, rejected: 0, cancelledBeforeAcceptance: 0, cancelledAfterAcceptance: 0, failed: 0, waiting: 0, inProgress: 0, unmanaged: 0 },
  );
  const stage = (label: string, count: number): Cell[] => [{ label }, count, rate(count, total.sent) ?? '—'];
  return {
    id: 'funnel',
    title: 'Referral funnel: sent, accepted, completed, and the other endings',
    columns: ['Stage', 'Referrals', 'Share of sent (%)'],
    rows: [
      stage('Sent', total.sent),
      stage('Accepted', total.accepted),
      stage('Completed', total.completed),
      stage('Declined', total.rejected),
      stage('Cancelled before acceptance', total.cancelledBeforeAcceptance),
      stage('Cancelled after acceptance', total.cancelledAfterAcceptance),
      stage('Failed', total.failed),
      stage('Waiting for an answer', total.waiting),
      stage('Accepted and still open', total.inProgress),
      stage('Of all sent: to services outside CareLoop (unmanaged)', total.unmanaged),
    ],
  };
}

/** Closed-loop and completion rates, by breakdown group when one is chosen. */
export function closedLoopTable(by: Breakdown, rows: FunnelRow[]): ReportTable {
  const loop = rateCells(by, rows.map((row) => ({ group: row.group, numerator: row.knownOutcome, denominator: row.sent })));
  const done = rateCells(by, rows.map((row) => ({ group: row.group, numerator: row.completed, denominator: row.sent })));
  return {
    id: 'closed-loop',
    title: 'Closed-loop rate: referrals with a known outcome',
    columns: [BREAKDOWN_LABELS[by], 'With a known outcome', 'Sent', 'Closed-loop rate (%)', 'Completed', 'Sent', 'Completion rate (%)'],
    rows: rows.map((row, index) => [by === 'none' ? { label: 'All referrals' } : groupCell(by, row.group), ...loop[index], ...done[index]]),
  };
}

export function timingsTable(timing: Timings): ReportTable {
  const days = (value: number | null) => value ?? '—';
  return {
    id: 'timings',
    title: 'Days from sending to acceptance and to the outcome, for referrals to organisations on CareLoop',
    columns: ['Step', 'Referrals', 'Median (days)', '90th percentile (days)'],
    rows: [
      [{ label: 'Sent to accepted' }, timing.accepted, days(timing.medianDaysToAccept), days(timing.p90DaysToAccept)],
      [{ label: 'Sent to closed' }, timing.closed, days(timing.medianDaysToClose), days(timing.p90DaysToClose)],
    ],
  };
}

export function receivingTable(rows: ReceivingRow[]): ReportTable {
  return {
    id: 'receiving-organizations',
    title: 'Per receiving organisation: volume, response within its window, completion',
    columns: ['Receiving organisation', 'Sent', 'Answered within the window', 'Answered or past their window', 'Response rate (%)', 'Completed', 'Completion rate (%)'],
    rows: rows.map((row) => [
      row.name ?? { label: 'Not in CareLoop (unmanaged)' },
      row.sent,
      row.onTime,
      row.due,
      rate(row.onTime, row.due) ?? '—',
      row.completed,
      rate(row.completed, row.sent) ?? '—',
    ]),
  };
}

/** The value sets' labels are data in both languages: the page passes its own, the CSV English. */
export function outcomesTable(rows: OutcomeRow[], locale: Locale): ReportTable {
  return {
    id: 'outcomes',
    title: 'How closed referrals ended: what was delivered on completion, the coded reasons for the others',
    columns: ['Ending', 'Delivered or reason', 'Code', 'Referrals'],
    rows: rows.map((row) => [
      { label: STATUS_LABELS[row.status as ReferralStatus] ?? row.status },
      row.label ? row.label[locale] : (row.reason ?? { label: 'Not recorded' }),
      row.reason ?? '',
      row.count,
    ]),
  };
}

/** A table's cells as CSV text, in English. */
export function csvRows(table: ReportTable): Array<Array<string | number | null>> {
  return table.rows.map((row) => row.map((cell) => (cell !== null && typeof cell === 'object' ? cell.label : cell)));
}

/** The English texts of the tables above, for the Spanish catalogue. */
export const TABLE_TEXT: readonly string[] = [
  '90th percentile (days)',
  'Accepted',
  'Accepted and still open',
  'Adults positive for a core need with a completed referral within 60 days (measure-498 style)',
  'Adults screened in all five core domains',
  'Age band',
  'All adults screened',
  'All adults with a positive screen',
  'All referrals',
  'Answered or past their window',
  'Answered within the window',
  'Cancelled after acceptance',
  'Cancelled before acceptance',
  'Closed-loop rate: referrals with a known outcome',
  'Completed',
  'Completion rate (%)',
  'Days from sending to acceptance and to the outcome, for referrals to organisations on CareLoop',
  'Declined',
  'Domain',
  'Ending',
  'Failed',
  'How closed referrals ended: what was delivered on completion, the coded reasons for the others',
  'Median (days)',
  'Month',
  'Not in CareLoop (unmanaged)',
  'Not recorded',
  'Code',
  'Delivered or reason',
  'Of all sent: to services outside CareLoop (unmanaged)',
  'Per receiving organisation: volume, response within its window, completion',
  'Positive screens with an intervention within 30 days (SNS-E style)',
  'Receiving organisation',
  'Referral funnel: sent, accepted, completed, and the other endings',
  'Referrals',
  'Response rate (%)',
  'Screen-positive rate per core domain (adults)',
  'Sent',
  'Sent to accepted',
  'Sent to closed',
  'Share of sent (%)',
  'Stage',
  'Step',
  'Total',
  'Waiting for an answer',
];
