import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/pool.js';
import type { DB } from '../../db/schema.js';
import { oneLineAddress } from '../../search/documents.js';
import { isUuid } from '../ids.js';
import { effectiveCapacity, type CapacityStatus } from './capacity.js';


export interface ServiceForReferral {
  serviceId: string;
  serviceName: string;
  organizationName: string;
  hsdsOrganizationId: string;
  address: string | null;
  /** The CareLoop organisation that receives referrals for this service; null when it does not use CareLoop. */
  receivingOrganizationId: string | null;
  capacityStatus: CapacityStatus;
  capacityNote: string | null;
  capacityUntil: string | null;
}

/** A directory service as a referral needs it; undefined when there is no such service (or the id is not a UUID). */
export async function getServiceForReferral(
  db: Database | Transaction<DB>,
  serviceId: string,
): Promise<ServiceForReferral | undefined> {
  if (!isUuid(serviceId)) return undefined;
  const { rows } = await sql<{
    service_id: string;
    service_name: string;
    organization_id: string;
    organization_name: string;
    receiving_organization_id: string | null;
    capacity_status: string;
    capacity_note: string | null;
    capacity_until: string | null;
    address_1: string | null;
    address_2: string | null;
    city: string | null;
    state_province: string | null;
    postal_code: string | null;
  }>`
    SELECT s.id AS service_id, s.name AS service_name, o.id AS organization_id, o.name AS organization_name,
      receiving.id AS receiving_organization_id, s.capacity_status, s.capacity_note, s.capacity_until,
      a.address_1, a.address_2, a.city, a.state_province, a.postal_code
    FROM hsds_services s
    JOIN hsds_organizations o ON o.id = s.organization_id
    LEFT JOIN organizations receiving ON receiving.hsds_organization_id = o.id AND receiving.kind = 'receiving'
    LEFT JOIN LATERAL (
      SELECT addr.* FROM hsds_service_at_location sal JOIN hsds_addresses addr ON addr.location_id = sal.location_id
      WHERE sal.service_id = s.id
      ORDER BY (addr.address_type = 'physical') DESC, sal.id, addr.id
      LIMIT 1
    ) a ON true
    WHERE s.id = ${serviceId}::uuid`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  return {
    serviceId: row.service_id,
    serviceName: row.service_name,
    organizationName: row.organization_name,
    hsdsOrganizationId: row.organization_id,
    address: oneLineAddress(row),
    receivingOrganizationId: row.receiving_organization_id,
    capacityStatus: effectiveCapacity(row.capacity_status, row.capacity_until, new Date().toISOString().slice(0, 10)),
    capacityNote: row.capacity_note,
    capacityUntil: row.capacity_until,
  };
}

/** CareLoop organisations that receive referrals through CareLoop, keyed by their HSDS organisation id. */
export async function receivingOrganizationsByHsdsId(
  db: Database | Transaction<DB>,
  hsdsOrganizationIds: string[],
): Promise<Map<string, string>> {
  const ids = [...new Set(hsdsOrganizationIds.filter(isUuid))];
  if (ids.length === 0) return new Map();
  return portalOrganizations(db, ids);
}

/**
 * CareLoop organisations that receive referrals, keyed by their HSDS organisation id: all of them,
 * or those of the given HSDS organisations. The one definition of "on CareLoop".
 */
export async function portalOrganizations(db: Database | Transaction<DB>, hsdsOrganizationIds?: string[]): Promise<Map<string, string>> {
  let query = db.selectFrom('organizations').select(['id', 'hsds_organization_id']).where('kind', '=', 'receiving').where('hsds_organization_id', 'is not', null);
  if (hsdsOrganizationIds) query = query.where('hsds_organization_id', 'in', hsdsOrganizationIds);
  const rows = await query.execute();
  return new Map(rows.map((row) => [row.hsds_organization_id!, row.id]));
}
