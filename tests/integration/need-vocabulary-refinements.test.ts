// The refined need vocabulary reaches a database migrated before it: entries as 0050 left them change, an
// admin's own edits stay, and every service is queued to be scored again, so the index follows by itself.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQueuedJobs } from '../../app/jobs/worker.server.js';
import { up } from '../../db/migrations/0052_need_vocabulary_refinements.js';
import { createPostgresSearchEngine } from '../../search/postgres.js';
import { reindexDirectory } from '../../search/sync.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let database: TestDatabase;

const weightOf = async (need: string, kind: string, value: string) =>
  (await database.db.selectFrom('need_vocabulary_entries').select('weight').where('need_category', '=', need).where('kind', '=', kind).where('value', '=', value).executeTakeFirst())?.weight;
const versionOf = async (need: string) =>
  (await database.db.selectFrom('need_vocabularies').select('version').where('need_category', '=', need).executeTakeFirstOrThrow()).version;
const scoreOf = async (serviceId: string, need: string) =>
  (await database.db.selectFrom('search_service_needs').select('relevance').where('service_id', '=', serviceId).where('need_category', '=', need).executeTakeFirst())?.relevance;

beforeAll(async () => {
  database = await createTestDatabase('demo');
});
afterAll(async () => {
  await database.drop();
});

describe('the refined need vocabulary', () => {
  it('is in a new database, each changed need a version further', async () => {
    expect(await weightOf('material-hardship', 'phrase', 'clothing vouchers')).toBeCloseTo(0.9);
    expect(await weightOf('material-hardship', 'taxonomy_term', 'Baby Clothing/Diaper Donation Programs')).toBeCloseTo(0.7);
    expect(await weightOf('transportation-insecurity', 'exclude', 'transportation system complaints')).toBeUndefined();
    expect(await versionOf('material-hardship')).toBe(2);
    expect(await versionOf('housing-instability')).toBe(1);
  });

  it('reaches a database migrated before it, keeps what admins edited, and re-scores every service', async () => {
    const { db } = database;
    // The vocabulary as 0050 left it for one entry, an admin's own weight for another, a new entry an admin removed.
    const term = 'Baby Clothing/Diaper Donation Programs';
    await db.updateTable('need_vocabulary_entries').set({ weight: 1 }).where('need_category', '=', 'material-hardship').where('value', '=', term).execute();
    await db.updateTable('need_vocabulary_entries').set({ weight: 0.3 }).where('need_category', '=', 'intimate-partner-violence').where('value', '=', 'Sexual Assault Issues').execute();
    await db.deleteFrom('need_vocabulary_entries').where('need_category', '=', 'food-insecurity').where('value', '=', 'food distribution').execute();
    const engine = createPostgresSearchEngine(db);
    await reindexDirectory(db, engine);
    const filed = await db
      .selectFrom('hsds_attributes as a')
      .innerJoin('hsds_taxonomy_terms as t', 't.id', 'a.taxonomy_term_id')
      .select('a.link_id')
      .where('t.name', '=', term)
      .executeTakeFirstOrThrow();
    const serviceId = filed.link_id!;
    const before = (await scoreOf(serviceId, 'material-hardship'))!;
    const versions = { material: await versionOf('material-hardship'), housing: await versionOf('housing-instability') };

    await db.transaction().execute((trx) => up(trx));

    expect(await weightOf('material-hardship', 'taxonomy_term', term)).toBeCloseTo(0.7);
    expect(await weightOf('intimate-partner-violence', 'taxonomy_term', 'Sexual Assault Issues')).toBeCloseTo(0.3);
    // Entries that are missing are added again: a need an admin edited still gains the new phrases.
    expect(await weightOf('food-insecurity', 'phrase', 'food distribution')).toBe(1);
    expect(await versionOf('material-hardship')).toBe(versions.material + 1);
    expect(await versionOf('housing-instability')).toBe(versions.housing);

    const { rows: jobs } = await sql<{ payload: { serviceIds: string[] } }>`
      SELECT j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = 'search.sync-services'`.execute(db);
    const queued = new Set(jobs.flatMap((job) => job.payload.serviceIds));
    const services = await db.selectFrom('hsds_services').select('id').execute();
    expect(queued.size).toBe(services.length);
    expect(Math.max(...jobs.map((job) => job.payload.serviceIds.length))).toBeLessThanOrEqual(500);

    await runQueuedJobs({ db }, ['search.sync-services']);
    expect(await scoreOf(serviceId, 'material-hardship')).toBeLessThan(before);
  });

  it('changes nothing, and queues nothing, when run again', async () => {
    const { db } = database;
    const version = await versionOf('material-hardship');
    await db.transaction().execute((trx) => up(trx));
    expect(await versionOf('material-hardship')).toBe(version);
    const { rows } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM graphile_worker.jobs WHERE task_identifier = 'search.sync-services'`.execute(db);
    expect(rows[0].count).toBe(0);
  });
});
