import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Database } from '../../db/pool.js';
import type { SessionUser } from '../auth/session.server.js';

export type AuditAction = 'read' | 'create' | 'update' | 'export';

export interface AuditEntry {
  /** The signed-in user; id null when a patient acted through a one-time link. */
  user: { id: SessionUser['id'] | null; organizationId: SessionUser['organizationId'] };
  actor?: 'user' | 'patient-link';
  patientId: string | null;
  action: AuditAction;
  entityType:
    | 'patient'
    | 'screening'
    | 'need'
    | 'consent'
    | 'referral'
    | 'patient-list'
    | 'caseload'
    | 'inbox'
    | 'self-screening-link'
    | 'referral-message'
    | 'contact-attempt'
    | 'follow-up-task'
    | 'patient-merge'
    | 'information-given'
    | 'report';
  entityId?: string | null;
  requestId?: string;
}

/** Appends to the audit trail; call it for every read or write of patient data. */
export async function recordAudit(db: Database | Transaction<DB>, entries: AuditEntry | AuditEntry[]) {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db
    .insertInto('audit_events')
    .values(
      list.map((entry) => ({
        user_id: entry.user.id,
        actor: entry.actor ?? 'user',
        organization_id: entry.user.organizationId,
        patient_id: entry.patientId,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId ?? null,
        request_id: entry.requestId ?? null,
      })),
    )
    .execute();
}
