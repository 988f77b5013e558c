// What each report page computes, and where a platform admin's figures come from: an
// organisation's report is computed from its facts on every view (tens of milliseconds); the
// platform-wide one spans every organisation's facts (seconds at a million referrals), so it is
// computed by the job queue, kept in report_snapshots, and read from there with the time it was made.
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { log } from '../log.server.js';
import { enqueueJob } from '../jobs/outbox.server.js';
import { localDate, parseReportFilters, type ReportFilters } from './filters.js';
import {
  byReceivingOrganization,
  connectionToProvider,
  domainScreening,
  funnel,
  needsByMonth,
  outcomes,
  screeningsByMonth,
  snsE,
  timings,
  type DomainScreeningRow,
  type FunnelRow,
  type MeasureRow,
  type MonthCount,
  type OutcomeRow,
  type ReceivingRow,
  type ReportQuery,
  type Timings,
} from './queries.server.js';
import { lastRefresh } from './refresh.server.js';

export interface ReportFigures {
  screening: { byMonth: MonthCount[]; domains: DomainScreeningRow[]; overall: DomainScreeningRow[]; needs: MonthCount[] };
  intervention: { sns: MeasureRow[]; overall: MeasureRow[]; contact: MeasureRow[] };
  funnel: { stages: FunnelRow[]; groups: FunnelRow[]; timing: Timings; receiving: ReceivingRow[] };
  outcomes: { outcomes: OutcomeRow[] };
}

export type FigurePage = keyof ReportFigures;
export const FIGURE_PAGES = ['screening', 'intervention', 'funnel', 'outcomes'] as const satisfies readonly FigurePage[];

const withoutBreakdown = (query: ReportQuery): ReportQuery => ({ ...query, filters: { ...query.filters, by: 'none' } });

/** Each page's measures, computed from the facts (the queries run side by side). */
export const COMPUTE: { [P in FigurePage]: (db: Database, query: ReportQuery) => Promise<ReportFigures[P]> } = {
  async screening(db, query) {
    const broken = query.filters.by !== 'none';
    const [byMonth, domains, overall, needs] = await Promise.all([
      screeningsByMonth(db, query),
      domainScreening(db, query),
      broken ? domainScreening(db, withoutBreakdown(query)) : null,
      needsByMonth(db, query),
    ]);
    return { byMonth, domains, overall: overall ?? domains, needs };
  },
  async intervention(db, query) {
    const broken = query.filters.by !== 'none';
    const [sns, overall, contact] = await Promise.all([snsE(db, query), broken ? snsE(db, withoutBreakdown(query)) : null, connectionToProvider(db, query)]);
    return { sns, overall: overall ?? sns, contact };
  },
  async funnel(db, query) {
    const broken = query.filters.by !== 'none';
    const [stages, groups, timing, receiving] = await Promise.all([
      broken ? funnel(db, withoutBreakdown(query)) : null,
      funnel(db, query),
      timings(db, query),
      byReceivingOrganization(db, query),
    ]);
    return { stages: stages ?? groups, groups, timing, receiving };
  },
  async outcomes(db, query) {
    return { outcomes: await outcomes(db, query) };
  },
};

export interface Figures<P extends FigurePage> {
  figures: ReportFigures[P];
  /** For platform-wide figures: when the job queue computed them (null: computed for this view). */
  computedAt: string | null;
}

/** Platform-wide figures this much older than the facts are computed again (the page keeps showing the last ones meanwhile). */
export const SNAPSHOT_MAX_AGE_MINUTES = 15;
/** Snapshots nobody has read for this long are no longer kept up to date, and are removed. */
const SNAPSHOT_KEEP_DAYS = 14;

/** The filters that decide a platform-wide report's figures, in a fixed order: the snapshot's key. */
function snapshotKey(page: FigurePage, filters: ReportFilters, today: string): string {
  const { from, to, need, instrument, by } = filters;
  return JSON.stringify([page, today, from, to, need, instrument, by]);
}

/**
 * A report page's figures for its reader. Organisation scope: computed now. Platform scope: the
 * kept snapshot; one older than SNAPSHOT_MAX_AGE_MINUTES is recomputed by the job queue while this
 * view shows it, and one that does not exist yet (filters nobody has chosen before) is computed now
 * and kept.
 */
