// CSV downloads: a header row naming the columns, then the rows, as RFC 4180 CSV (csv-stringify).
import { stringify as stringifySync } from 'csv-stringify/sync';
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { addDays } from '../referrals/business-days.js';
import { deidentifiedReferral, REFERRAL_EXPORT_COLUMNS, type ReferralFact } from './deidentify.js';
import type { ReportFilters } from './filters.js';

export type CsvCell = string | number | null | undefined;

function headers(filename: string): Headers {
  return new Headers({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Cache-Control': 'no-store',
  });
}

/** One table as a CSV download. */
export function csvResponse(filename: string, columns: readonly string[], rows: readonly CsvCell[][]): Response {
  const body = stringifySync([columns as string[], ...rows.map((row) => row.map((cell) => cell ?? ''))]);
  return new Response(body, { headers: headers(filename) });
}

/** The filters a CSV was made with, for its file name: the same download twice gets the same name. */
export function csvFilename(report: string, table: string, filters: ReportFilters): string {
  const need = filters.need ? `-${filters.need}` : '';
  const by = filters.by !== 'none' ? `-by-${filters.by}` : '';
  return `careloop-${report}-${table}-${filters.from}-to-${filters.to}${need}${by}.csv`;
}

const BATCH = 5000;
/**
 * The rows are read a week of sending days at a time: under row-level security the planner cannot
 * tell how many rows an organisation has, and a keyset query over the whole period sorted every
 * remaining row again for each batch (18,000 rows/s for a clinic's 94,000). A week's rows are few,
 * sorted once; a week with more than BATCH rows is still read BATCH at a time. Days and the
 * window's answer are computed in SQL: no timestamps to parse in the application.
 */
const WINDOW_DAYS = 7;

/**
 * The referring organisation's referrals in the period, one de-identified row each, read in
 * batches by key (never all in memory) and written as the client reads them. A referral whose
 * consent the patient withdrew is left out: its row would leave the organisation without it.
 */
export function referralRowsResponse(db: Database, organizationId: string, filters: ReportFilters, filename: string): Response {
  const encoder = new TextEncoder();
  const batches = factBatches(db, organizationId, filters);
  let row = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(stringifySync([REFERRAL_EXPORT_COLUMNS as unknown as string[]])));
    },
    async pull(controller) {
      const { value: batch, done } = await batches.next();
      if (done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(stringifySync(batch.map((fact) => deidentifiedReferral(++row, fact)))));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  return new Response(body, { headers: headers(filename) });
}

/** The period's facts in order, a week at a time and at most BATCH rows at a time; empty weeks yield nothing. */
async function* factBatches(db: Database, organizationId: string, filters: ReportFilters) {
  for (let from = filters.from; from <= filters.to; from = addDays(from, WINDOW_DAYS)) {
    const weekEnd = addDays(from, WINDOW_DAYS - 1);
    const days = { from, to: weekEnd < filters.to ? weekEnd : filters.to };
    let after: { sentOn: string; id: string } | null = null;
    for (;;) {
      const batch = await referralFactBatch(db, organizationId, filters, days, after);
      if (batch.length > 0) yield batch;
      if (batch.length < BATCH) break;
      const last = batch[batch.length - 1];
      after = { sentOn: last.sent_on, id: last.referral_id };
    }
  }
}

async function referralFactBatch(
  db: Database,
  organizationId: string,
  filters: ReportFilters,
  days: { from: string; to: string },
  after: { sentOn: string; id: string } | null,
) {
  const result = await sql<ReferralFact & { referral_id: string; sent_on: string }>`
    SELECT r.referral_id, to_char(r.sent_on, 'YYYY-MM-DD') AS sent_on, r.need_category, r.core_domain, r.sensitive, o.name AS receiving_name, r.managed,
           to_char(r.sent_on, 'YYYY-MM') AS sent_month,
           to_char(r.accepted_at AT TIME ZONE tz.time_zone, 'YYYY-MM') AS accepted_month,
           floor(date_part('epoch', r.accepted_at - r.sent_at) / 86400)::int AS days_to_accept,
           CASE WHEN r.managed AND r.responded_at IS NOT NULL AND r.response_due_at IS NOT NULL THEN r.responded_at <= r.response_due_at END AS answered_in_window,
           to_char(r.closed_at AT TIME ZONE tz.time_zone, 'YYYY-MM') AS closed_month,
           floor(date_part('epoch', r.closed_at - r.sent_at) / 86400)::int AS days_to_close,
           r.status, CASE WHEN r.status IN ('completed', 'failed', 'rejected', 'cancelled') THEN coalesce(r.outcome, r.reason) END AS outcome, r.age_band, r.language, r.postal_code
    FROM report_referral_facts r
    JOIN organizations tz ON tz.id = r.organization_id
    LEFT JOIN organizations o ON o.id = r.receiving_organization_id
    WHERE r.organization_id = ${organizationId} AND NOT r.consent_withdrawn AND r.sent_on BETWEEN ${days.from}::date AND ${days.to}::date
      AND ${filters.need ? sql`(r.core_domain = ${filters.need} OR r.need_category = ${filters.need})` : sql`true`}
      AND ${after ? sql`(r.sent_on, r.referral_id) > (${after.sentOn}::date, ${after.id}::uuid)` : sql`true`}
    ORDER BY r.sent_on, r.referral_id
    LIMIT ${BATCH}`.execute(db);
  return result.rows;
}
