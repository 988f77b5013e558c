// The measures, each one SQL query over the report facts (refresh.server.ts), scoped in its WHERE
// clause to the organisation the reader belongs to, or across the platform for platform admins.
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { ReportFilters } from './filters.js';
import {
  ALL_FIVE,
  BREAKDOWN_COLUMNS,
  CORE_DOMAINS,
  CONTACT_WINDOW_DAYS,
  INTERVENTION_WINDOW_DAYS,
  SNS_E_DOMAINS,
  domainBit,
  type CoreDomain,
} from './measures.js';

/**
 * Whose figures a report shows: one organisation's (the side says whether it sends or receives
 * referrals), or the whole platform's (organisationId null) in aggregate.
 */
export interface ReportScope {
  organizationId: string | null;
  side: 'referring' | 'receiving' | 'platform';
}

export interface ReportQuery {
  scope: ReportScope;
  filters: ReportFilters;
  /** The reader's local date: measures leave out screens whose window has not yet closed. */
  today: string;
}

const ident = (name: string) => sql.ref(name);

function groupColumn(filters: ReportFilters, alias: string): RawBuilder<string> {
  return filters.by === 'none' ? sql<string>`'all'::text` : sql<string>`${ident(`${alias}.${BREAKDOWN_COLUMNS[filters.by]}`)}`;
}

/** Screenings and needs belong to the organisation that screened; a receiving organisation has none. */
function screeningScope(scope: ReportScope, alias: string) {
  if (scope.organizationId === null) return sql`true`;
  if (scope.side === 'receiving') return sql`false`;
  return sql`${ident(`${alias}.organization_id`)} = ${scope.organizationId}`;
}

/** Referrals the organisation sent (referring side) or received (receiving side). */
function referralScope(scope: ReportScope, alias: string) {
  if (scope.organizationId === null) return sql`true`;
  const column = scope.side === 'receiving' ? 'receiving_organization_id' : 'organization_id';
  return sql`${ident(`${alias}.${column}`)} = ${scope.organizationId}`;
}

function needFilter(filters: ReportFilters, alias: string, categoryColumn: string) {
  if (!filters.need) return sql`true`;
  return sql`(${ident(`${alias}.core_domain`)} = ${filters.need} OR ${ident(`${alias}.${categoryColumn}`)} = ${filters.need})`;
}

function period(filters: ReportFilters, column: string) {
  return sql`${ident(column)} BETWEEN ${filters.from}::date AND ${filters.to}::date`;
}

// ---- screening ---------------------------------------------------------------------------------

export interface MonthCount {
  month: string;
  key: string;
  count: number;
}

function countByMonth(db: Database, facts: 'report_screening_facts' | 'report_need_facts', day: string, key: string, where: RawBuilder<unknown>) {
  return sql<MonthCount>`
    SELECT to_char(${ident(`f.${day}`)}, 'YYYY-MM') AS month, ${ident(`f.${key}`)} AS key, count(*)::int AS count
    FROM ${sql.table(facts)} f WHERE ${where}
    GROUP BY 1, 2 ORDER BY 1, 2`.execute(db).then((result) => result.rows);
}

/** Submitted screenings by instrument and (local) month. */
export function screeningsByMonth(db: Database, { scope, filters }: ReportQuery): Promise<MonthCount[]> {
  const instrument = filters.instrument ? sql`f.instrument = ${filters.instrument}` : sql`true`;
  return countByMonth(db, 'report_screening_facts', 'screened_on', 'instrument', sql`${screeningScope(scope, 'f')} AND ${period(filters, 'f.screened_on')} AND ${instrument}`);
}

export interface DomainScreeningRow {
  group: string;
  /** Adults screened at least once in the period. */
  patients: number;
  /** Of them, screened in all five core domains (over all their screenings in the period). */
  allFive: number;
  domains: Record<CoreDomain, { screened: number; positive: number; positiveOfAllFive: number }>;
}

/**
 * CMS "Screening for Social Drivers of Health" and "Screen Positive Rate", over adults: a patient
 * counts once however often re-screened; their screenings in the period are combined.
 */
