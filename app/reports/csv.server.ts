// CSV downloads: a header row naming the columns, then the rows, as RFC 4180 CSV (csv-stringify).
import { stringify as stringifySync } from 'csv-stringify/sync';
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
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
 * The referring organisation's referrals in the period, one de-identified row each, read in
 * batches by key (never all in memory) and written as the client reads them. A referral whose
 * consent the patient withdrew is left out: its row would leave the organisation without it.
 */
export function referralRowsResponse(db: Database, organizationId: string, filters: ReportFilters, filename: string): Response {
  const encoder = new TextEncoder();
  let after: { sentOn: string; id: string } | null = null;
  let row = 0;
  let done = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(stringifySync([REFERRAL_EXPORT_COLUMNS as unknown as string[]])));
    },
    async pull(controller) {
      if (done) return;
      const batch = await referralFactBatch(db, organizationId, filters, after);
      if (batch.length > 0) {
        controller.enqueue(encoder.encode(stringifySync(batch.map((fact) => deidentifiedReferral(++row, fact)))));
        const last = batch[batch.length - 1];
        after = { sentOn: last.sent_on, id: last.referral_id };
      }
      if (batch.length < BATCH) {
        done = true;
        controller.close();
      }
    },
  });
  return new Response(body, { headers: headers(filename) });
}

async function referralFactBatch(db: Database, organizationId: string, filters: ReportFilters, after: { sentOn: string; id: string } | null) {
  const result = await sql<ReferralFact & { referral_id: string; sent_on: string }>`
    SELECT r.referral_id, r.sent_on, r.need_category, r.core_domain, r.sensitive, o.name AS receiving_name, r.managed,
           r.sent_at, to_char(r.sent_on, 'YYYY-MM') AS sent_month,
           r.accepted_at, to_char(r.accepted_at AT TIME ZONE tz.time_zone, 'YYYY-MM') AS accepted_month,
           r.responded_at, r.response_due_at,
           r.closed_at, to_char(r.closed_at AT TIME ZONE tz.time_zone, 'YYYY-MM') AS closed_month,
           r.status, CASE WHEN r.status IN ('completed', 'failed', 'rejected', 'cancelled') THEN coalesce(r.outcome, r.reason) END AS outcome, r.age_band, r.language, r.postal_code
    FROM report_referral_facts r
    JOIN organizations tz ON tz.id = r.organization_id
    LEFT JOIN organizations o ON o.id = r.receiving_organization_id
    WHERE r.organization_id = ${organizationId} AND NOT r.consent_withdrawn AND r.sent_on BETWEEN ${filters.from}::date AND ${filters.to}::date
      AND ${filters.need ? sql`(r.core_domain = ${filters.need} OR r.need_category = ${filters.need})` : sql`true`}
      AND ${after ? sql`(r.sent_on, r.referral_id) > (${after.sentOn}::date, ${after.id}::uuid)` : sql`true`}
    ORDER BY r.sent_on, r.referral_id
    LIMIT ${BATCH}`.execute(db);
  return result.rows;
}
