import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Database } from '../../db/pool.js';
import type { SessionUser } from '../auth/session.server.js';
import { log } from '../log.server.js';
import { requestContext, trackInRequest, withRequestContext } from '../request-context.server.js';

export type AuditAction =
  | 'read'
  | 'create'
  | 'update'
  | 'export'
  | 'download'
  | 'sign-in'
  | 'sign-in-failed'
  | 'sign-out'
  | 'refused';

export type AuditEntityType =
  | 'patient'
  | 'screening'
  | 'need'
  | 'consent'
  | 'referral'
  | 'patient-list'
  | 'caseload'
  | 'inbox'
  | 'self-screening-link'
  | 'session'
  | 'page'
  | 'audit-trail'
  | 'organization'
  | 'user'
  | 'invitation'
  | 'referral-message'
  | 'contact-attempt'
  | 'follow-up-task'
  | 'patient-merge'
  | 'information-given'
  | 'report';

export interface AuditEntry {
  /** The signed-in user; id null when a patient acted through a one-time link; null for nobody known (a failed sign-in of an unknown e-mail). */
  user: { id: SessionUser['id'] | null; organizationId: SessionUser['organizationId'] | null } | null;
  actor?: 'user' | 'patient-link' | 'anonymous';
  patientId: string | null;
  action: AuditAction;
  entityType: AuditEntityType;
  entityId?: string | null;
  requestId?: string;
}

/**
 * Appends to the audit trail; call it for every read or write of patient data. The client's
 * address, user agent and session come from the request context; the database chains each row
 * to the one before it (see db/migrations/0031_audit_chain.ts).
 */
export async function recordAudit(db: Database | Transaction<DB>, entries: AuditEntry | AuditEntry[]) {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const context = requestContext();
  await db
    .insertInto('audit_events')
    .values(
      list.map((entry) => ({
        user_id: entry.user?.id ?? null,
        actor: entry.actor ?? (entry.user?.id ? 'user' : 'anonymous'),
        organization_id: entry.user?.organizationId ?? null,
        patient_id: entry.patientId,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId ?? null,
        request_id: entry.requestId ?? context?.requestId ?? null,
        client_address: context?.clientAddress ?? null,
        user_agent: context?.userAgent ?? null,
        session_id: context?.sessionId ?? null,
      })),
    )
    .execute();
}

/**
 * Records, for the signed-in user, that a page or object was refused (a foreign or unknown id's
 * 404). Called where the 404 is thrown, so the write is kept with the request until it ends.
 */
export function recordRefusal(db: Database, path: string) {
  const context = requestContext();
  if (!context?.userId || !context.organizationId) return;
  const write = withRequestContext({}, () =>
    recordAudit(db, {
      user: { id: context.userId!, organizationId: context.organizationId! },
      patientId: null,
      action: 'refused',
      entityType: 'page',
      entityId: path.slice(0, 300),
    }),
  ).catch((error: unknown) => log('error', 'audit.refusal-failed', { requestId: context.requestId, code: (error as { code?: string }).code }));
  trackInRequest(write);
}
