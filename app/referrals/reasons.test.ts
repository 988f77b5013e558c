import { describe, expect, it } from 'vitest';
import { checkReason, reasonLabel, reasonsOfKind, type ReasonCode } from './reasons';

const valueSet: ReasonCode[] = [
  { kind: 'decline', code: 'at-capacity', label: { en: 'At capacity', es: 'Sin cupo' }, needsText: false, retired: false },
  { kind: 'decline', code: 'other', label: { en: 'Other reason', es: 'Otro motivo' }, needsText: true, retired: false },
  { kind: 'decline', code: 'full', label: { en: 'Full', es: 'Lleno' }, needsText: false, retired: true },
  { kind: 'failure', code: 'unable-to-contact', label: { en: 'Unable to contact', es: 'No se pudo contactar' }, needsText: false, retired: false },
];

describe('coded reasons', () => {
  it('accepts a current code of the right value set', () => {
    expect(checkReason(valueSet, 'decline', 'at-capacity', '')).toEqual({ ok: true });
  });

  it('refuses a code of another value set, an unknown code and a retired one', () => {
    expect(checkReason(valueSet, 'decline', 'unable-to-contact', '')).toMatchObject({ ok: false, field: 'reasonCode' });
    expect(checkReason(valueSet, 'decline', 'made-up', '')).toMatchObject({ ok: false, field: 'reasonCode' });
    expect(checkReason(valueSet, 'decline', 'full', '')).toMatchObject({ ok: false, field: 'reasonCode' });
  });

  it('asks for words with "other"', () => {
    expect(checkReason(valueSet, 'decline', 'other', '  ')).toMatchObject({ ok: false, field: 'reason' });
    expect(checkReason(valueSet, 'decline', 'other', 'Closed for renovation')).toEqual({ ok: true });
  });

  it('offers only current codes, and still labels retired ones in the page language', () => {
    expect(reasonsOfKind(valueSet, 'decline').map((reason) => reason.code)).toEqual(['at-capacity', 'other']);
    expect(reasonLabel(valueSet, 'decline', 'full', 'es')).toBe('Lleno');
    expect(reasonLabel(valueSet, 'decline', 'gone', 'en')).toBe('gone');
    expect(reasonLabel(valueSet, null, null, 'en')).toBeNull();
  });
});
