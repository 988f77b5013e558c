// A past year of screenings, needs, handouts and closed referrals, generated in SQL (generate_series): the
// demo's report pages have something to show, and the bench scales the same history up to a
// million referrals. Screenings are real AHC HRSN answers scored by the real rules.
import { sql } from 'kysely';
import { scoreScreening } from '../app/screening/scoring.js';
import type { CoreDomain } from '../app/reports/measures.js';
import type { Database } from './pool.js';

export interface HistoryOptions {
  /** Referring organisations and a worker of each, who gives the screenings and sends the referrals. */
  referring: Array<{ organizationId: string; userId: string }>;
  /** Receiving organisations, a service of each, and a staff member who answers. */
  receiving: Array<{ organizationId: string; serviceId: string; serviceName: string; userId: string }>;
  patients: number;
  screenings: number;
  referrals: number;
}

const SAFE = 'LA6270-8';

function ahcAnswers(positive: readonly CoreDomain[]) {
  const is = (domain: CoreDomain) => positive.includes(domain);
  const safety = is('safety') ? 'LA6482-9' : SAFE;
  return {
    '71802-3': is('housing') ? 'LA31994-9' : 'LA31993-1',
    '96778-6': ['LA9-3'],
    '88122-7': is('food') ? 'LA28397-0' : 'LA28398-8',
    '88123-5': is('food') ? 'LA28397-0' : 'LA28398-8',
    '93030-5': is('transportation') ? 'LA33-6' : 'LA32-8',
    '96779-4': is('utilities') ? 'LA33-6' : 'LA32-8',
    '95618-5': safety,
    '95617-7': safety,
    '95616-9': safety,
    '95615-1': safety,
  };
}

/** Screening templates: which domains are positive, weighted towards the common (food, housing). */
function templates() {
  const mixes: CoreDomain[][] = [[], [], [], ['food'], ['food'], ['housing'], ['food', 'housing'], ['transportation'], ['utilities'], ['food', 'transportation'], ['safety'], ['food', 'utilities']];
  return mixes.map((positive) => {
    const answers = ahcAnswers(positive);
    const result = scoreScreening('ahc-hrsn', answers);
    return { answers, result, needs: result.needs.map((need) => ({ category: need.sdohCategory, domain: need.domain })) };
  });
}

const POSTAL_CODES = ['94110', '94124', '94112', '94103', '94102', '94134', '94107', '94115', '94122', '94601', '94612'];
const LANGUAGES = ['en', 'en', 'en', 'es', 'es', 'zh', 'vi', 'tl'];

