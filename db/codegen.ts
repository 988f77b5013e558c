/** kysely-codegen arguments that produce db/schema.ts from a migrated database. */
export function codegenArgs(url: string, outFile: string): string[] {
  return [
    'kysely-codegen', '--dialect', 'postgres', '--url', url, '--out-file', outFile,
    '--date-parser', 'string', '--include-pattern', 'public.*', '--exclude-pattern', 'public.kysely_*', '--log-level', 'error',
  ];
}
