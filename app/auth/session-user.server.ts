import type { Database } from '../../db/pool.js';
import type { SessionUser } from './session.server.js';

/** A user as a signed-in session sees them, for work done on their behalf outside a request (demo data, benchmarks). */
export async function sessionUserOf(db: Database, by: { id: string } | { email: string }): Promise<SessionUser> {
  const row = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.id', 'users.email', 'users.full_name', 'users.role', 'organizations.id as organization_id', 'organizations.name', 'organizations.kind', 'organizations.time_zone'])
    .$if('id' in by, (qb) => qb.where('users.id', '=', (by as { id: string }).id))
    .$if('email' in by, (qb) => qb.where('users.email', '=', (by as { email: string }).email))
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    role: row.role as SessionUser['role'],
    organizationId: row.organization_id,
    organizationName: row.name,
    organizationKind: row.kind as SessionUser['organizationKind'],
    organizationTimeZone: row.time_zone,
  };
}
