// Directories record a language as ISO 639-1 where it has one and ISO 639-3 otherwise (Cantonese is
// `yue`, Mandarin `cmn`), while a patient's preference is usually the ISO 639-1 macrolanguage.
const MACROLANGUAGE_MEMBERS: Record<string, string[]> = {
  zh: ['zho', 'chi', 'yue', 'cmn', 'wuu', 'hak', 'nan', 'hsn', 'gan'],
  ar: ['ara', 'arb', 'apc', 'arz', 'ary'],
  fa: ['fas', 'per', 'pes', 'prs'],
  tl: ['tgl', 'fil'],
  ms: ['msa', 'may', 'zsm'],
  no: ['nor', 'nob', 'nno', 'nb', 'nn'],
  sw: ['swa', 'swh'],
};

/** The language codes a service may list that serve a person asking for `code`. */
export function languageCodesMatching(code: string): string[] {
  const wanted = code.trim().toLowerCase();
  const codes = new Set([wanted]);
  for (const [macrolanguage, members] of Object.entries(MACROLANGUAGE_MEMBERS)) {
    if (wanted === macrolanguage) for (const member of members) codes.add(member);
    // A service listing only "Chinese" is still a fair match for a Cantonese speaker; a Mandarin-only one is not.
    if (members.includes(wanted)) codes.add(macrolanguage);
  }
  return [...codes].sort();
}
