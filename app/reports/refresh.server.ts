// Derives the report facts from the source tables: screenings, needs, referrals and their events.
// This is the one place that knows how the referral workflow stores statuses, reasons and
// outcomes; the measures (queries.server.ts) read only the facts.
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import {
  CATEGORY_CORE,
  CONTACT_WINDOW_DAYS,
  CORE_DOMAINS,
  ETHNICITY_CODES,
  ETHNICITY_ITEM,
  INTERVENTION_WINDOW_DAYS,
  RACE_CODES,
  RACE_ITEM,
  SCREENING_DOMAIN_CORE,
  SENSITIVE_CATEGORIES,
  SENSITIVE_DOMAINS,
} from './measures.js';

/** How far back an incremental refresh looks before the previous one began (slow transactions commit late). */
const OVERLAP = '10 minutes';

export interface RefreshSummary {
  mode: 'full' | 'incremental';
  patients: number;
  finishedAt: string;
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/** The local date of a moment in a time zone. */
const localDay = (at: RawBuilder<unknown> | string, timeZone: string) => sql`((${sql.raw(String(at))}) AT TIME ZONE ${sql.raw(timeZone)})::date`;

function ageBandOf(birthDate: string, onDay: RawBuilder<unknown>) {
  return sql`CASE WHEN date_part('year', age(${onDay}, ${sql.raw(birthDate)})) <= 17 THEN '0-17'
                  WHEN date_part('year', age(${onDay}, ${sql.raw(birthDate)})) <= 64 THEN '18-64' ELSE '65+' END`;
}

/**
 * The last day of a response window of `days` business days from `day` (see responseDueOn in
 * measures.ts, which is its twin and is tested against it).
 */
export function responseDueOnSql(day: RawBuilder<unknown>, days: RawBuilder<unknown>) {
  return sql`(${day} - CASE WHEN extract(isodow FROM ${day}) > 5 THEN extract(isodow FROM ${day})::int - 5 ELSE 0 END
              + ${days} + 2 * ((least(extract(isodow FROM ${day})::int, 5) - 1 + ${days}) / 5))`;
}

/** Patients whose facts may have changed since `since`. */
async function touchedPatients(trx: Transaction<DB>, since: Date) {
  await sql`CREATE TEMP TABLE report_touched (patient_id uuid PRIMARY KEY) ON COMMIT DROP`.execute(trx);
  await sql`
    INSERT INTO report_touched (patient_id)
    SELECT id FROM patients WHERE updated_at >= ${since}
    UNION SELECT patient_id FROM screenings WHERE updated_at >= ${since} OR voided_at >= ${since}
    UNION SELECT patient_id FROM needs WHERE created_at >= ${since} OR decided_at >= ${since} OR closed_at >= ${since}
    UNION SELECT patient_id FROM referrals WHERE updated_at >= ${since}
    UNION SELECT patient_id FROM information_given WHERE given_at >= ${since}
    UNION SELECT patient_id FROM consents WHERE withdrawn_at >= ${since}`.execute(trx);
  const row = await sql<{ count: number }>`SELECT count(*)::int AS count FROM report_touched`.execute(trx);
  return row.rows[0].count;
}

/**
 * Rebuilds the facts: all of them (`full`), or those of patients with a change since the last
 * refresh (`incremental`, the default; the first refresh is always full). One transaction, so a
 * report never sees half a refresh; one refresh at a time.
 */
export async function refreshReportFacts(db: Database, options: { mode?: 'full' | 'incremental' } = {}): Promise<RefreshSummary> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('careloop.report-refresh'))`.execute(trx);
    const startedAt = (await sql<{ now: Date }>`SELECT now() AS now`.execute(trx)).rows[0].now;
    const last = await trx.selectFrom('report_refreshes').select('started_at').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const mode = options.mode === 'full' || !last ? 'full' : 'incremental';
    let patients: number;
    let scope: RawBuilder<unknown>;
    if (mode === 'full') {
      for (const table of ['report_positive_screens', 'report_screening_facts', 'report_need_facts', 'report_referral_facts']) {
        await sql`TRUNCATE ${sql.table(table)}`.execute(trx);
      }
      patients = (await sql<{ count: number }>`SELECT count(*)::int AS count FROM patients`.execute(trx)).rows[0].count;
      scope = sql`true`;
    } else {
      const since = (await sql<{ since: Date }>`SELECT ${last!.started_at}::timestamptz - ${OVERLAP}::interval AS since`.execute(trx)).rows[0].since;
      patients = await touchedPatients(trx, since);
      for (const table of ['report_positive_screens', 'report_screening_facts', 'report_need_facts', 'report_referral_facts']) {
        await sql`DELETE FROM ${sql.table(table)} WHERE patient_id IN (SELECT patient_id FROM report_touched)`.execute(trx);
      }
      scope = sql`p.id IN (SELECT patient_id FROM report_touched)`;
    }
    if (patients > 0) await insertFacts(trx, scope, mode === 'full');
    const finished = await trx
      .insertInto('report_refreshes')
      .values({ mode, started_at: startedAt, finished_at: sql`clock_timestamp()`, patients })
      .returning('finished_at')
      .executeTakeFirstOrThrow();
    return { mode, patients, finishedAt: new Date(finished.finished_at).toISOString() };
  });
}

/** The patients in scope with what every fact carries about them: demographics and the organisation's time zone. */
function patientContext(scope: RawBuilder<unknown>) {
  const race = sql`prapare.answers -> ${RACE_ITEM}`;
  const ethnicity = sql`prapare.answers -> ${ETHNICITY_ITEM}`;
  return sql`
    SELECT p.id AS patient_id, p.organization_id, p.birth_date, o.time_zone,
           p.preferred_language AS language, left(p.postal_code, 5) AS postal_code,
           CASE jsonb_typeof(${race})
             WHEN 'array' THEN CASE WHEN jsonb_array_length(${race}) > 1 THEN 'multiple'
                                    WHEN jsonb_array_length(${race}) = 1 THEN coalesce(${json(RACE_CODES)} ->> (${race} ->> 0), 'other')
                                    ELSE 'unknown' END
             WHEN 'string' THEN coalesce(${json(RACE_CODES)} ->> (${race} #>> '{}'), 'other')
             WHEN 'object' THEN CASE WHEN ${race} ->> 'absent' = 'asked-declined' THEN 'declined' ELSE 'unknown' END
             ELSE 'unknown' END AS race,
           CASE jsonb_typeof(${ethnicity})
             WHEN 'string' THEN coalesce(${json(ETHNICITY_CODES)} ->> (${ethnicity} #>> '{}'), 'unknown')
             WHEN 'array' THEN coalesce(${json(ETHNICITY_CODES)} ->> (${ethnicity} ->> 0), 'unknown')
             WHEN 'object' THEN CASE WHEN ${ethnicity} ->> 'absent' = 'asked-declined' THEN 'declined' ELSE 'unknown' END
             ELSE 'unknown' END AS ethnicity
    FROM patients p
    JOIN organizations o ON o.id = p.organization_id
    LEFT JOIN LATERAL (
      SELECT s.answers FROM screenings s
      WHERE s.patient_id = p.id AND s.instrument = 'prapare' AND s.status = 'submitted' AND s.voided_at IS NULL
      ORDER BY coalesce(s.submitted_at, s.created_at) DESC LIMIT 1
    ) prapare ON true
    WHERE ${scope}`;
}

async function insertFacts(trx: Transaction<DB>, scope: RawBuilder<unknown>, full: boolean) {
  await sql`CREATE TEMP TABLE report_patients ON COMMIT DROP AS ${patientContext(scope)}`.execute(trx);
  await sql`CREATE UNIQUE INDEX ON report_patients (patient_id)`.execute(trx);
  await sql`ANALYZE report_patients`.execute(trx);
  const domainCore = json(SCREENING_DOMAIN_CORE);
  const categoryCore = json(CATEGORY_CORE);
  const coreBit = json(Object.fromEntries(CORE_DOMAINS.map((domain, index) => [domain, 1 << index])));

  // Screenings: submitted ones, with the core domains each screened and found positive. A domain
  // is screened when it was scored (positive or negative) or answered for review; positive when
  // scored positive or when the worker confirmed a need from it.
  await sql`
    INSERT INTO report_screening_facts
    SELECT s.id, s.organization_id, s.patient_id, s.administered_by, s.instrument, s.at, s.on_day,
           ${ageBandOf('rp.birth_date', sql`s.on_day`)}, rp.language, rp.postal_code, rp.race, rp.ethnicity,
           coalesce(domains.screened, 0), coalesce(domains.positive, 0)
    FROM (
      SELECT s.*, coalesce(s.submitted_at, s.created_at) AS at,
             ${localDay('coalesce(s.submitted_at, s.created_at)', 'rp.time_zone')} AS on_day
      FROM screenings s JOIN report_patients rp ON rp.patient_id = s.patient_id
      WHERE s.status = 'submitted' AND s.result IS NOT NULL AND s.voided_at IS NULL
    ) s
    JOIN report_patients rp ON rp.patient_id = s.patient_id
    LEFT JOIN LATERAL (
      SELECT bit_or(bit) FILTER (WHERE result IN ('positive', 'negative', 'review')) AS screened,
             bit_or(bit) FILTER (WHERE result = 'positive' OR confirmed) AS positive
      FROM (
        SELECT ${domainCore} ->> (d ->> 'domain') AS core, (${coreBit} ->> (${domainCore} ->> (d ->> 'domain')))::int AS bit, d ->> 'result' AS result,
               EXISTS (SELECT 1 FROM needs n WHERE n.screening_id = s.id AND n.domain = d ->> 'domain' AND n.status IN ('identified', 'addressed', 'not-wanted')) AS confirmed
        FROM jsonb_array_elements(s.result -> 'domains') d
      ) scored
      WHERE core IS NOT NULL
    ) domains ON true`.execute(trx);

  // Confirmed needs (from a screening or added by hand), on the day they were found, whether since
  // resolved or no longer wanted; needs entered in error are not counted.
  await sql`
    INSERT INTO report_need_facts
    SELECT n.id, n.organization_id, n.patient_id, n.category,
           coalesce(${domainCore} ->> n.domain, ${categoryCore} ->> n.category),
           ${localDay('n.created_at', 'rp.time_zone')},
           ${ageBandOf('rp.birth_date', sql`${localDay('n.created_at', 'rp.time_zone')}`)},
           rp.language, rp.postal_code, rp.race, rp.ethnicity
    FROM needs n JOIN report_patients rp ON rp.patient_id = n.patient_id
    WHERE n.status IN ('identified', 'addressed', 'not-wanted')`.execute(trx);

  // Referrals that were sent (drafts and those entered in error are not counted), with the first
  // time each milestone was reached on their timeline, however often the status moved between, and
  // the coded reason or delivered service of the status they are in. Unmanaged referrals (to a
  // service outside CareLoop) have no receiving organisation and no response window.
  await sql`
    INSERT INTO report_referral_facts
    SELECT r.id, r.organization_id, r.receiving_organization_id, r.managed, r.created_by,
           r.patient_id, n.category, coalesce(${domainCore} ->> n.domain, ${categoryCore} ->> n.category),
           n.category = ANY (${SENSITIVE_CATEGORIES}::text[]) OR coalesce(n.domain, '') = ANY (${SENSITIVE_DOMAINS}::text[]),
           e.sent_at, ${localDay('e.sent_at', 'rp.time_zone')},
           e.accepted_at, e.responded_at,
           CASE WHEN r.managed THEN coalesce(r.response_due_at,
             ((${responseDueOnSql(sql`${localDay('e.sent_at', 'recv.time_zone')}`, sql`recv.response_window_business_days`)} + 1)::timestamp
               AT TIME ZONE recv.time_zone))
           END,
           e.closed_at, r.status,
           CASE WHEN r.status <> 'completed' THEN r.status_reason_code END,
           CASE WHEN r.status = 'completed' THEN r.status_reason_code END,
           ${ageBandOf('rp.birth_date', sql`${localDay('e.sent_at', 'rp.time_zone')}`)},
           rp.language, rp.postal_code, rp.race, rp.ethnicity, c.withdrawn_at IS NOT NULL
    FROM referrals r
    JOIN report_patients rp ON rp.patient_id = r.patient_id
    JOIN needs n ON n.id = r.need_id
    JOIN consents c ON c.id = r.consent_id
    LEFT JOIN organizations recv ON recv.id = r.receiving_organization_id
    JOIN LATERAL (
      SELECT coalesce(min(ev.created_at) FILTER (WHERE ev.to_status = 'requested'), r.created_at) AS sent_at,
             min(ev.created_at) FILTER (WHERE ev.to_status = 'accepted') AS accepted_at,
             min(ev.created_at) FILTER (WHERE ev.kind = 'status' AND ev.from_status = 'requested' AND ev.actor_organization_id = r.receiving_organization_id) AS responded_at,
             min(ev.created_at) FILTER (WHERE ev.to_status IN ('completed', 'failed', 'rejected', 'cancelled')) AS closed_at
      FROM referral_events ev WHERE ev.referral_id = r.id
    ) e ON true
    WHERE r.status NOT IN ('draft', 'entered-in-error')`.execute(trx);

  // Handouts of services given from a need, by the need's core domain and local day.
  await sql`
    CREATE TEMP TABLE report_handouts ON COMMIT DROP AS
    SELECT ig.patient_id, coalesce(${domainCore} ->> n.domain, ${categoryCore} ->> n.category) AS core_domain,
           ${localDay('ig.given_at', 'rp.time_zone')} AS given_on
    FROM information_given ig
    JOIN report_patients rp ON rp.patient_id = ig.patient_id
    JOIN needs n ON n.id = ig.need_id`.execute(trx);
  await sql`CREATE INDEX ON report_handouts (patient_id, core_domain, given_on)`.execute(trx);
  // The lookups below go by patient, once per positive screen: they are planned from statistics of
  // what was just written (a full rebuild has emptied the tables the old statistics describe).
  await sql`ANALYZE report_handouts`.execute(trx);
  if (full) {
    await sql`ANALYZE report_referral_facts`.execute(trx);
    await sql`ANALYZE report_screening_facts`.execute(trx);
  }

  // Positive screens, and whether an intervention for the same domain (a referral sent, or a
  // handout of services given for a need in it) followed within 30 days (SNS-E), and a referral
  // for it was completed within 60 days (measure 498).
  await sql`
    INSERT INTO report_positive_screens
    SELECT s.screening_id, core.domain, s.organization_id, s.patient_id, s.screened_at, s.screened_on,
           s.age_band, s.language, s.postal_code, s.race, s.ethnicity,
           least(
             (SELECT min(r.sent_on) FROM report_referral_facts r
               WHERE r.patient_id = s.patient_id AND r.core_domain = core.domain
                 AND r.sent_on BETWEEN s.screened_on AND s.screened_on + ${INTERVENTION_WINDOW_DAYS}::int),
             (SELECT min(h.given_on) FROM report_handouts h
               WHERE h.patient_id = s.patient_id AND h.core_domain = core.domain
                 AND h.given_on BETWEEN s.screened_on AND s.screened_on + ${INTERVENTION_WINDOW_DAYS}::int)),
           (SELECT min(${localDay('r.closed_at', 'rp.time_zone')}) FROM report_referral_facts r
             WHERE r.patient_id = s.patient_id AND r.core_domain = core.domain AND r.status = 'completed'
               AND ${localDay('r.closed_at', 'rp.time_zone')} BETWEEN s.screened_on AND s.screened_on + ${CONTACT_WINDOW_DAYS}::int)
    FROM report_screening_facts s
    JOIN report_patients rp ON rp.patient_id = s.patient_id
    CROSS JOIN LATERAL (
      SELECT c.domain FROM unnest(${[...CORE_DOMAINS]}::text[]) WITH ORDINALITY AS c(domain, position)
      WHERE s.domains_positive & (1 << (c.position::int - 1)) <> 0
    ) core`.execute(trx);
}

/** When the facts were last brought up to date; null before the first refresh. */
export async function lastRefresh(db: Database): Promise<{ finishedAt: string; mode: string } | null> {
  const row = await db.selectFrom('report_refreshes').select(['finished_at', 'mode']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? { finishedAt: new Date(row.finished_at).toISOString(), mode: row.mode } : null;
}
