import { createHash } from 'node:crypto';

/**
 * The audit trail's hash chain, recomputed independently of the database's trigger
 * (db/migrations/0031_audit_chain.ts): the same canonical text, built here from the stored values.
 */
export interface ChainedAuditRow {
  id: string;
  chain: string;
  chainSeq: string;
  prevHash: string;
  rowHash: string;
  /** occurred_at in UTC as 'YYYY-MM-DDTHH:MM:SS.uuuuuuZ' (microseconds, as stored). */
  occurredAt: string;
  actor: string;
  userId: string | null;
  organizationId: string | null;
  patientId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  clientAddress: string | null;
  userAgent: string | null;
  sessionId: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

const field = (value: string | null) => (value === null ? '~' : `${Buffer.byteLength(value, 'utf8')}:${value}`);

export function canonicalText(row: ChainedAuditRow): string {
  return [
    row.chain, row.chainSeq, row.prevHash, row.id, row.occurredAt, row.actor, row.userId, row.organizationId, row.patientId,
    row.action, row.entityType, row.entityId, row.requestId, row.clientAddress, row.userAgent, row.sessionId,
  ]
    .map(field)
    .join('|');
}

export const rowHash = (row: ChainedAuditRow) => createHash('sha256').update(canonicalText(row), 'utf8').digest('hex');

export type ChainProblem =
  | { kind: 'altered'; row: ChainedAuditRow }
  | { kind: 'inserted'; row: ChainedAuditRow }
  | { kind: 'missing'; before: ChainedAuditRow | null; after: ChainedAuditRow | null; count: number };

/**
 * The first problem in one chain, given its rows in position order and its recorded head: a row
 * whose contents no longer match its hash (altered), a row that does not link to the one before it
 * or repeats a position (inserted), or a gap in the positions, at the end included (missing).
 */
export function firstChainProblem(rows: readonly ChainedAuditRow[], head: { seq: string; hash: string } | null): ChainProblem | null {
  let previous: ChainedAuditRow | null = null;
  let expectedSeq = 1n;
  for (const row of rows) {
    const seq = BigInt(row.chainSeq);
    if (seq > expectedSeq) return { kind: 'missing', before: previous, after: row, count: Number(seq - expectedSeq) };
    if (seq < expectedSeq) return { kind: 'inserted', row };
    if (rowHash(row) !== row.rowHash) return { kind: 'altered', row };
    if (row.prevHash !== (previous?.rowHash ?? GENESIS_HASH)) return { kind: 'inserted', row };
    previous = row;
    expectedSeq = seq + 1n;
  }
  if (head) {
    const headSeq = BigInt(head.seq);
    const lastSeq = expectedSeq - 1n;
    if (headSeq > lastSeq) return { kind: 'missing', before: previous, after: null, count: Number(headSeq - lastSeq) };
    // Rows past the recorded head were added without the trigger.
    if (headSeq < lastSeq) return { kind: 'inserted', row: rows.find((row) => BigInt(row.chainSeq) === headSeq + 1n)! };
    if (previous && head.hash !== previous.rowHash) return { kind: 'altered', row: previous };
  }
  return null;
}
