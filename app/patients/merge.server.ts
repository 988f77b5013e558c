// Two records of the same person, made in one organisation, become one: the survivor keeps its
// details (filling the gaps from the other) and takes over the other's screenings, needs,
// referrals, consents, tasks and links. The merged record stays, pointing at the survivor; its
// audit rows never change (the trail is append-only) and follow the survivor through patient_merges.
import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';

export type MergeResult =
  | { ok: true; survivorId: string; moved: Record<string, number> }
  | { ok: false; status: 400 | 404 | 409; message: string };

const MOVED_TABLES = ['screenings', 'needs', 'referrals', 'consents', 'follow_up_tasks', 'self_screening_links'] as const;

export async function mergePatients(
  db: Database,
  user: SessionUser,
  input: { survivorId: string; mergedId: string; survivorVersion: number; mergedVersion: number },
  requestId?: string,
): Promise<MergeResult> {
  if (input.survivorId === input.mergedId) return { ok: false, status: 400, message: 'Choose two different records.' };
  return db.transaction().execute(async (trx) => {
    // Both rows locked in id order, so two merges of the same pair cannot deadlock.
    const rows = await trx
      .selectFrom('patients')
      .selectAll()
      .where('id', 'in', [input.survivorId, input.mergedId])
      .where('organization_id', '=', user.organizationId)
      .where('merged_into_id', 'is', null)
      .orderBy('id')
      .forUpdate()
      .execute();
    const survivor = rows.find((row) => row.id === input.survivorId);
    const merged = rows.find((row) => row.id === input.mergedId);
    if (!survivor || !merged) return { ok: false, status: 404, message: 'Not found' } as const;
    if (survivor.version !== input.survivorVersion || merged.version !== input.mergedVersion) {
      return { ok: false, status: 409, message: 'One of these records changed while you were looking at them. Check both again before merging.' } as const;
    }
    const moved: Record<string, number> = {};
    for (const table of MOVED_TABLES) {
      const result = await trx.updateTable(table).set({ patient_id: survivor.id }).where('patient_id', '=', merged.id).executeTakeFirst();
      moved[table] = Number(result.numUpdatedRows);
    }
    await trx
      .updateTable('patients')
      .set({ merged_into_id: survivor.id, merged_at: sql`now()`, mrn: null, version: sql`version + 1`, updated_at: sql`now()` })
      .where('id', '=', merged.id)
      .execute();
    await trx
      .updateTable('patients')
      .set({
        mrn: survivor.mrn ?? merged.mrn,
        phone: survivor.phone ?? merged.phone,
        email: survivor.email ?? merged.email,
        address_line: survivor.address_line ?? merged.address_line,
        city: survivor.address_line ? survivor.city : merged.city,
        state: survivor.address_line ? survivor.state : merged.state,
        assigned_user_id: survivor.assigned_user_id ?? merged.assigned_user_id,
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', survivor.id)
      .execute();
    const merge = await trx
      .insertInto('patient_merges')
      .values({ organization_id: user.organizationId, survivor_id: survivor.id, merged_id: merged.id, merged_by: user.id, moved: JSON.stringify(moved) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, [
      { user, patientId: survivor.id, action: 'update', entityType: 'patient-merge', entityId: merge.id, requestId },
      { user, patientId: merged.id, action: 'update', entityType: 'patient-merge', entityId: merge.id, requestId },
    ]);
    return { ok: true, survivorId: survivor.id, moved } as const;
  });
}

/** The record a merged patient now lives in, for redirecting old links; undefined when it was not merged. */
export async function survivorOf(db: Database, user: SessionUser, patientId: string): Promise<string | undefined> {
  let current = patientId;
  // Merges can chain (A into B, then B into C).
  for (let hop = 0; hop < 10; hop++) {
    const row = await db
      .selectFrom('patients')
      .select('merged_into_id')
      .where('id', '=', current)
      .where('organization_id', '=', user.organizationId)
      .executeTakeFirst();
    if (!row?.merged_into_id) return current === patientId ? undefined : current;
    current = row.merged_into_id;
  }
  return current;
}

/** Every patient id whose audit trail is now this patient's: itself and the records merged into it. */
export async function auditTrailPatientIds(db: Database, patientId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    WITH RECURSIVE merged(id) AS (
      SELECT ${patientId}::uuid
      UNION SELECT patient_merges.merged_id FROM patient_merges JOIN merged ON patient_merges.survivor_id = merged.id
    )
    SELECT id FROM merged`.execute(db);
  return rows.map((row) => row.id);
}
