// The report pages and downloads as each role gets them, over the demo's generated year.
import { randomUUID } from 'node:crypto';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as dashboard from '../../app/routes/reports._index';
import * as funnelPage from '../../app/routes/reports.funnel';
import * as interventionPage from '../../app/routes/reports.intervention';
import * as outcomesPage from '../../app/routes/reports.outcomes';
import * as rowExport from '../../app/routes/reports.referrals[.]csv';
import * as screeningPage from '../../app/routes/reports.screening';
import { refreshSnapshots } from '../../app/reports/figures.server';
import { refreshReportFacts } from '../../app/reports/refresh.server';
import { runQueuedJobs } from '../../app/jobs/worker.server';
import { createDatabase } from '../../db/pool';
import { runInRequestContext, settleRequestContext } from '../../app/request-context.server';
import { scoreScreening } from '../../app/screening/scoring';
import { generateDemoHistory } from '../../db/report-history';
import { call, getRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';

let database: TestDatabase;
let manager: Actor;
let worker: Actor;
let cbo: Actor;
let admin: Actor;
let platform: Actor;
const YEAR = 'period=last-12-months';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
// The whole generated history (it reaches a year back; the named periods start on the 1st).
const ALL = `period=custom&from=${day(-800)}&to=${day(1)}`;

/** A download as the server answers it: in the request's context (the organisation row-level security reads), the Response as it is. */
async function csvOf(handler: (args: LoaderFunctionArgs) => Promise<unknown>, path: string, actor: Actor) {
  const context = { requestId: randomUUID(), path: `GET ${path.split('?')[0]}`, clientAddress: '192.0.2.1', userAgent: 'CareLoop tests' };
  // The body streams while the request lasts, as the server sends it.
  const { response, text } = await runInRequestContext(context, async () => {
    try {
      const answer = await handler({ request: getRequest(path, actor), params: {}, context: {} } as never);
      expect(answer).toBeInstanceOf(Response);
      return { response: answer as Response, text: await (answer as Response).text() };
    } finally {
      await settleRequestContext();
    }
  });
  return { response, rows: parse(text) as string[][] };
}

beforeAll(async () => {
  database = await useAppDatabase();
  await generateDemoHistory(database.db);
  await refreshReportFacts(database.db, { mode: 'full' });
  manager = await signInAs(database, 'casey.lee@clinic.example');
  worker = await signInAs(database, 'sam.rivera@clinic.example');
  cbo = await signInAs(database, 'dee.johnson@bayviewmission.example');
  admin = await signInAs(database, 'alex.kim@clinic.example');
  platform = await signInAs(database, 'admin@careloop.example');
});

afterAll(async () => {
  await database?.drop();
});

describe('the generated history', () => {
  it('stores screenings whose results are what the scoring rules give for their answers', async () => {
    const rows = await database.db.selectFrom('screenings').select(['answers', 'result']).limit(20).execute();
    expect(rows.length).toBe(20);
    for (const row of rows) expect(row.result).toEqual(JSON.parse(JSON.stringify(scoreScreening('ahc-hrsn', row.answers as never))));
  });

  it('the facts hold every referral, each closed with its timeline', async () => {
    const facts = await sql<{ count: number; open: number }>`
      SELECT count(*)::int AS count, count(*) FILTER (WHERE closed_at IS NULL)::int AS open FROM report_referral_facts`.execute(database.db);
    expect(facts.rows[0]).toEqual({ count: 260, open: 0 });
  });
});

describe('report pages', () => {
  it("a case manager's funnel: the CSV of a table has the same cells as the page", async () => {
    const page = await call(funnelPage.loader, getRequest(`/reports/funnel?${YEAR}&need=food`, manager));
    expect(page.status).toBe(200);
    const table = page.data.tables.find((t: { id: string }) => t.id === 'funnel');
    const sent = table.rows[0][1];
    expect(sent).toBeGreaterThan(0);
    const { response, rows } = await csvOf(funnelPage.loader, `/reports/funnel?${YEAR}&need=food&format=csv&table=funnel`, manager);
    expect(response.headers.get('Content-Type')).toContain('text/csv');
    expect(response.headers.get('Content-Disposition')).toMatch(/careloop-funnel-funnel-.*-food\.csv/);
    expect(rows[0]).toEqual(['Stage', 'Referrals', 'Share of sent (%)']);
    expect(rows.slice(1).map((row) => Number(row[1]))).toEqual(table.rows.map((row: unknown[]) => row[1]));
    const audit = await database.db.selectFrom('audit_events').select(['action', 'entity_type', 'entity_id']).where('entity_type', '=', 'report').execute();
    expect(audit).toContainEqual({ action: 'export', entity_type: 'report', entity_id: 'funnel/funnel' });
  });

  it('every page answers for the clinic, with its tables', async () => {
    for (const handler of [screeningPage.loader, interventionPage.loader, funnelPage.loader, outcomesPage.loader, dashboard.loader]) {
      const page = await call(handler, getRequest(`/reports/x?${YEAR}&by=language`, admin));
      expect(page.status).toBe(200);
    }
  });

  it('a breakdown hides groups of fewer than 11 on the page and in the CSV', async () => {
    const page = await call(funnelPage.loader, getRequest(`/reports/funnel?${YEAR}&by=zip`, manager));
    const closedLoop = page.data.tables.find((t: { id: string }) => t.id === 'closed-loop');
    for (const row of closedLoop.rows) {
      for (const cell of row.slice(1)) if (typeof cell === 'number' && [1, 2].includes(row.indexOf(cell))) expect(cell === 0 || cell >= 11).toBe(true);
    }
    const { rows } = await csvOf(funnelPage.loader, `/reports/funnel?${YEAR}&by=zip&format=csv&table=closed-loop`, manager);
    const counts = rows.slice(1).flatMap((row) => [row[1], row[2]]);
    expect(counts.every((cell) => cell === '<11' || Number(cell) === 0 || Number(cell) >= 11)).toBe(true);
  });

  it('bad filters get a message on the field and the default period, never a 500', async () => {
    const page = await call(funnelPage.loader, getRequest('/reports/funnel?period=custom&from=2025-02-30&to=x&need=%00&by=nope', manager));
    expect(page.status).toBe(200);
    expect(page.data.errors).toMatchObject({ from: 'That date does not exist.', need: 'Choose a need from the list.', by: 'Choose a breakdown from the list.' });
    expect(page.data.filters.period).toBe('last-12-months');
    const missingTable = await call(funnelPage.loader, getRequest('/reports/funnel?format=csv&table=nothing', manager));
    expect(missingTable.status).toBe(404);
  });
});

describe('who sees what', () => {
  it('a community organisation has the funnel of referrals it received, and no screening reports', async () => {
    const page = await call(funnelPage.loader, getRequest(`/reports/funnel?${YEAR}`, cbo));
    expect(page.status).toBe(200);
    const receiving = page.data.tables.find((t: { id: string }) => t.id === 'receiving-organizations');
    expect(receiving.rows.map((row: unknown[]) => row[0])).toEqual(['Bayview Mission']);
    expect((await call(screeningPage.loader, getRequest('/reports/screening', cbo))).status).toBe(404);
    expect((await call(interventionPage.loader, getRequest('/reports/intervention', cbo))).status).toBe(404);
  });

  it("staff cannot point a report at another organisation: the URL's organisation is ignored", async () => {
    const other = await database.db.selectFrom('organizations').select('id').where('name', '=', 'Bayview Health Center').executeTakeFirstOrThrow();
    const own = await call(funnelPage.loader, getRequest(`/reports/funnel?${YEAR}`, manager));
    const pointed = await call(funnelPage.loader, getRequest(`/reports/funnel?${YEAR}&organization=${other.id}`, manager));
    expect(pointed.data.tables).toEqual(own.data.tables);
  });

  it('the platform admin sees aggregates across organisations, can narrow to one, and gets no rows', async () => {
    const all = await call(funnelPage.loader, getRequest(`/reports/funnel?${ALL}`, platform));
    const clinic = await database.db.selectFrom('organizations').select('id').where('name', '=', 'Mission Street Clinic').executeTakeFirstOrThrow();
    const one = await call(funnelPage.loader, getRequest(`/reports/funnel?${ALL}&organization=${clinic.id}`, platform));
    const sent = (page: typeof all) => page.data.tables.find((t: { id: string }) => t.id === 'funnel').rows[0][1];
    expect(sent(all)).toBe(260);
    expect(sent(one)).toBeLessThan(260);
    expect((await call(rowExport.loader, getRequest(`/reports/referrals.csv?${YEAR}`, platform))).status).toBe(403);
  });

  it('the row-level export is for the case manager and admin of the clinic, not the worker or the community organisation', async () => {
    expect((await call(rowExport.loader, getRequest(`/reports/referrals.csv?${YEAR}`, worker))).status).toBe(403);
    expect((await call(rowExport.loader, getRequest(`/reports/referrals.csv?${YEAR}`, cbo))).status).toBe(404);
  });
});

describe('the outcomes report', () => {
  it("names each delivered service and coded reason in the reader's language; its CSV is in English beside the code", async () => {
    const page = await call(outcomesPage.loader, getRequest(`/reports/outcomes?${ALL}&lng=es`, manager));
    const [mix] = page.data.tables;
    const byCode = (rows: unknown[][], code: string) => rows.find((row) => row[2] === code);
    expect(byCode(mix.rows, 'at-capacity')?.[1]).toBe('Sin cupo: no hay lugar para clientes nuevos');
    expect(byCode(mix.rows, 'goods-provided')?.[1]).toBe('Se entregaron alimentos, artículos o suministros');
    const { rows } = await csvOf(outcomesPage.loader, `/reports/outcomes?${ALL}&lng=es&format=csv&table=outcomes`, manager);
    expect(rows[0]).toEqual(['Ending', 'Delivered or reason', 'Code', 'Referrals']);
    expect(byCode(rows, 'at-capacity')?.[1]).toBe('At capacity — no room for new clients');
    const total = rows.slice(1).reduce((sum, row) => sum + Number(row[3]), 0);
    const closed = await sql<{ count: number }>`
      SELECT count(*)::int AS count FROM report_referral_facts r JOIN organizations o ON o.id = r.organization_id
      WHERE o.name = 'Mission Street Clinic' AND r.status IN ('completed', 'failed', 'rejected', 'cancelled')`.execute(database.db);
    expect(total).toBe(closed.rows[0].count);
  });
});

describe('the de-identified row-level export', () => {
  it('one row per referral sent, with no names, birth dates, contact details or ids, ZIP to three digits', async () => {
    const { rows } = await csvOf(rowExport.loader, `/reports/referrals.csv?${ALL}`, manager);
    const [header, ...body] = rows;
    expect(header).toContain('zip3');
    const clinic = await database.db.selectFrom('organizations').select('id').where('name', '=', 'Mission Street Clinic').executeTakeFirstOrThrow();
    const expected = await sql<{ count: number }>`SELECT count(*)::int AS count FROM report_referral_facts WHERE organization_id = ${clinic.id}`.execute(database.db);
    expect(body.length).toBe(expected.rows[0].count);
    const text = rows.flat().join(',');
    expect(text).not.toMatch(/History\d|Example|\d{4}-\d{2}-\d{2}|[0-9a-f]{8}-[0-9a-f]{4}/);
    const zip = body.map((row) => row[header.indexOf('zip3')]);
    expect(zip.every((value) => /^\d{3}$/.test(value) || value === '')).toBe(true);
    const audit = await database.db.selectFrom('audit_events').select('entity_id').where('entity_id', '=', 'referrals.csv').execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('a referral for a safety need carries nothing about the patient', async () => {
    const { rows } = await csvOf(rowExport.loader, `/reports/referrals.csv?${YEAR}`, manager);
    const [header, ...body] = rows;
    const safety = body.filter((row) => row[header.indexOf('need_domain')] === 'safety');
    expect(safety.length).toBeGreaterThan(0);
    for (const row of safety) {
      expect([row[header.indexOf('age_band')], row[header.indexOf('preferred_language')], row[header.indexOf('zip3')]]).toEqual(['', '', '']);
    }
  });
});

describe('platform-wide figures kept by the job queue', () => {
  const path = `/reports/funnel?${ALL}&need=food`;
  const sent = (page: { data: { tables: Array<{ id: string; rows: unknown[][] }> } }) => page.data.tables.find((t) => t.id === 'funnel')!.rows[0][1];
  const queued = async () =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'reports.compute-snapshot'`.execute(database.db)).rows[0].n;

  it('are computed on the first view and kept, shown with when; once 15 minutes old the queue computes them again', async () => {
    const platformDb = createDatabase(database.platformUrl, { max: 2 });
    try {
      const first = await call(funnelPage.loader, getRequest(path, platform));
      expect(first.data.computedAt).toEqual(expect.any(String));
      const before = sent(first) as number;
      expect(before).toBeGreaterThan(0);
      // One food referral leaves the period in the facts: the kept figures do not move yet.
      await sql`UPDATE report_referral_facts SET sent_on = sent_on - 2000
        WHERE referral_id = (SELECT referral_id FROM report_referral_facts WHERE core_domain = 'food' OR need_category = 'food' ORDER BY referral_id LIMIT 1)`.execute(database.db);
      const again = await call(funnelPage.loader, getRequest(path, platform));
      expect([again.data.computedAt, sent(again)]).toEqual([first.data.computedAt, before]);
      expect(await queued()).toBe(0);

      await sql`UPDATE report_snapshots SET computed_at = computed_at - interval '16 minutes'`.execute(database.db);
      const stale = await call(funnelPage.loader, getRequest(path, platform));
      expect(sent(stale)).toBe(before);
      await call(funnelPage.loader, getRequest(path, platform));
      expect(await queued()).toBe(1);

      await runQueuedJobs({ db: platformDb }, ['reports.compute-snapshot']);
      const fresh = await call(funnelPage.loader, getRequest(path, platform));
      expect(sent(fresh)).toBe(before - 1);
      expect(Date.parse(fresh.data.computedAt)).toBeGreaterThan(Date.parse(first.data.computedAt));
      // An organisation's own figures are never kept: computed for each view.
      const narrowed = await call(funnelPage.loader, getRequest(`${path}&organization=${(await clinicId())}`, platform));
      expect(narrowed.data.computedAt).toBeNull();
    } finally {
      await platformDb.destroy();
    }
  });

  it("the scheduled pass prepares each page's default view and forgets what nobody has read for two weeks", async () => {
    const platformDb = createDatabase(database.platformUrl, { max: 2 });
    try {
      await sql`DELETE FROM report_snapshots`.execute(database.db);
      await call(funnelPage.loader, getRequest(path, platform));
      await sql`UPDATE report_snapshots SET read_at = now() - interval '15 days'`.execute(database.db);
      expect(await refreshSnapshots(platformDb)).toBe(4);
      const kept = await sql<{ page: string; from: string }>`SELECT page, filters->>'from' AS from FROM report_snapshots ORDER BY page`.execute(database.db);
      expect(kept.rows.map((row) => row.page)).toEqual(['funnel', 'intervention', 'outcomes', 'screening']);
      expect(kept.rows.every((row) => row.from !== day(-800))).toBe(true);
      // Fresh ones are not computed again on the next pass.
      expect(await refreshSnapshots(platformDb)).toBe(0);
    } finally {
      await platformDb.destroy();
    }
  });

  it("are out of the application role's reach", async () => {
    const app = createDatabase(database.appUrl, { max: 1 });
    try {
      await expect(sql`SELECT count(*) FROM report_snapshots`.execute(app)).rejects.toThrow(/permission denied/);
    } finally {
      await app.destroy();
    }
  });
});

async function clinicId() {
  return (await database.db.selectFrom('organizations').select('id').where('name', '=', 'Mission Street Clinic').executeTakeFirstOrThrow()).id;
}
