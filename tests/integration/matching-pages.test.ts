import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as needList from '../../app/routes/admin.needs._index';
import * as needPage from '../../app/routes/admin.needs.$needCategory';
import * as search from '../../app/routes/search';
import { call, getRequest, postRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';

let database: TestDatabase;
let admin: Actor;
let worker: Actor;
let cbo: Actor;

beforeAll(async () => {
  database = await useAppDatabase();
  [admin, worker, cbo] = await Promise.all([
    signInAs(database, 'admin@careloop.example'),
    signInAs(database, 'sam.rivera@clinic.example'),
    signInAs(database, 'mei.wong@ccmpantry.example'),
  ]);
});
afterAll(() => database.drop());

const transportation = async () => {
  const { data } = await call(needPage.loader, getRequest('/admin/needs/transportation-insecurity', admin), { needCategory: 'transportation-insecurity' });
  return data.form;
};
const queued = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'search.rescore-need'`.execute(database.db)).rows[0].n;
const save = (actor: Actor, fields: Record<string, string>, needCategory = 'transportation-insecurity', options = {}) =>
  call(needPage.action, postRequest(`/admin/needs/${needCategory}`, fields, actor, options), { needCategory });

describe('the need vocabulary pages', () => {
  it('are for platform admins only; anyone else finds no such page', async () => {
    expect((await call(needList.loader, getRequest('/admin/needs', admin))).data.needs.length).toBeGreaterThan(20);
    for (const actor of [worker, cbo]) {
      expect((await call(needList.loader, getRequest('/admin/needs', actor))).status).toBe(404);
      expect((await call(needPage.loader, getRequest('/admin/needs/food-insecurity', actor), { needCategory: 'food-insecurity' })).status).toBe(404);
      expect((await save(actor, { labelEn: 'x', labelEs: 'x', version: '1', phrasesEn: 'x' })).status).toBe(404);
    }
    expect((await call(needPage.loader, getRequest('/admin/needs/no-such-need', admin), { needCategory: 'no-such-need' })).status).toBe(404);
  });

  it('previews the top results near a ZIP code with the draft, and saves nothing', async () => {
    const form = await transportation();
    const before = await queued();
    const { status, data } = await save(admin, {
      labelEn: form.labelEn, labelEs: form.labelEs, version: String(form.version), phrasesEn: 'bicycle repair | 0.9', intent: 'preview', previewZip: '94110',
    });
    expect(status).toBe(200);
    expect(data.preview.map((hit: { serviceName: string }) => hit.serviceName)).toContain('THE BIKE KITCHEN - Bicycle Maintenance/Repair Personnel');
    expect(data.preview[0].matchedTerms).toContain('bicycle repair');
    expect(await queued()).toBe(before);
    expect((await transportation()).lists.phrasesEn).not.toContain('bicycle repair');
  });

  it('refuses bad lists field by field and a save without its CSRF token, changing nothing', async () => {
    const form = await transportation();
    const bad = await save(admin, { labelEn: '', labelEs: form.labelEs, version: String(form.version), phrasesEn: 'bus pass | 7', taxonomyCodes: 'not a code' });
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toMatchObject({
      labelEn: 'Give the need a name in English.',
      phrasesEn: 'A weight must be a number above 0 and at most 1.',
      taxonomyCodes: 'A taxonomy code looks like BD-1800 or BD-1800.2000.',
    });
    const nul = await save(admin, { labelEn: 'x', labelEs: 'x', version: String(form.version), phrasesEn: 'bus\u0000pass' });
    expect(nul.status).toBe(400);
    const forged = await save(admin, { labelEn: 'x', labelEs: 'x', version: String(form.version), phrasesEn: 'bus pass' }, 'transportation-insecurity', { csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(await transportation()).toEqual(form);
  });

  it('saves with the re-scoring job queued in the same transaction; a save from a stale copy gets 409 and the current state', async () => {
    const form = await transportation();
    const before = await queued();
    const fields = { labelEn: form.labelEn, labelEs: form.labelEs, version: String(form.version), phrasesEn: 'bus pass\nbicycle repair | 0.9', phrasesEs: 'pase de autobús' };
    const saved = await save(admin, fields);
    expect(saved.status).toBe(302);
    expect(saved.location).toBe('/admin/needs/transportation-insecurity?saved=1');
    expect(await queued()).toBe(before + 1);
    const after = await transportation();
    expect(after.version).toBe(form.version + 1);
    expect(after.lists.phrasesEn).toBe('bus pass\nbicycle repair | 0.9');

    const stale = await save(admin, { ...fields, phrasesEn: 'something else' });
    expect(stale.status).toBe(409);
    expect(stale.data.form.version).toBe(after.version);
    expect(stale.data.form.lists.phrasesEn).toBe('bus pass\nbicycle repair | 0.9');
  });

  it('adds a need, and refuses a second one with the same code', async () => {
    const fields = { needCategory: 'pet-care', labelEn: 'Pet care', labelEs: 'Cuidado de mascotas', version: '0', phrasesEn: 'veterinary\npet food' };
    expect((await save(admin, fields, 'new')).location).toBe('/admin/needs/pet-care?saved=1');
    const again = await save(admin, fields, 'new');
    expect(again.status).toBe(409);
    expect(again.data.errors.needCategory).toBe('A need with that code exists already.');
    expect((await save(admin, { ...fields, needCategory: 'Not A Code' }, 'new')).status).toBe(400);
  });
});

describe('the worker search page', () => {
  const page = (query: string, actor: Actor = worker) => call(search.loader, getRequest(`/search?${query}`, actor));

  it('needs a signed-in user', async () => {
    const anonymous = await call(search.loader, getRequest('/search?q=food'));
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login/);
  });

  it('finds services from free text, a place and filters, with facet counts', async () => {
    const { status, data } = await page('q=ayuda+con+renta&place=94110&language=es&portal=&capacity=unknown');
    expect(status).toBe(200);
    expect(data.search.state).toBe('done');
    expect(data.search.result.needCategory).toBe('housing-instability');
    expect(data.search.result.hits).toHaveLength(10);
    expect(data.search.result.facets.languages.es).toBeGreaterThan(0);
    expect(data.search.pageCount).toBeGreaterThan(1);
    const cbos = await page('need=food-insecurity&place=94133&portal=1', cbo);
    for (const hit of cbos.data.search.result.hits) expect(hit.receivingOrganizationId).not.toBeNull();
    const all = await page('need=food-insecurity&place=94133');
    const open = await page('need=food-insecurity&place=94133&open=1');
    expect(open.status).toBe(200);
    expect(open.data.search.result.total).toBeLessThan(all.data.search.result.total);
  });

  it('answers bad input with 400 and a message on the field, never an error page', async () => {
    for (const [query, field] of [
      ['q=food&place=Atlantis', 'place'],
      ['q=food&radius=7', 'radius'],
      ['q=food&age=200', 'age'],
      ['q=food&capacity=plenty', 'capacity'],
      ['q=food&open=yes', 'open'],
      ['q=food&page=0', 'page'],
      ['q=food&page=51', 'page'],
      ['need=no-such-need', 'need'],
      ['need=%00', 'need'],
      [`q=${'x'.repeat(300)}`, 'q'],
      ['q=food&language=spanish', 'language'],
    ]) {
      const { status, data } = await page(query);
      expect(status, query).toBe(400);
      expect(Object.keys(data.search.errors), query).toContain(field);
    }
    expect((await page('')).data.search.state).toBe('empty');
  });
});
