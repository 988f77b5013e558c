import { sql } from 'kysely';
import type { Database } from '../../db/pool.js';
import { firstChainProblem, type ChainProblem, type ChainedAuditRow } from './chain.js';

const BATCH = 5_000;

export type VerifyResult =
  | { ok: true; rows: number; chains: number }
  | { ok: false; chain: string; chainName: string; problem: ChainProblem; rows: number };

/**
 * Walks every chain of the audit trail in position order and recomputes it. Needs a role that
 * reads every organisation's rows and the chain heads: the platform role.
 */
export async function verifyAuditTrail(db: Database): Promise<VerifyResult> {
  const heads = await sql<{ chain: string; seq: string; hash: string; name: string | null }>`
    SELECT h.chain, h.seq::text AS seq, h.hash, o.name
      FROM audit_chain_heads h LEFT JOIN organizations o ON o.id::text = h.chain
     ORDER BY h.chain`.execute(db);
  const chainsWithRows = await sql<{ chain: string }>`SELECT DISTINCT chain FROM audit_events`.execute(db);
  const names = new Map(heads.rows.map((head) => [head.chain, head.name ?? (head.chain === 'platform' ? 'the platform' : head.chain)]));
  const chains = [...new Set([...heads.rows.map((head) => head.chain), ...chainsWithRows.rows.map((row) => row.chain)])].sort();
  let total = 0;
  for (const chain of chains) {
    const rows = await chainRows(db, chain);
    total += rows.length;
    const head = heads.rows.find((candidate) => candidate.chain === chain) ?? null;
    const problem = firstChainProblem(rows, head);
    if (problem) return { ok: false, chain, chainName: names.get(chain) ?? chain, problem, rows: total };
  }
  return { ok: true, rows: total, chains: chains.length };
}

async function chainRows(db: Database, chain: string): Promise<ChainedAuditRow[]> {
  const rows: ChainedAuditRow[] = [];
  let after = -1n;
  for (;;) {
    const batch = await sql<ChainedAuditRow>`
      SELECT id::text AS id, chain, chain_seq::text AS "chainSeq", prev_hash AS "prevHash", row_hash AS "rowHash",
             to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
             actor, user_id::text AS "userId", organization_id::text AS "organizationId", patient_id::text AS "patientId",
             action, entity_type AS "entityType", entity_id AS "entityId", request_id AS "requestId",
             client_address AS "clientAddress", user_agent AS "userAgent", session_id AS "sessionId"
        FROM audit_events
       WHERE chain = ${chain} AND chain_seq > ${after.toString()}::bigint
       ORDER BY chain_seq, id
       LIMIT ${BATCH}`.execute(db);
    rows.push(...batch.rows);
    if (batch.rows.length < BATCH) return rows;
    after = BigInt(batch.rows[batch.rows.length - 1].chainSeq);
  }
}

/** One sentence for the person who ran the check. */
export function describeResult(result: VerifyResult): string {
  if (result.ok) {
    return `The audit trail is intact: ${result.rows.toLocaleString('en-US')} rows in ${result.chains} ${result.chains === 1 ? 'chain' : 'chains'}.`;
  }
  const { problem, chainName } = result;
  const where = (row: ChainedAuditRow) => `row ${row.id} (position ${row.chainSeq}, ${row.occurredAt})`;
  switch (problem.kind) {
    case 'altered':
      return `The audit trail of ${chainName} was altered: ${where(problem.row)} no longer matches its hash.`;
    case 'inserted':
      return `A row was inserted into the audit trail of ${chainName}: ${where(problem.row)} does not follow the row before it.`;
    case 'missing': {
      const rows = problem.count === 1 ? '1 row is' : `${problem.count} rows are`;
      const place = problem.after ? `before ${where(problem.after)}` : problem.before ? `after ${where(problem.before)}, at the end` : 'from the start';
      return `The audit trail of ${chainName} is missing rows: ${rows} missing ${place}.`;
    }
  }
}