export async function domainScreening(db: Database, { scope, filters }: ReportQuery): Promise<DomainScreeningRow[]> {
  const perDomain = CORE_DOMAINS.flatMap((domain) => {
    const bit = domainBit(domain);
    return [
      sql`count(*) FILTER (WHERE screened & ${bit} <> 0)::int AS ${sql.ref(`${domain}_screened`)}`,
      sql`count(*) FILTER (WHERE positive & ${bit} <> 0)::int AS ${sql.ref(`${domain}_positive`)}`,
      sql`count(*) FILTER (WHERE screened = ${ALL_FIVE} AND positive & ${bit} <> 0)::int AS ${sql.ref(`${domain}_positive_of_all_five`)}`,
    ];
  });
  const result = await sql<Record<string, number> & { group: string }>`
    WITH patients AS (
      SELECT s.patient_id, (array_agg(${groupColumn(filters, 's')} ORDER BY s.screened_at DESC))[1] AS "group",
             bit_or(s.domains_screened) AS screened, bit_or(s.domains_positive) AS positive
      FROM report_screening_facts s
      WHERE ${screeningScope(scope, 's')} AND ${period(filters, 's.screened_on')} AND s.age_band <> '0-17'
        AND ${filters.instrument ? sql`s.instrument = ${filters.instrument}` : sql`true`}
      GROUP BY s.patient_id
    )
    SELECT "group", count(*)::int AS patients, count(*) FILTER (WHERE screened = ${ALL_FIVE})::int AS all_five, ${sql.join(perDomain)}
    FROM patients GROUP BY "group" ORDER BY "group"`.execute(db);
  return result.rows.map((row) => ({
    group: row.group,
    patients: row.patients,
    allFive: row.all_five,
    domains: Object.fromEntries(
      CORE_DOMAINS.map((domain) => [
        domain,
        { screened: row[`${domain}_screened`], positive: row[`${domain}_positive`], positiveOfAllFive: row[`${domain}_positive_of_all_five`] },
      ]),
    ) as DomainScreeningRow['domains'],
  }));
}

/** Confirmed needs by SDOH category and the (local) month they were found. */
export function needsByMonth(db: Database, { scope, filters }: ReportQuery): Promise<MonthCount[]> {
  return countByMonth(db, 'report_need_facts', 'identified_on', 'category', sql`${screeningScope(scope, 'f')} AND ${period(filters, 'f.identified_on')} AND ${needFilter(filters, 'f', 'category')}`);
}

// ---- intervention ------------------------------------------------------------------------------

export interface MeasureRow {
  /** SNS-E: the domain; measure 498: 'any'. */
  domain: string;
  ageBand: string;
  group: string;
  numerator: number;
  denominator: number;
}

/**
 * SNS-E style: patients with a positive screen for food, housing or transportation in the period
 * (their first one), and of them those with a referral for that domain sent on or up to 30 days
 * after it. A screen whose 30 days have not yet passed counts only once it has its intervention.
 */
export async function snsE(db: Database, { scope, filters, today }: ReportQuery): Promise<MeasureRow[]> {
  const domains = filters.need && (SNS_E_DOMAINS as readonly string[]).includes(filters.need) ? [filters.need] : [...SNS_E_DOMAINS];
  const result = await sql<MeasureRow>`
    WITH first_positive AS (
      SELECT DISTINCT ON (p.patient_id, p.core_domain) p.core_domain, p.age_band, ${groupColumn(filters, 'p')} AS "group",
             p.screened_on, p.intervention_on
      FROM report_positive_screens p
      WHERE ${screeningScope(scope, 'p')} AND ${period(filters, 'p.screened_on')} AND p.core_domain = ANY (${domains}::text[])
      ORDER BY p.patient_id, p.core_domain, p.screened_at
    )
    SELECT core_domain AS domain, age_band AS "ageBand", "group",
           count(*) FILTER (WHERE intervention_on IS NOT NULL)::int AS numerator, count(*)::int AS denominator
    FROM first_positive
    WHERE intervention_on IS NOT NULL OR screened_on + ${INTERVENTION_WINDOW_DAYS}::int < ${today}::date
    GROUP BY GROUPING SETS ((core_domain, age_band, "group"), (core_domain, "group"))
    ORDER BY 1, 2 NULLS FIRST, 3`.execute(db);
  return result.rows.map((row) => ({ ...row, ageBand: row.ageBand ?? 'all' }));
}

/**
 * Measure-498 style: adults positive for at least one core domain in the period (their first
 * positive screen), and of them those with a referral for one of that screen's positive domains
 * completed by a community organisation within 60 days of it.
 */
export async function connectionToProvider(db: Database, { scope, filters, today }: ReportQuery): Promise<MeasureRow[]> {
  const result = await sql<MeasureRow>`
    WITH screens AS (
      SELECT p.screening_id, p.patient_id, min(p.screened_at) AS screened_at, min(p.screened_on) AS screened_on,
             min(${groupColumn(filters, 'p')}) AS "group", bool_or(p.contact_on IS NOT NULL) AS contact
      FROM report_positive_screens p
      WHERE ${screeningScope(scope, 'p')} AND ${period(filters, 'p.screened_on')} AND p.age_band <> '0-17'
      GROUP BY p.screening_id, p.patient_id
    ), first_positive AS (
      SELECT DISTINCT ON (patient_id) * FROM screens ORDER BY patient_id, screened_at
    )
    SELECT 'any' AS domain, 'all' AS "ageBand", "group",
           count(*) FILTER (WHERE contact)::int AS numerator, count(*)::int AS denominator
    FROM first_positive
    WHERE contact OR screened_on + ${CONTACT_WINDOW_DAYS}::int < ${today}::date
    GROUP BY "group" ORDER BY "group"`.execute(db);
  return result.rows;
}