export async function reportFigures<P extends FigurePage>(db: Database, page: P, query: ReportQuery): Promise<Figures<P>> {
  if (query.scope.organizationId !== null) return { figures: await COMPUTE[page](db, query), computedAt: null };
  const key = snapshotKey(page, query.filters, query.today);
  const found = await sql<{ figures: ReportFigures[P]; computed_at: Date; stale: boolean }>`
    UPDATE report_snapshots SET read_at = now() WHERE key = ${key}
    RETURNING figures, computed_at, computed_at < now() - make_interval(mins => ${SNAPSHOT_MAX_AGE_MINUTES}) AS stale`.execute(db);
  const snapshot = found.rows[0];
  if (snapshot) {
    if (snapshot.stale) await queueRecompute(db, key);
    return { figures: snapshot.figures, computedAt: snapshot.computed_at.toISOString() };
  }
  return computeSnapshot(db, page, query);
}

async function computeSnapshot<P extends FigurePage>(db: Database, page: P, query: ReportQuery): Promise<Figures<P>> {
  const started = performance.now();
  const refresh = await lastRefresh(db);
  const figures = await COMPUTE[page](db, query);
  const key = snapshotKey(page, query.filters, query.today);
  const { rows } = await sql<{ computed_at: Date }>`
    INSERT INTO report_snapshots (key, page, filters, today, figures, facts_refreshed_at, computed_at, compute_ms, read_at)
    VALUES (${key}, ${page}, ${JSON.stringify(query.filters)}::jsonb, ${query.today}::date, ${JSON.stringify(figures)}::jsonb,
            ${refresh?.finishedAt ?? null}::timestamptz, now(), ${Math.round(performance.now() - started)}, now())
    ON CONFLICT (key) DO UPDATE SET figures = excluded.figures, facts_refreshed_at = excluded.facts_refreshed_at,
      computed_at = excluded.computed_at, compute_ms = excluded.compute_ms
    RETURNING computed_at`.execute(db);
  return { figures, computedAt: rows[0].computed_at.toISOString() };
}

/** The job: compute one kept snapshot again (it may have been removed meanwhile: then nothing to do). */
export async function recomputeSnapshot(db: Database, key: string): Promise<void> {
  const { rows } = await sql<{ page: FigurePage; filters: ReportFilters; today: string }>`
    SELECT page, filters, to_char(today, 'YYYY-MM-DD') AS today FROM report_snapshots WHERE key = ${key}`.execute(db);
  const row = rows[0];
  if (!row) return;
  await computeSnapshot(db, row.page, { scope: { organizationId: null, side: 'platform' }, filters: row.filters, today: row.today });
}

/**
 * The scheduled pass: the default view of every page is computed for today if it is not kept yet
 * (so the first visit of the day is quick); kept snapshots older than SNAPSHOT_MAX_AGE_MINUTES are
 * queued to be computed again (the same job a stale view queues, so each is computed once); those
 * nobody has read for SNAPSHOT_KEEP_DAYS days are removed. Returns how many it computed itself.
 */
export async function refreshSnapshots(db: Database, options: { timeZone?: string } = {}): Promise<number> {
  await sql`DELETE FROM report_snapshots WHERE read_at < now() - make_interval(days => ${SNAPSHOT_KEEP_DAYS}) OR today < current_date - 1`.execute(db);
  const platform = await db
    .selectFrom('organizations')
    .select('time_zone')
    .where('kind', '=', 'platform')
    .orderBy('created_at')
    .executeTakeFirst();
  const today = localDate(new Date(), options.timeZone ?? platform?.time_zone ?? 'America/Los_Angeles');
  const { filters } = parseReportFilters(new URLSearchParams(), today);
  const keys = FIGURE_PAGES.map((page) => snapshotKey(page, filters, today));
  const kept = await sql<{ key: string }>`SELECT key FROM report_snapshots WHERE key = ANY(${keys}::text[])`.execute(db);
  const missing = FIGURE_PAGES.filter((_, index) => !kept.rows.some((row) => row.key === keys[index]));
  for (const page of missing) await computeSnapshot(db, page, { scope: { organizationId: null, side: 'platform' }, filters, today });
  const stale = await sql<{ key: string }>`
    SELECT key FROM report_snapshots WHERE computed_at < now() - make_interval(mins => ${SNAPSHOT_MAX_AGE_MINUTES}) ORDER BY read_at DESC`.execute(db);
  for (const { key } of stale.rows) await queueRecompute(db, key);
  if (missing.length + stale.rows.length > 0) log('info', 'reports.snapshots-refreshed', { computed: missing.length, queued: stale.rows.length });
  return missing.length;
}

/** One job per kept snapshot at a time: a view that finds it stale and the scheduled pass queue the same one. */
function queueRecompute(db: Database, key: string) {
  return enqueueJob(db, 'reports.compute-snapshot', { key }, { jobKey: `report-snapshot:${key}` });
}
