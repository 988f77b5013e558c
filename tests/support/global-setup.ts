import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../db/embedded.js';
import { buildIfNeeded } from '../../scripts/http-app.js';
import { prepareTemplates } from './templates.js';

let server: EmbeddedServer | undefined;

export default async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    server = await startEmbeddedPostgres({ dataDir: '.data/test-postgres', fast: true });
    adminUrl = server.url;
  }
  await prepareTemplates(adminUrl);
  // Tests that start the real server (tests/support/server.ts) need a current production build.
  buildIfNeeded();
  project.provide('adminDatabaseUrl', adminUrl);
  return async () => {
    await server?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}