// ---- referral funnel ---------------------------------------------------------------------------

export interface FunnelRow {
  group: string;
  sent: number;
  accepted: number;
  completed: number;
  rejected: number;
  cancelledBeforeAcceptance: number;
  cancelledAfterAcceptance: number;
  failed: number;
  waiting: number;
  inProgress: number;
  knownOutcome: number;
  /** Of those sent, the referrals to services outside CareLoop, which the referring side follows up itself. */
  unmanaged: number;
}

function referralFilters({ scope, filters }: ReportQuery, alias: string) {
  return sql`${referralScope(scope, alias)} AND ${period(filters, `${alias}.sent_on`)} AND ${needFilter(filters, alias, 'need_category')}`;
}

/** Referrals sent in the period and how far each has come (its current status; accepted if it ever was). */
export async function funnel(db: Database, query: ReportQuery): Promise<FunnelRow[]> {
  const result = await sql<FunnelRow>`
    SELECT ${groupColumn(query.filters, 'r')} AS "group", count(*)::int AS sent,
           count(*) FILTER (WHERE r.accepted_at IS NOT NULL)::int AS accepted,
           count(*) FILTER (WHERE r.status = 'completed')::int AS completed,
           count(*) FILTER (WHERE r.status = 'rejected')::int AS rejected,
           count(*) FILTER (WHERE r.status = 'cancelled' AND r.accepted_at IS NULL)::int AS "cancelledBeforeAcceptance",
           count(*) FILTER (WHERE r.status = 'cancelled' AND r.accepted_at IS NOT NULL)::int AS "cancelledAfterAcceptance",
           count(*) FILTER (WHERE r.status = 'failed')::int AS failed,
           count(*) FILTER (WHERE r.status = 'requested')::int AS waiting,
           count(*) FILTER (WHERE r.status IN ('accepted', 'in-progress', 'on-hold'))::int AS "inProgress",
           count(*) FILTER (WHERE r.status IN ('completed', 'failed', 'rejected', 'cancelled'))::int AS "knownOutcome",
           count(*) FILTER (WHERE NOT r.managed)::int AS unmanaged
    FROM report_referral_facts r
    WHERE ${referralFilters(query, 'r')}
    GROUP BY 1 ORDER BY 1`.execute(db);
  return result.rows;
}

export interface Timings {
  accepted: number;
  medianDaysToAccept: number | null;
  p90DaysToAccept: number | null;
  closed: number;
  medianDaysToClose: number | null;
  p90DaysToClose: number | null;
}

/**
 * Days from sending to the first acceptance, and to the outcome (median and 90th percentile), of
 * referrals to organisations on CareLoop: an unmanaged referral's steps are when the referring side
 * heard from the patient, not when a provider acted.
 */
export async function timings(db: Database, query: ReportQuery): Promise<Timings> {
  // Seconds as float8 (date_part): extract() gives numeric, which sorts several times slower. Each
  // column is sorted once for both of its percentiles.
  const days = (column: string) => sql`date_part('epoch', ${ident(`r.${column}`)} - r.sent_at) / 86400`;
  const tenth = (value: RawBuilder<unknown>) => sql`round((${value})::numeric, 1)::float`;
  const result = await sql<Timings>`
    SELECT accepted, ${tenth(sql`accept[1]`)} AS "medianDaysToAccept", ${tenth(sql`accept[2]`)} AS "p90DaysToAccept",
           closed, ${tenth(sql`close[1]`)} AS "medianDaysToClose", ${tenth(sql`close[2]`)} AS "p90DaysToClose"
    FROM (
      SELECT count(r.accepted_at)::int AS accepted, count(r.closed_at)::int AS closed,
             percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${days('accepted_at')}) AS accept,
             percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${days('closed_at')}) AS close
      FROM report_referral_facts r
      WHERE ${referralFilters(query, 'r')} AND r.managed
    ) percentiles`.execute(db);
  return result.rows[0];
}

export interface ReceivingRow {
  organizationId: string | null;
  name: string | null;
  sent: number;
  /** Answered (accepted or declined) by the end of the response window. */
  onTime: number;
  /**
   * The response rate's denominator: referrals answered, or whose window has passed unanswered
   * (one the clinic withdrew before its window ended had no fair chance, and is not counted).
   */
  due: number;
  completed: number;
}

