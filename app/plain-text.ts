// Control characters (a NUL byte, say) are never part of what a person means to type; tabs and
// line breaks are.
const isControl = (code: number) => (code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127;

export function hasControlCharacters(value: string): boolean {
  for (let index = 0; index < value.length; index++) if (isControl(value.charCodeAt(index))) return true;
  return false;
}

export function withoutControlCharacters(value: string): string {
  return [...value].filter((char) => !isControl(char.charCodeAt(0))).join('');
}