export async function generateReportHistory(db: Database, options: HistoryOptions): Promise<void> {
  const referringOrgs = options.referring.map((r) => r.organizationId);
  const referringUsers = options.referring.map((r) => r.userId);
  const receivingOrgs = options.receiving.map((r) => r.organizationId);
  const receivingServices = options.receiving.map((r) => r.serviceId);
  const receivingNames = options.receiving.map((r) => r.serviceName);
  const receivingUsers = options.receiving.map((r) => r.userId);
  const kinds = templates();

  await db.transaction().execute(async (trx) => {
    await sql`
      INSERT INTO patients (organization_id, given_name, family_name, birth_date, postal_code, preferred_language, created_by, name_key, contact_preference, created_at, updated_at)
      SELECT (${referringOrgs}::uuid[])[1 + n % ${referringOrgs.length}], 'History' || n, 'Example',
             date '1938-01-01' + ((n * 7919) % 31000), (${POSTAL_CODES}::text[])[1 + (n * 31) % ${POSTAL_CODES.length}],
             (${LANGUAGES}::text[])[1 + (n * 13) % ${LANGUAGES.length}], (${referringUsers}::uuid[])[1 + n % ${referringUsers.length}],
             'history' || n || 'example', 'do-not-contact', now() - interval '400 days', now() - interval '400 days'
      FROM generate_series(1, ${options.patients}) AS n`.execute(trx);
    await sql`
      CREATE TEMP TABLE history_patients ON COMMIT DROP AS
      SELECT id, organization_id, created_by, row_number() OVER (ORDER BY created_at, id) AS rn
      FROM patients WHERE family_name = 'Example' AND given_name LIKE 'History%' AND created_at < now() - interval '399 days'`.execute(trx);
    await sql`CREATE INDEX ON history_patients (rn)`.execute(trx);

    // Screenings spread over the past year (minute by minute, deterministic), one template each.
    await sql`
      CREATE TEMP TABLE history_screenings ON COMMIT DROP AS
      SELECT gen_random_uuid() AS id, p.id AS patient_id, p.organization_id, p.created_by, n % ${kinds.length} AS kind,
             now() - ((((n::bigint * 2654435761) % 525600) + 60) * interval '1 minute') AS at
      FROM generate_series(1, ${options.screenings}) AS n
      JOIN history_patients p ON p.rn = 1 + (n::bigint * 7919) % ${options.patients}`.execute(trx);
    await sql`
      INSERT INTO screenings (id, organization_id, patient_id, instrument, instrument_version, answers, result, administered_by, created_at, status, language, mode, updated_at, submitted_at, reviewed_at)
      SELECT s.id, s.organization_id, s.patient_id, 'ahc-hrsn', '1', k.answers, k.result, s.created_by, s.at, 'submitted', 'en', 'staff', s.at, s.at, s.at
      FROM history_screenings s
      JOIN (SELECT (ordinality - 1)::int AS kind, value -> 'answers' AS answers, value -> 'result' AS result
            FROM jsonb_array_elements(${JSON.stringify(kinds)}::jsonb) WITH ORDINALITY) k ON k.kind = s.kind`.execute(trx);
    // Every positive domain became a need, confirmed by the worker and since addressed.
    await sql`
      CREATE TEMP TABLE history_needs ON COMMIT DROP AS
      SELECT gen_random_uuid() AS id, s.id AS screening_id, s.patient_id, s.organization_id, s.created_by, s.at,
             need ->> 'category' AS category, need ->> 'domain' AS domain, row_number() OVER (ORDER BY s.at, s.id, need ->> 'domain') AS rn
      FROM history_screenings s
      JOIN (SELECT (ordinality - 1)::int AS kind, value -> 'needs' AS needs FROM jsonb_array_elements(${JSON.stringify(kinds)}::jsonb) WITH ORDINALITY) k ON k.kind = s.kind
      CROSS JOIN LATERAL jsonb_array_elements(k.needs) AS need`.execute(trx);
    await sql`CREATE INDEX ON history_needs (rn)`.execute(trx);
    await sql`
      INSERT INTO needs (id, organization_id, patient_id, screening_id, category, status, created_by, created_at, domain, source, decided_by, decided_at)
      SELECT id, organization_id, patient_id, screening_id, category, 'addressed', created_by, at, domain, 'screening', created_by, at
      FROM history_needs`.execute(trx);

    // A printed handout of services for every third need, a few days after the screening.
    if (receivingServices.length > 0) {
      await sql`
        CREATE TEMP TABLE history_handouts ON COMMIT DROP AS
        SELECT gen_random_uuid() AS id, nd.organization_id, nd.patient_id, nd.id AS need_id, nd.created_by,
               least(nd.at + ((nd.rn % 20) * interval '1 day') + interval '1 hour', now() - interval '1 day') AS given_at, 1 + nd.rn % ${receivingServices.length} AS service
        FROM history_needs nd WHERE nd.rn % 3 = 0`.execute(trx);
      await sql`
        INSERT INTO information_given (id, organization_id, patient_id, need_id, given_by, channel, locale, given_at)
        SELECT id, organization_id, patient_id, need_id, created_by, 'print', 'en', given_at FROM history_handouts`.execute(trx);
      await sql`
        INSERT INTO information_given_services (information_given_id, position, service_id, service_name, organization_name)
        SELECT h.id, 0, (${receivingServices}::uuid[])[h.service], (${receivingNames}::text[])[h.service], coalesce(o.name, (${receivingNames}::text[])[h.service])
        FROM history_handouts h
        LEFT JOIN hsds_services hs ON hs.id = (${receivingServices}::uuid[])[h.service]
        LEFT JOIN hsds_organizations o ON o.id = hs.organization_id`.execute(trx);
    }

    // Referrals for the needs (a need may have a second one), each with its consent and timeline;
    // all closed, so the demo's inboxes and caseloads stay as they were.
    const needCount = (await sql<{ count: number }>`SELECT count(*)::int AS count FROM history_needs`.execute(trx)).rows[0].count;
    if (needCount === 0 || options.referrals === 0) return;
    await sql`
      CREATE TEMP TABLE history_referrals ON COMMIT DROP AS
      SELECT gen_random_uuid() AS id, gen_random_uuid() AS consent_id, nd.id AS need_id, nd.patient_id, nd.organization_id, nd.created_by,
             1 + n % ${receivingOrgs.length} AS recv,
             least(nd.at + ((n % 12) * interval '1 day') + interval '2 hours', now() - interval '3 days') AS sent_at,
             CASE WHEN n % 20 < 11 THEN 'completed' WHEN n % 20 < 13 THEN 'rejected' WHEN n % 20 < 16 THEN 'cancelled' ELSE 'failed' END AS status,
             n
      FROM generate_series(1, ${options.referrals}) AS n
      JOIN history_needs nd ON nd.rn = 1 + (n - 1) % ${needCount}`.execute(trx);
    await sql`
      ALTER TABLE history_referrals
        ADD COLUMN accepted_at timestamptz, ADD COLUMN closed_at timestamptz, ADD COLUMN cancelled_early boolean`.execute(trx);
    await sql`
      UPDATE history_referrals SET
        cancelled_early = status = 'cancelled' AND n % 2 = 0,
        accepted_at = CASE WHEN status = 'rejected' OR (status = 'cancelled' AND n % 2 = 0) THEN NULL
                           ELSE least(sent_at + ((1 + (n * 7) % 96) * interval '1 hour'), now() - interval '2 days') END`.execute(trx);
    await sql`
      UPDATE history_referrals SET closed_at = least(coalesce(accepted_at, sent_at) + ((2 + (n * 11) % 30) * interval '1 day') - CASE WHEN accepted_at IS NULL THEN interval '1 day' ELSE interval '0' END, now() - interval '1 day')`.execute(trx);
    await sql`
      INSERT INTO consents (id, organization_id, patient_id, shared_with_organization_id, shared_items, method, expires_on, recorded_by, created_at)
      SELECT consent_id, organization_id, patient_id, (${receivingOrgs}::uuid[])[recv], '{identity,need}', 'verbal', (sent_at + interval '1 year')::date, created_by, sent_at
      FROM history_referrals`.execute(trx);
    await sql`
      INSERT INTO referrals (id, organization_id, receiving_organization_id, patient_id, need_id, need_category, consent_id, service_id, service_name,
                             status, status_reason_kind, status_reason_code, created_by, assigned_user_id, created_at, updated_at, last_activity_at,
                             responded_at, closed_at)
      SELECT r.id, r.organization_id, (${receivingOrgs}::uuid[])[recv], r.patient_id, r.need_id, nd.category, consent_id, (${receivingServices}::uuid[])[recv], (${receivingNames}::text[])[recv],
             r.status,
             CASE r.status WHEN 'rejected' THEN 'decline' WHEN 'cancelled' THEN 'cancel' WHEN 'failed' THEN 'failure' ELSE 'delivered' END,
             CASE r.status WHEN 'rejected' THEN (ARRAY['at-capacity', 'not-eligible', 'outside-service-area'])[1 + n % 3]
                           WHEN 'cancelled' THEN (ARRAY['patient-request', 'need-met-elsewhere'])[1 + n % 2]
                           WHEN 'failed' THEN (ARRAY['unable-to-contact', 'did-not-attend'])[1 + n % 2]
                           ELSE (ARRAY['service-provided', 'goods-provided', 'enrolled-in-program', 'application-submitted'])[1 + n % 4] END,
             r.created_by, r.created_by, sent_at, closed_at, closed_at,
             CASE WHEN r.status = 'cancelled' AND r.accepted_at IS NULL THEN NULL ELSE coalesce(r.accepted_at, r.closed_at) END, closed_at
      FROM history_referrals r JOIN history_needs nd ON nd.id = r.need_id`.execute(trx);
    await sql`
      INSERT INTO referral_events (referral_id, from_status, to_status, reason_kind, reason_code, actor_user_id, actor_organization_id, created_at)
      SELECT id, NULL, 'requested', NULL, NULL, created_by, organization_id, sent_at FROM history_referrals
      UNION ALL
      SELECT id, 'requested', 'accepted', NULL, NULL, (${receivingUsers}::uuid[])[recv], (${receivingOrgs}::uuid[])[recv], accepted_at
      FROM history_referrals WHERE accepted_at IS NOT NULL
      UNION ALL
      SELECT r.id, CASE WHEN r.accepted_at IS NULL THEN 'requested' ELSE 'accepted' END, r.status, ref.status_reason_kind, ref.status_reason_code,
             CASE WHEN r.status = 'cancelled' THEN r.created_by ELSE (${receivingUsers}::uuid[])[r.recv] END,
             CASE WHEN r.status = 'cancelled' THEN r.organization_id ELSE (${receivingOrgs}::uuid[])[r.recv] END,
             r.closed_at
      FROM history_referrals r JOIN referrals ref ON ref.id = r.id`.execute(trx);
  });
}

/** The demo's year: both demo clinics, the four demo community organisations. */
export async function generateDemoHistory(db: Database): Promise<void> {
  const referring = await db
    .selectFrom('organizations')
    .innerJoin('users', 'users.organization_id', 'organizations.id')
    .select(['organizations.id as organizationId', 'users.id as userId'])
    .where('organizations.kind', '=', 'referring')
    .where('users.role', '=', 'social_worker')
    .orderBy('organizations.name')
    .execute();
  const receiving = await db
    .selectFrom('organizations')
    .innerJoin('users', 'users.organization_id', 'organizations.id')
    .innerJoin('hsds_services', 'hsds_services.organization_id', 'organizations.hsds_organization_id')
    .select(['organizations.id as organizationId', 'users.id as userId', 'hsds_services.id as serviceId', 'hsds_services.name as serviceName'])
    .distinctOn('organizations.id')
    .where('organizations.kind', '=', 'receiving')
    .orderBy('organizations.id')
    .orderBy('hsds_services.id')
    .execute();
  await generateReportHistory(db, { referring, receiving, patients: 240, screenings: 420, referrals: 260 });
}
