import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalText, firstChainProblem, rowHash, type ChainedAuditRow } from './chain';

function chain(length: number): ChainedAuditRow[] {
  const rows: ChainedAuditRow[] = [];
  for (let index = 0; index < length; index++) {
    const row: ChainedAuditRow = {
      id: String(100 + index),
      chain: 'org-a',
      chainSeq: String(index + 1),
      prevHash: rows[index - 1]?.rowHash ?? GENESIS_HASH,
      rowHash: '',
      occurredAt: `2026-12-01T10:00:0${index}.123456Z`,
      actor: 'user',
      userId: 'user-1',
      organizationId: 'org-a',
      patientId: index % 2 ? 'patient-1' : null,
      action: 'read',
      entityType: 'patient',
      entityId: 'patient-1',
      requestId: null,
      clientAddress: '192.0.2.1',
      userAgent: 'Navegador «ñ» 🦊',
      sessionId: null,
    };
    row.rowHash = rowHash(row);
    rows.push(row);
  }
  return rows;
}

const rehash = (row: ChainedAuditRow) => ({ ...row, rowHash: rowHash(row) });

describe('the audit hash chain', () => {
  it('encodes each field by its length in bytes, so no value can pass for two', () => {
    const [row] = chain(1);
    expect(canonicalText({ ...row, entityId: 'a|b' })).not.toBe(canonicalText({ ...row, entityId: 'a', requestId: 'b' }));
    expect(canonicalText(row)).toContain('|~|');
    expect(canonicalText(row)).toContain(`${Buffer.byteLength(row.userAgent!)}:${row.userAgent}`);
  });

  it('finds nothing wrong with an intact chain', () => {
    const rows = chain(5);
    expect(firstChainProblem(rows, { seq: '5', hash: rows[4].rowHash })).toBeNull();
  });

  it('finds an altered row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], action: 'export' };
    expect(firstChainProblem(rows, { seq: '5', hash: rows[4].rowHash })).toMatchObject({ kind: 'altered', row: { id: '102' } });
  });

  it('finds an altered row even when its hash was recomputed: the next row no longer links to it', () => {
    const rows = chain(5);
    rows[2] = rehash({ ...rows[2], action: 'export' });
    expect(firstChainProblem(rows, { seq: '5', hash: rows[4].rowHash })).toMatchObject({ kind: 'inserted', row: { id: '103' } });
  });

  it('finds a missing row in the middle and at the end', () => {
    const rows = chain(5);
    expect(firstChainProblem([...rows.slice(0, 2), ...rows.slice(3)], { seq: '5', hash: rows[4].rowHash })).toMatchObject({
      kind: 'missing',
      before: { id: '101' },
      after: { id: '103' },
      count: 1,
    });
    expect(firstChainProblem(rows.slice(0, 3), { seq: '5', hash: rows[4].rowHash })).toMatchObject({ kind: 'missing', before: { id: '102' }, after: null, count: 2 });
  });

  it('finds an inserted row: a repeated position, or one appended past the recorded head', () => {
    const rows = chain(3);
    const forged = rehash({ ...rows[1], id: '999', entityId: 'someone-else' });
    expect(firstChainProblem([rows[0], rows[1], forged, rows[2]], { seq: '3', hash: rows[2].rowHash })).toMatchObject({ kind: 'inserted', row: { id: '999' } });
    const appended = rehash({ ...rows[2], id: '1000', chainSeq: '4', prevHash: rows[2].rowHash });
    expect(firstChainProblem([...rows, appended], { seq: '3', hash: rows[2].rowHash })).toMatchObject({ kind: 'inserted', row: { id: '1000' } });
  });
});
