/** Only a path on this site: a sign-in link must not bounce anyone to another one. */
export function safeRedirect(target: FormDataEntryValue | string | null): string | null {
  // Browsers drop tabs and newlines and read a backslash as a slash, so "/\t/evil.example" would leave the site.
  const hasControlCharacter = typeof target === 'string' && [...target].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);
  if (typeof target !== 'string' || !target.startsWith('/') || /[\s\\]/.test(target) || hasControlCharacter) return null;
  const base = 'http://careloop.invalid';
  const resolved = new URL(target, base);
  // Dot segments ("/.//", "/%2e//", "/a/../..//") can resolve to a path that starts with "//",
  // which a browser reads as another site's address.
  if (resolved.origin !== base || resolved.pathname.startsWith('//')) return null;
  return `${resolved.pathname}${resolved.search}`;
}
