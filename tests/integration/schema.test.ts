import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codegenArgs } from '../../db/codegen';
import { createTestDatabase, type TestDatabase } from '../support/db';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('empty');
});
afterAll(() => database.drop());

it('db/schema.ts matches the migrated database (run `npm run db:types` after a migration)', async () => {
  const [command, ...args] = codegenArgs(database.url, 'db/schema.ts');
  const run = promisify(execFile);
  await expect(run('npx', [command, ...args, '--verify'])).resolves.toBeDefined();
}, 60_000);
