import { data } from '@remix-run/node';
import type { Database } from '../../db/pool.js';
import { recordRefusal } from '../audit/audit.server.js';
import { getDb } from '../db.server.js';
import { requestContext } from '../request-context.server.js';
import { can, type Permission } from './roles.js';
import { requireUserSession, type UserSession } from './session.server.js';

/**
 * The signed-in user, if their role grants the permission. Which objects they may touch is
 * decided by each query, scoped to their organisation.
 */
export async function requireUserWithPermission(
  request: Request,
  permission: Permission,
  db: Database = getDb(),
): Promise<UserSession> {
  const session = await requireUserSession(request, db);
  if (!can(session.user.role, permission)) {
    const receiving = session.user.organizationKind === 'receiving';
    // A page of another kind of organisation does not exist for this user.
    const status = permission === 'work:inbox' || permission === 'admin:platform' || receiving ? 404 : 403;
    recordRefusal(getDb(), requestContext()?.path ?? '');
    throw data(
      { message: status === 404 ? 'Not found' : 'Your role does not give access to this page.' },
      { status, statusText: status === 404 ? 'Not found' : 'Forbidden' },
    );
  }
  return session;
}
