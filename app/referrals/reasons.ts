// Coded reasons and outcomes. The value sets themselves are data (the reason_codes table, labels in
// English and Spanish); this module holds the rules about them. Pure: no I/O.
import type { Locale } from '../i18n/i18n.js';

export const REASON_KINDS = ['decline', 'cancel', 'on-hold', 'failure', 'delivered', 'follow-up', 'need-resolution'] as const;
export type ReasonKind = (typeof REASON_KINDS)[number];

export interface ReasonCode {
  kind: ReasonKind;
  code: string;
  label: Record<Locale, string>;
  /** The coded choice needs a sentence of explanation ("Other reason"). */
  needsText: boolean;
  /** No longer offered; still labels the rows that carry it. */
  retired: boolean;
}

export type ReasonCheck = { ok: true } | { ok: false; field: 'reasonCode' | 'reason'; message: string };

/** Whether `code` is a current entry of the value set `kind`, with the explanation it needs. */
export function checkReason(valueSet: readonly ReasonCode[], kind: ReasonKind, code: string, text: string): ReasonCheck {
  const entry = valueSet.find((reason) => reason.kind === kind && reason.code === code && !reason.retired);
  if (!entry) return { ok: false, field: 'reasonCode', message: 'Choose a reason from the list.' };
  if (entry.needsText && !text.trim()) return { ok: false, field: 'reason', message: 'Say in a few words what happened.' };
  return { ok: true };
}

export function reasonsOfKind(valueSet: readonly ReasonCode[], kind: ReasonKind): ReasonCode[] {
  return valueSet.filter((reason) => reason.kind === kind && !reason.retired);
}

/** The label of a coded reason in the page's language; the code itself when the value set no longer has it. */
export function reasonLabel(valueSet: readonly ReasonCode[], kind: string | null, code: string | null, locale: Locale): string | null {
  if (!kind || !code) return null;
  const entry = valueSet.find((reason) => reason.kind === kind && reason.code === code);
  return entry ? entry.label[locale] : code;
}
