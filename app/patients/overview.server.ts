import type { Database } from '../../db/pool.js';
import type { SessionUser } from '../auth/session.server.js';
import type { ScreeningResult } from '../screening/instrument.js';
import type { ReferralStatus } from '../referrals/lifecycle.js';

export interface PatientOverview {
  screenings: Array<{ id: string; instrument: string; result: ScreeningResult; at: string; by: string }>;
  needs: Array<{ id: string; category: string; status: string; at: string }>;
  referrals: Array<{ id: string; needId: string; serviceName: string; receivingOrganization: string; status: ReferralStatus; updatedAt: string }>;
}

/** Screenings, needs and referrals of a patient the caller has already loaded (and audited). */
export async function getPatientOverview(db: Database, user: SessionUser, patientId: string): Promise<PatientOverview> {
  const [screenings, needs, referrals] = await Promise.all([
    db
      .selectFrom('screenings')
      .innerJoin('users', 'users.id', 'screenings.administered_by')
      .select(['screenings.id', 'screenings.instrument', 'screenings.result', 'screenings.created_at', 'users.full_name'])
      .where('screenings.patient_id', '=', patientId)
      .where('screenings.organization_id', '=', user.organizationId)
      .orderBy('screenings.created_at', 'desc')
      .execute(),
    db
      .selectFrom('needs')
      .select(['id', 'category', 'status', 'created_at'])
      .where('patient_id', '=', patientId)
      .where('organization_id', '=', user.organizationId)
      .orderBy('created_at', 'desc')
      .execute(),
    db
      .selectFrom('referrals')
      .innerJoin('organizations', 'organizations.id', 'referrals.receiving_organization_id')
      .select(['referrals.id', 'referrals.need_id', 'referrals.service_name', 'referrals.status', 'referrals.updated_at', 'organizations.name'])
      .where('referrals.patient_id', '=', patientId)
      .where('referrals.organization_id', '=', user.organizationId)
      .orderBy('referrals.updated_at', 'desc')
      .execute(),
  ]);
  return {
    screenings: screenings.map((row) => ({
      id: row.id,
      instrument: row.instrument,
      result: row.result as unknown as ScreeningResult,
      at: row.created_at.toISOString(),
      by: row.full_name,
    })),
    needs: needs.map((row) => ({ id: row.id, category: row.category, status: row.status, at: row.created_at.toISOString() })),
    referrals: referrals.map((row) => ({
      id: row.id,
      needId: row.need_id,
      serviceName: row.service_name,
      receivingOrganization: row.name,
      status: row.status as ReferralStatus,
      updatedAt: row.updated_at.toISOString(),
    })),
  };
}
