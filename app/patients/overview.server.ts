import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { SessionUser } from '../auth/session.server.js';
import type { ReferralStatus } from '../referrals/lifecycle.js';
import { isSafetySensitive } from '../screening/safety.js';

export interface PatientNeed {
  id: string;
  category: string;
  categoryText: string | null;
  domain: string | null;
  status: 'proposed' | 'identified' | 'addressed' | 'dismissed' | 'not-wanted' | 'entered-in-error';
  source: 'screening' | 'manual';
  screeningId: string | null;
  zCode: string | null;
  at: string;
  version: number;
}

export type TimelineEntry =
  | {
      kind: 'screening';
      at: string;
      id: string;
      instrument: string;
      status: 'draft' | 'submitted';
      mode: 'staff' | 'self';
      positive: number;
      by: string | null;
      /** Entered by mistake: kept, marked, left out of reports. */
      voided: boolean;
    }
  | { kind: 'task'; at: string; id: string; task: string; by: string | null; note: string | null }
  | { kind: 'need'; at: string; id: string; category: string; categoryText: string | null; status: PatientNeed['status']; source: PatientNeed['source'] }
  | { kind: 'referral'; at: string; id: string; serviceName: string; receivingOrganization: string; status: ReferralStatus }
  | { kind: 'information-given'; at: string; id: string; channel: 'print' | 'email' | 'sms'; services: string[]; by: string | null };

export interface PatientOverview {
  needs: PatientNeed[];
  timeline: TimelineEntry[];
  /** The latest screening raised a safety concern, or a safety need is open: the page shows the alert. */
  safetyAlert: boolean;
}

/** Needs, and screenings, needs and referrals on one timeline (newest first), of a patient the caller has already loaded and audited. */
export async function getPatientOverview(db: Database, user: SessionUser, patientId: string): Promise<PatientOverview> {
  const [screenings, needs, referrals, tasks, handouts] = await Promise.all([
    db
      .selectFrom('screenings')
      .leftJoin('users', 'users.id', 'screenings.administered_by')
      .select(['screenings.id', 'screenings.instrument', 'screenings.status', 'screenings.mode', 'screenings.result', 'screenings.updated_at', 'screenings.submitted_at', 'screenings.voided_at', 'users.full_name'])
      .where('screenings.patient_id', '=', patientId)
      .where('screenings.organization_id', '=', user.organizationId)
      .execute(),
    db
      .selectFrom('needs')
      .select(['id', 'category', 'category_text', 'domain', 'status', 'source', 'screening_id', 'z_code', 'created_at', 'version'])
      .where('patient_id', '=', patientId)
      .where('organization_id', '=', user.organizationId)
      .orderBy('created_at', 'desc')
      .execute(),
    db
      .selectFrom('referrals')
      .select(['referrals.id', 'referrals.service_name', 'referrals.status', 'referrals.updated_at', 'referrals.service_organization_name as name'])
      .where('referrals.patient_id', '=', patientId)
      .where('referrals.organization_id', '=', user.organizationId)
      .execute(),
    db
      .selectFrom('follow_up_tasks')
      .leftJoin('users', 'users.id', 'follow_up_tasks.completed_by')
      .select(['follow_up_tasks.id', 'follow_up_tasks.kind', 'follow_up_tasks.completed_at', 'follow_up_tasks.completion_note', 'users.full_name'])
      .where('follow_up_tasks.patient_id', '=', patientId)
      .where('follow_up_tasks.organization_id', '=', user.organizationId)
      .where('follow_up_tasks.status', '=', 'done')
      .execute(),
    // Information given: services handed to the patient (printed, texted or e-mailed).
    db
      .selectFrom('information_given')
      .leftJoin('users', 'users.id', 'information_given.given_by')
      .select((eb) => [
        'information_given.id',
        'information_given.channel',
        'information_given.given_at',
        'users.full_name',
        eb
          .selectFrom('information_given_services')
          .select(sql<string[]>`array_agg(service_name ORDER BY position)`.as('names'))
          .whereRef('information_given_services.information_given_id', '=', 'information_given.id')
          .as('services'),
      ])
      .where('information_given.patient_id', '=', patientId)
      .where('information_given.organization_id', '=', user.organizationId)
      .execute(),
  ]);
  const patientNeeds: PatientNeed[] = needs.map((row) => ({
    id: row.id,
    category: row.category,
    categoryText: row.category_text,
    domain: row.domain,
    status: row.status as PatientNeed['status'],
    source: row.source as PatientNeed['source'],
    screeningId: row.screening_id,
    zCode: row.z_code,
    version: row.version,
    at: row.created_at.toISOString(),
  }));
  const timeline: TimelineEntry[] = [
    ...screenings.map((row) => {
      const domains = (row.result as { domains?: Array<{ result: string }> } | null)?.domains ?? [];
      return {
        kind: 'screening' as const,
        at: row.updated_at.toISOString(),
        id: row.id,
        instrument: row.instrument,
        status: row.status as 'draft' | 'submitted',
        mode: row.mode as 'staff' | 'self',
        positive: domains.filter((domain) => domain.result === 'positive').length,
        by: row.full_name,
        voided: row.voided_at !== null,
      };
    }),
    ...tasks.map((row) => ({
      kind: 'task' as const,
      at: row.completed_at!.toISOString(),
      id: row.id,
      task: row.kind,
      by: row.full_name,
      note: row.completion_note,
    })),
    ...patientNeeds.map((need) => ({
      kind: 'need' as const,
      at: need.at,
      id: need.id,
      category: need.category,
      categoryText: need.categoryText,
      status: need.status,
      source: need.source,
    })),
    ...referrals.map((row) => ({
      kind: 'referral' as const,
      at: row.updated_at.toISOString(),
      id: row.id,
      serviceName: row.service_name,
      receivingOrganization: row.name ?? '',
      status: row.status as ReferralStatus,
    })),
    ...handouts.map((row) => ({
      kind: 'information-given' as const,
      at: row.given_at.toISOString(),
      id: row.id,
      channel: row.channel as 'print' | 'email' | 'sms',
      services: row.services ?? [],
      by: row.full_name,
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const latest = screenings
    .filter((row) => row.status === 'submitted' && row.submitted_at)
    .sort((a, b) => b.submitted_at!.getTime() - a.submitted_at!.getTime())[0];
  const safetyAlert =
    (latest?.result as { safetyAlert?: boolean } | null | undefined)?.safetyAlert === true ||
    patientNeeds.some((need) => (need.status === 'proposed' || need.status === 'identified') && isSafetySensitive(need));
  return { needs: patientNeeds, timeline, safetyAlert };
}
