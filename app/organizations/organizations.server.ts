import type { Database } from '../../db/pool.js';

export interface OrganizationSummary {
  id: string;
  name: string;
  kind: string;
  users: number;
}

/** Every organisation with its number of users, for the platform admin. */
export async function listOrganizations(db: Database): Promise<OrganizationSummary[]> {
  const rows = await db
    .selectFrom('organizations')
    .leftJoin('users', 'users.organization_id', 'organizations.id')
    .select((eb) => ['organizations.id', 'organizations.name', 'organizations.kind', eb.fn.count<number>('users.id').as('users')])
    .groupBy('organizations.id')
    .orderBy('organizations.kind')
    .orderBy('organizations.name')
    .execute();
  return rows.map((row) => ({ ...row, users: Number(row.users) }));
}

export async function countDirectoryServices(db: Database): Promise<number> {
  const row = await db.selectFrom('hsds_services').select((eb) => eb.fn.countAll<number>().as('services')).executeTakeFirstOrThrow();
  return Number(row.services);
}

/** Directory organisations no CareLoop organisation is linked to yet, by name. */
export async function unlinkedDirectoryOrganizations(db: Database): Promise<Array<{ id: string; name: string }>> {
  return db
    .selectFrom('hsds_organizations')
    .leftJoin('organizations', 'organizations.hsds_organization_id', 'hsds_organizations.id')
    .select(['hsds_organizations.id', 'hsds_organizations.name'])
    .where('organizations.id', 'is', null)
    .orderBy('hsds_organizations.name')
    .execute();
}
