import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

// zxcvbn's bundled dictionaries: common passwords (about 50,000), English words and names.
const COMMON_PASSWORDS = new Set((common.dictionary['passwords-common'] as string[]).map((word) => word.toLowerCase()));
let estimator: ZxcvbnFactory | undefined;
const zxcvbn = () =>
  (estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  }));

/** Strength 3 of 4: "safely unguessable" against an online attack slowed down as sign-in is. */
const MIN_SCORE = 3;

/**
 * Why a new password may not be used, or null when it may: a known common password, one built on
 * the person's own name or e-mail address, or one the estimator can guess.
 */
export function passwordWeakness(password: string, personal: string[] = []): string | null {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'This password is on a list of common passwords; choose another.';
  const words = personal.flatMap((value) => value.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((word) => word.length >= 4);
  if (words.some((word) => lower.includes(word))) return 'Do not build your password from your name or e-mail address.';
  if (zxcvbn().check(password).score < MIN_SCORE) return 'This password is too easy to guess. A few unrelated words together make a strong one.';
  return null;
}