/** Per receiving organisation: volume, response within its window, completion. Unmanaged referrals form one row. */
export async function byReceivingOrganization(db: Database, query: ReportQuery): Promise<ReceivingRow[]> {
  // Counted first, then named: the hundred organisations are joined to a hundred rows, not to every referral.
  const result = await sql<ReceivingRow>`
    WITH counted AS (
      SELECT r.receiving_organization_id, count(*)::int AS sent,
             count(*) FILTER (WHERE r.responded_at <= r.response_due_at)::int AS "onTime",
             count(*) FILTER (WHERE r.responded_at IS NOT NULL
                                OR (now() > r.response_due_at AND (r.closed_at IS NULL OR r.closed_at > r.response_due_at)))::int AS due,
             count(*) FILTER (WHERE r.status = 'completed')::int AS completed
      FROM report_referral_facts r
      WHERE ${referralFilters(query, 'r')}
      GROUP BY 1
    )
    SELECT c.receiving_organization_id AS "organizationId", o.name, c.sent, c."onTime", c.due, c.completed
    FROM counted c LEFT JOIN organizations o ON o.id = c.receiving_organization_id
    ORDER BY c.sent DESC, o.name`.execute(db);
  return result.rows;
}

// ---- outcomes ----------------------------------------------------------------------------------

export interface OutcomeRow {
  status: string;
  /** The coded delivered service of a completed referral, or the coded reason for declining, cancelling or failing. */
  reason: string | null;
  /** The code's label in English and Spanish (from the value set). */
  label: { en: string; es: string } | null;
  count: number;
}

/** What became of closed referrals: completion outcomes, and the reasons behind the other endings. */
export async function outcomes(db: Database, query: ReportQuery): Promise<OutcomeRow[]> {
  const result = await sql<OutcomeRow>`
    WITH ended AS (
      SELECT r.status, CASE WHEN r.status = 'completed' THEN r.outcome ELSE r.reason END AS reason, count(*)::int AS count
      FROM report_referral_facts r
      WHERE ${referralFilters(query, 'r')} AND r.status IN ('completed', 'failed', 'rejected', 'cancelled')
      GROUP BY 1, 2
    )
    SELECT e.status, e.reason, CASE WHEN rc.code IS NOT NULL THEN jsonb_build_object('en', rc.label_en, 'es', rc.label_es) END AS label, e.count
    FROM ended e
    LEFT JOIN reason_codes rc ON rc.code = e.reason
      AND rc.kind = CASE e.status WHEN 'completed' THEN 'delivered' WHEN 'rejected' THEN 'decline' WHEN 'cancelled' THEN 'cancel' ELSE 'failure' END
    ORDER BY 1, e.count DESC, 2`.execute(db);
  return result.rows;
}

// ---- dashboards --------------------------------------------------------------------------------

export interface PersonalNumbers {
  screenings: number;
  positiveScreenings: number;
  referralsSent: number;
  referralsCompleted: number;
  referralsOpen: number;
  /** Handouts of services given to patients (read live: handouts are not among the facts). */
  handoutsGiven: number;
}

/** What one worker did in the period: screenings they gave, handouts, referrals they sent and how those ended. */
export async function personalNumbers(db: Database, userId: string, from: string, to: string): Promise<PersonalNumbers> {
  const result = await sql<PersonalNumbers>`
    SELECT
      (SELECT count(*)::int FROM report_screening_facts s WHERE s.administered_by = ${userId} AND s.screened_on BETWEEN ${from}::date AND ${to}::date) AS screenings,
      (SELECT count(*)::int FROM report_screening_facts s WHERE s.administered_by = ${userId} AND s.screened_on BETWEEN ${from}::date AND ${to}::date AND s.domains_positive <> 0) AS "positiveScreenings",
      count(*)::int AS "referralsSent",
      count(*) FILTER (WHERE r.status = 'completed')::int AS "referralsCompleted",
      count(*) FILTER (WHERE r.status IN ('requested', 'accepted', 'in-progress', 'on-hold'))::int AS "referralsOpen",
      (SELECT count(*)::int FROM information_given ig JOIN organizations o ON o.id = ig.organization_id
        WHERE ig.given_by = ${userId} AND ig.given_at >= ${from}::date - 1 AND ig.given_at < ${to}::date + 2
          AND (ig.given_at AT TIME ZONE o.time_zone)::date BETWEEN ${from}::date AND ${to}::date) AS "handoutsGiven"
    FROM report_referral_facts r WHERE r.created_by = ${userId} AND r.sent_on BETWEEN ${from}::date AND ${to}::date`.execute(db);
  return result.rows[0];
}
