// Tenant isolation across every route: the routes come from the Remix build's manifest (what the
// server really serves), and each must be in the inventory below, which says how to call it with
// another organisation's objects. Every loader and action is then driven as every role of every
// other organisation: objects answer 403/404, and no response carries the other organisation's data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, getRequest, postRequest, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';
import { INVENTORY, OUTSIDERS, createFixtures, routeManifest, routeModule, signInActors, snapshot, type Fixtures } from '../support/route-inventory';

let database: TestDatabase;
let fixtures: Fixtures;
let manifest: Array<{ id: string; path: string | undefined }>;
let actors: Map<string, Actor>;

beforeAll(async () => {
  manifest = await routeManifest();
  database = await useAppDatabase();
  actors = await signInActors(database);
  fixtures = await createFixtures(database, actors);
}, 120_000);
afterAll(() => database.drop());

const markers = () => [fixtures.familyName, fixtures.patientId, fixtures.needId, fixtures.screeningId, fixtures.referralId, fixtures.notificationId];

describe('the route inventory', () => {
  it('lists every route the server has (add a new route to INVENTORY here, with how to reach another organisation’s objects)', () => {
    expect(manifest.length).toBeGreaterThan(20);
    const missing = manifest.map((route) => route.id).filter((id) => !INVENTORY[id]);
    expect(missing).toEqual([]);
    const stale = Object.keys(INVENTORY).filter((id) => !manifest.some((route) => route.id === id));
    expect(stale).toEqual([]);
  });

  it("reaches each object for whoever it belongs to (so that the refusals below are about the organisation, not a wrong id)", async () => {
    for (const route of manifest) {
      const entry = INVENTORY[route.id];
      if (!entry?.allowed) continue;
      const module = await routeModule(route.id);
      const result = await call(module.loader, getRequest(entry.path(fixtures), actors.get(entry.allowed)!), entry.params?.(fixtures) ?? {});
      expect({ route: route.id, reached: [200, 302].includes(result.status) }).toEqual({ route: route.id, reached: true });
    }
  });

  it('refuses every loader and action to every role of every other organisation, and leaks nothing', async () => {
    const before = await snapshot(database, fixtures);
    const leaks: string[] = [];
    for (const route of manifest) {
      const entry = INVENTORY[route.id];
      if (!entry || entry.public) continue;
      const module = await routeModule(route.id);
      for (const email of OUTSIDERS) {
        const actor = actors.get(email)!;
        const params = entry.params?.(fixtures) ?? {};
        const attempts: Array<[string, () => ReturnType<typeof call>]> = [];
        if (module.loader) attempts.push(['loader', () => call(module.loader, getRequest(entry.path(fixtures), actor), params)]);
        const form = entry.form?.(fixtures) ?? {};
        if (module.action) attempts.push(['action', () => call(module.action, postRequest(entry.path(fixtures), form, actor), params)]);
        for (const [kind, attempt] of attempts) {
          const result = await attempt();
          // What the caller sent may come back (a search keeps what was typed); that is no leak.
          let body = typeof result.data === 'string' ? result.data : JSON.stringify(result.data ?? '');
          for (const value of Object.values(form).flat()) body = body.replaceAll(value, '');
          const where = `${route.id} ${kind} as ${email}`;
          if (entry.allowed && ![403, 404].includes(result.status)) leaks.push(`${where}: status ${result.status}`);
          if (!entry.crossOrganisation?.includes(email)) {
            for (const marker of markers()) if (body.includes(marker)) leaks.push(`${where}: the response contains ${marker}`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(await snapshot(database, fixtures)).toBe(before);
  }, 120_000);
});
