// Regenerates db/schema.ts from a freshly migrated database (`npm run db:types`).
// tests/integration/schema.test.ts fails when the committed file is stale.
import { execFileSync } from 'node:child_process';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { codegenArgs } from '../db/codegen.js';
import { migrateToLatest } from '../db/migrate.js';
import { ensureRoles, roleUrls } from '../db/roles.js';
import { ownerDatabase, recreateDatabase } from '../tests/support/templates.js';

const server = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: '.data/types-postgres', fast: true });
const adminUrl = process.env.DATABASE_URL ?? server!.url;
await ensureRoles(adminUrl);
await recreateDatabase(adminUrl, 'careloop_schema_types');
const url = roleUrls(adminUrl, 'careloop_schema_types').owner;
const db = ownerDatabase(adminUrl, 'careloop_schema_types');
await migrateToLatest(db);
await db.destroy();
execFileSync('npx', codegenArgs(url, 'db/schema.ts'), { stdio: 'inherit' });
await server?.stop();
