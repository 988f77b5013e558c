// How a patient reaches a service that is not on CareLoop: its phone numbers, address, hours, web
// site and e-mail as the directory has them (public directory data, no patient data).
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { oneLineAddress } from '../../search/documents.js';

export interface ServiceContact {
  organizationName: string;
  serviceName: string;
  phones: Array<{ number: string; description: string | null }>;
  address: string | null;
  hours: string[];
  url: string | null;
  email: string | null;
  applicationProcess: string | null;
}

export async function getServiceContact(db: Database, serviceId: string): Promise<ServiceContact | null> {
  const service = await db
    .selectFrom('hsds_services')
    .innerJoin('hsds_organizations', 'hsds_organizations.id', 'hsds_services.organization_id')
    .select(['hsds_services.id', 'hsds_services.name', 'hsds_services.url', 'hsds_services.email', 'hsds_services.application_process', 'hsds_organizations.id as organization_id', 'hsds_organizations.name as organization_name'])
    .where('hsds_services.id', '=', serviceId)
    .executeTakeFirst();
  if (!service) return null;
  const [phones, addresses, schedules] = await Promise.all([
    db
      .selectFrom('hsds_phones')
      .select(['number', 'description'])
      .where((eb) => eb.or([eb('service_id', '=', service.id), eb('organization_id', '=', service.organization_id)]))
      .orderBy(sql`service_id IS NULL`)
      .orderBy('id')
      .limit(3)
      .execute(),
    db
      .selectFrom('hsds_service_at_location')
      .innerJoin('hsds_addresses', 'hsds_addresses.location_id', 'hsds_service_at_location.location_id')
      .select(['hsds_addresses.address_1', 'hsds_addresses.address_2', 'hsds_addresses.city', 'hsds_addresses.state_province', 'hsds_addresses.postal_code'])
      .where('hsds_service_at_location.service_id', '=', service.id)
      .orderBy(sql`hsds_addresses.address_type = 'physical'`, 'desc')
      .limit(1)
      .execute(),
    db.selectFrom('hsds_schedules').select('description').where('service_id', '=', service.id).where('description', 'is not', null).limit(3).execute(),
  ]);
  return {
    organizationName: service.organization_name,
    serviceName: service.name,
    phones: phones.map((phone) => ({ number: phone.number, description: phone.description })),
    address: addresses[0] ? oneLineAddress(addresses[0]) : null,
    hours: schedules.map((schedule) => schedule.description!).filter(Boolean),
    url: service.url,
    email: service.email,
    applicationProcess: service.application_process,
  };
}
