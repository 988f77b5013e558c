// app/screening/reference/ is the project's copy of the team's screener reference (every file but
// the source PDFs), so that the tests and the generator need nothing outside the checkout. Where
// the team's reference sits beside the checkout (../shared/screeners, on developers' machines and
// in CI), the copy must equal it file for file: a change there fails here until it is copied in.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const copy = path.resolve(__dirname, 'reference');
const team = path.resolve(__dirname, '../../../shared/screeners');

function files(root: string, skip: string[] = []): string[] {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .filter((file) => !skip.some((folder) => file.startsWith(`${folder}/`)))
    .sort();
}

describe.runIf(fs.existsSync(team))('the screener reference copy', () => {
  it('holds every file of the team reference, byte for byte, and nothing else', () => {
    const expected = files(team, ['sources']);
    expect(files(copy)).toEqual(expected);
    for (const file of expected) {
      expect(fs.readFileSync(path.join(copy, file)).equals(fs.readFileSync(path.join(team, file))), file).toBe(true);
    }
  });
});
