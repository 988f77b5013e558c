import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportHsdsPackage } from '../../app/directory/hsds-export.server.js';
import { importHsdsPackage } from '../../app/directory/hsds-import.server.js';
import { lapseCapacity, refreshOpeningHours } from '../../app/jobs/scheduled.server.js';
import { runQueuedJobs } from '../../app/jobs/worker.server.js';
import * as adminListings from '../../app/routes/admin.listings';
import * as needPage from '../../app/routes/patients.$patientId.needs.$needId._index';
import * as refer from '../../app/routes/patients.$patientId.needs.$needId.refer';
import * as listingPage from '../../app/routes/portal.services.$serviceId';
import * as ownListings from '../../app/routes/portal.services._index';
import * as servicePage from '../../app/routes/services.$serviceId';
import { DEMO_DIRECTORY } from '../../db/seed.js';
import { call, getRequest, postRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let database: TestDatabase;
let dee: Actor;
let mei: Actor;
let sam: Actor;
let serviceId: string;
let patientId: string;
let needId: string;

const listingPath = () => `/portal/services/${serviceId}`;
const currentVersion = async () => (await database.db.selectFrom('hsds_services').select('version').where('id', '=', serviceId).executeTakeFirstOrThrow()).version;
const post = (actor: Actor, fields: Record<string, string | string[]>) => call(listingPage.action, postRequest(listingPath(), fields, actor), { serviceId });

/** The listing form as the page fills it, with `changes` typed over it. */
async function listingForm(changes: Record<string, string | string[]>): Promise<Record<string, string | string[]>> {
  const page = await call(listingPage.loader, getRequest(listingPath(), dee), { serviceId });
  return { ...page.data.listing.values, intent: 'edit', ...changes };
}

beforeAll(async () => {
  database = await useAppDatabase();
  dee = await signInAs(database, 'dee.johnson@bayviewmission.example');
  mei = await signInAs(database, 'mei.wong@ccmpantry.example');
  sam = await signInAs(database, 'sam.rivera@clinic.example');
  serviceId = (await database.db.selectFrom('hsds_services').select('id').where('name', '=', 'BAYVIEW MISSION - Food Pantries').executeTakeFirstOrThrow()).id;
  const user = await database.db.selectFrom('users').select(['id', 'organization_id']).where('email', '=', 'sam.rivera@clinic.example').executeTakeFirstOrThrow();
  const patient = await database.db
    .insertInto('patients')
    .values({ organization_id: user.organization_id, given_name: 'Rosa', family_name: 'Listing', birth_date: '1984-03-12', postal_code: '94124', preferred_language: 'es', contact_preference: 'sms', phone: '415-555-0142', created_by: user.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  patientId = patient.id;
  const need = await database.db
    .insertInto('needs')
    .values({ organization_id: user.organization_id, patient_id: patientId, category: 'food-insecurity', status: 'identified', source: 'manual', created_by: user.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  needId = need.id;
});
afterAll(() => database.drop());

describe('a community organisation keeps its listing', () => {
  it('lists its own services, and only those', async () => {
    const { data } = await call(ownListings.loader, getRequest('/portal/services', dee));
    expect(data.listings.map((listing: { serviceId: string }) => listing.serviceId)).toContain(serviceId);
    const other = await call(ownListings.loader, getRequest('/portal/services', mei));
    expect(other.data.listings.map((listing: { serviceId: string }) => listing.serviceId)).not.toContain(serviceId);
  });

  it('edits description, hours, phones, eligibility, languages and fees; each change is a version and reaches the index', async () => {
    await runQueuedJobs({ db: database.db }, ['search.sync-services']);
    const form = await listingForm({
      description: 'Groceries every weekday. <b>Bring a bag.</b>',
      eligibility: 'Residents of 94124',
      fees: 'Free',
      opens_0: '09:00',
      closes_0: '17:00',
      ...Object.fromEntries([1, 2, 3, 4].flatMap((day) => [[`opens_${day}`, ''], [`closes_${day}`, '']])),
      opens_5: '10:00',
      closes_5: '13:00',
      phone_0_number: '415-555-0199',
      phone_0_extension: '12',
      languages: ['es', 'zh'],
      timeZone: 'America/Chicago',
    });
    const saved = await post(dee, form);
    expect(saved.status).toBe(200);
    expect(saved.data.saved).toBe(true);

    const row = await database.db.selectFrom('hsds_services').selectAll().where('id', '=', serviceId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ description: 'Groceries every weekday. <b>Bring a bag.</b>', eligibility_description: 'Residents of 94124', fees_description: 'Free' });
    expect((row.source_row as Record<string, string>).description).toBe('Groceries every weekday. <b>Bring a bag.</b>');
    const versions = await database.db.selectFrom('service_listing_versions').selectAll().where('service_id', '=', serviceId).execute();
    expect(versions).toHaveLength(1);
    const fields = (versions[0].changes as Array<{ field: string }>).map((change) => change.field);
    expect(fields).toEqual(expect.arrayContaining(['description', 'eligibility_description', 'fees_description', 'phones', 'hours', 'languages', 'time_zone']));
    const organization = await database.db.selectFrom('hsds_organizations').select('time_zone').where('id', '=', row.organization_id!).executeTakeFirstOrThrow();
    expect(organization.time_zone).toBe('America/Chicago');
    expect(await database.db.selectFrom('graphile_worker.jobs' as never).select(sql`count(*)::int`.as('n')).where(sql`task_identifier`, '=', 'search.sync-services').executeTakeFirst()).toEqual({ n: 1 });

    // The worker sees it at once: plain text, hours, the new phone, languages by name.
    const page = await call(servicePage.loader, getRequest(`/services/${serviceId}`, sam), { serviceId });
    const service = page.data.service;
    expect(service.description).toBe('Groceries every weekday. Bring a bag.');
    expect(service.hours).toEqual([
      expect.objectContaining({ days: [{ weekday: 0, nth: null }], opens: 540, closes: 1020 }),
      expect.objectContaining({ days: [{ weekday: 5, nth: null }], opens: 600, closes: 780 }),
    ]);
    expect(service.phones[0]).toMatchObject({ number: '415-555-0199', extension: '12' });
    expect(service.languages.map((language: { code: string }) => language.code).sort()).toEqual(['es', 'zh']);
    await runQueuedJobs({ db: database.db }, ['search.sync-services']);
    const document = await database.db.selectFrom('search_services').select('languages').where('service_id', '=', serviceId).executeTakeFirstOrThrow();
    expect(document.languages).toEqual(['es', 'zh']);
  });

  it('sets capacity with a note and an until date; the referral form then warns and asks for confirmation', async () => {
    const until = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const set = await post(dee, { intent: 'capacity', version: String(await currentVersion()), status: 'no-capacity', note: 'Shelves empty until the next delivery', until });
    expect(set.status).toBe(200);
    const form = await call(refer.loader, getRequest(`/patients/${patientId}/needs/${needId}/refer?service=${serviceId}`, sam), { patientId, needId });
    expect(form.data.service).toMatchObject({ capacityStatus: 'no-capacity', capacityNote: 'Shelves empty until the next delivery' });

    const fields = { serviceId, consentGiven: 'on', consentMethod: 'verbal', sharedItems: ['identity', 'need'], consentExpiresOn: until, note: '' };
    const refused = await call(refer.action, postRequest(`/patients/${patientId}/needs/${needId}/refer`, fields, sam), { patientId, needId });
    expect(refused.status).toBe(409);
    expect(refused.data.fieldErrors.capacityConfirmed).toMatch(/waitlist or no capacity/);
    expect(await database.db.selectFrom('referrals').select('id').where('patient_id', '=', patientId).execute()).toEqual([]);

    const sent = await call(refer.action, postRequest(`/patients/${patientId}/needs/${needId}/refer`, { ...fields, capacityConfirmed: 'on' }, sam), { patientId, needId });
    expect(sent.status).toBe(302);
    const referral = await database.db.selectFrom('referrals').select(['target_capacity_status', 'capacity_confirmed']).where('patient_id', '=', patientId).executeTakeFirstOrThrow();
    expect(referral).toEqual({ target_capacity_status: 'no-capacity', capacity_confirmed: true });
  });

  it('lapses capacity to unknown in search once its until date has passed', async () => {
    await post(dee, { intent: 'capacity', version: String(await currentVersion()), status: 'waitlist', note: '', until: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) });
    await runQueuedJobs({ db: database.db }, ['search.sync-services']);
    const indexed = () => database.db.selectFrom('search_services').select('capacity_status').where('service_id', '=', serviceId).executeTakeFirstOrThrow();
    expect(await indexed()).toEqual({ capacity_status: 'waitlist' });

    await database.db.updateTable('hsds_services').set({ capacity_until: sql<string>`current_date - 1` }).where('id', '=', serviceId).execute();
    expect(await lapseCapacity(database.db)).toBe(1);
    await runQueuedJobs({ db: database.db }, ['search.sync-services']);
    expect(await indexed()).toEqual({ capacity_status: 'unknown' });
  });

  it('recomputes every listed service’s open hours for search once a day', async () => {
    const slots = async () => (await database.db.selectFrom('search_services').select('open_slots').where('service_id', '=', serviceId).executeTakeFirstOrThrow()).open_slots;
    const indexed = await slots();
    expect(indexed.length).toBeGreaterThan(0);
    await database.db.updateTable('search_services').set({ open_slots: [] }).where('service_id', '=', serviceId).execute();
    expect(await refreshOpeningHours(database.db)).toBeGreaterThan(0);
    await runQueuedJobs({ db: database.db }, ['search.sync-services']);
    expect(await slots()).toEqual(indexed);
  });

  it('"Still accurate" sets the assured date and the assurer', async () => {
    const confirmed = await post(dee, { intent: 'confirm', version: String(await currentVersion()) });
    expect(confirmed.status).toBe(200);
    const row = await database.db.selectFrom('hsds_services').select(['assured_date', 'assurer_email', 'last_verified_at', 'last_verified_by']).where('id', '=', serviceId).executeTakeFirstOrThrow();
    expect(row.assured_date).toBe(new Date().toISOString().slice(0, 10));
    expect(row.assurer_email).toBe('dee.johnson@bayviewmission.example');
    expect(row.last_verified_by).toBe(dee.userId);
    const page = await call(servicePage.loader, getRequest(`/services/${serviceId}`, sam), { serviceId });
    expect(page.data.service.stale).toBe(false);
  });

  it('refuses a change made from a stale copy with 409 and the listing as it is now', async () => {
    const stale = await post(dee, { ...(await listingForm({})), version: '1', description: 'Overwrites a newer edit' });
    expect(stale.status).toBe(409);
    expect(stale.data.formError).toMatch(/Someone else changed this listing/);
    expect(stale.data.values.description).toBe('Groceries every weekday. <b>Bring a bag.</b>');
    const row = await database.db.selectFrom('hsds_services').select('description').where('id', '=', serviceId).executeTakeFirstOrThrow();
    expect(row.description).toBe('Groceries every weekday. <b>Bring a bag.</b>');
  });

  it('gives field-level messages for bad input and writes nothing', async () => {
    const before = await currentVersion();
    const bad: Array<[Record<string, string | string[]>, string, RegExp]> = [
      [{ phone_1_number: 'call us' }, 'phone_1_number', /phone number/],
      [{ opens_2: '17:00', closes_2: '09:00' }, 'closes_2', /closing time must come after the opening time/],
      [{ opens_3: '25:00', closes_3: '26:00' }, 'opens_3', /HH:MM/],
      [{ opens_4: '09:00', closes_4: '' }, 'closes_4', /both the opening and the closing time/],
      [{ description: 'x'.repeat(4001) }, 'description', /under 4000 characters/],
      [{ minimumAge: '30', maximumAge: '20' }, 'maximumAge', /below the minimum/],
      [{ description: 'bad\u0000byte' }, 'description', /control character/],
      [{ languages: ['not a language'] }, 'languages', /Choose languages/],
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone', /time zone/],
    ];
    for (const [changes, field, message] of bad) {
      const result = await post(dee, await listingForm(changes));
      expect(result.status, field).toBe(400);
      expect(result.data.fieldErrors[field], field).toMatch(message);
    }
    const capacity = await post(dee, { intent: 'capacity', version: String(before), status: 'full', note: '', until: '2021-02-30' });
    expect(capacity.status).toBe(400);
    expect(Object.keys(capacity.data.fieldErrors).sort()).toEqual(['status', 'until']);
    expect(await currentVersion()).toBe(before);
  });

  it('answers 404 for another organisation’s service, and for a worker', async () => {
    const form = await listingForm({ description: 'Not mine to change' });
    expect((await post(mei, form)).status).toBe(404);
    expect((await call(listingPage.loader, getRequest(listingPath(), mei), { serviceId })).status).toBe(404);
    expect((await call(listingPage.loader, getRequest(listingPath(), sam), { serviceId })).status).toBe(404);
    expect((await post(mei, { intent: 'capacity', version: '1', status: 'accepting', note: '', until: '' })).status).toBe(404);
  });

  it('keeps the organisation’s edits when the 211 package is imported again, and reports them', async () => {
    const report = await importHsdsPackage(database.db, DEMO_DIRECTORY, { startedBy: { name: 'test' } });
    expect(report.ok).toBe(true);
    const fields = report.conflicts.filter((conflict) => conflict.id === serviceId).map((conflict) => conflict.field);
    expect(fields).toEqual(expect.arrayContaining(['description', 'eligibility_description', 'assured_date']));
    const row = await database.db.selectFrom('hsds_services').select(['description', 'assured_date']).where('id', '=', serviceId).executeTakeFirstOrThrow();
    expect(row.description).toBe('Groceries every weekday. <b>Bring a bag.</b>');
    // The phone replaced in CareLoop stays replaced; the schedules made in CareLoop stay.
    const phones = await database.db.selectFrom('hsds_phones').select('number').where('service_id', '=', serviceId).execute();
    expect(phones.map((phone) => phone.number)).toContain('415-555-0199');
    const schedules = await database.db.selectFrom('hsds_schedules').select('byday').where('service_id', '=', serviceId).execute();
    expect(schedules.map((schedule) => schedule.byday).sort()).toEqual(['MO', 'SA']);

    // And the export carries the edited values.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hsds-export-'));
    await exportHsdsPackage(database.db, folder);
    expect(fs.readFileSync(path.join(folder, 'services.csv'), 'utf8')).toContain('Groceries every weekday. <b>Bring a bag.</b>');
    expect(fs.readFileSync(path.join(folder, 'schedules.csv'), 'utf8')).toMatch(/,WEEKLY,,SA,,,,,10:00,13:00,/);
  });
});

describe('the worker’s view of the directory', () => {
  it('shows cards with the details, and a service page reachable from them', async () => {
    const results = await call(needPage.loader, getRequest(`/patients/${patientId}/needs/${needId}`, sam), { patientId, needId });
    expect(results.status).toBe(200);
    const card = results.data.hits[0].service;
    expect(card).toEqual(expect.objectContaining({ organization: expect.objectContaining({ name: expect.any(String) }), phones: expect.any(Array), opening: expect.any(Object) }));
    const withPhones = results.data.hits.filter((hit: { service: { phones: unknown[] } }) => hit.service.phones.length > 0);
    expect(withPhones.length).toBeGreaterThan(results.data.hits.length / 2);

    const page = await call(servicePage.loader, getRequest(`/services/${serviceId}?patient=${patientId}&need=${needId}`, sam), { serviceId });
    expect(page.status).toBe(200);
    expect(page.data.context).toMatchObject({ patientId, needId });
    expect(page.data.service.locations[0].distanceKm).toBeLessThan(5);
    expect(page.data.service.organization.receivingOrganizationId).not.toBeNull();
    expect(page.data.canEdit).toBe(false);
    const asOwner = await call(servicePage.loader, getRequest(`/services/${serviceId}`, dee), { serviceId });
    expect(asOwner.data.canEdit).toBe(true);
  });

  it('answers 404 for an unknown service or a patient of another clinic', async () => {
    const other = await signInAs(database, 'jordan.price@bayviewhealth.example');
    expect((await call(servicePage.loader, getRequest('/services/00000000-0000-4000-8000-000000000000', sam), { serviceId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await call(servicePage.loader, getRequest('/services/nope', sam), { serviceId: 'nope' })).status).toBe(404);
    expect((await call(servicePage.loader, getRequest(`/services/${serviceId}?patient=${patientId}&need=${needId}`, other), { serviceId })).status).toBe(404);
  });
});

describe('stale listings', () => {
  it('queues organisations not confirmed for 180 days and lets a platform admin remind them', async () => {
    const admin = await signInAs(database, 'admin@careloop.example');
    const queue = await call(adminListings.loader, getRequest('/admin/listings', admin));
    expect(queue.status).toBe(200);
    expect(queue.data.rows.length).toBeGreaterThan(0);
    expect(queue.data.rows.every((row: { organizationId: string | null }) => row.organizationId !== null)).toBe(true);
    // Bayview Mission confirmed its listing above; its other services may still be stale, but that one is not counted.
    const target = queue.data.rows[0];
    const sent = await call(adminListings.action, postRequest('/admin/listings', { organizationId: target.organizationId }, admin));
    expect(sent.data.sent).toBe(true);
    await runQueuedJobs({ db: database.db }, ['notifications.dispatch']);
    const reminded = await database.db.selectFrom('notifications').select(['kind', 'params']).where('organization_id', '=', target.organizationId).where('kind', '=', 'listing.stale').execute();
    expect(reminded.length).toBeGreaterThan(0);
    expect(reminded[0].params).toMatchObject({ count: target.staleServices });
    const nobody = await call(adminListings.action, postRequest('/admin/listings', { organizationId: 'x' }, admin));
    expect(nobody.status).toBe(400);
    expect((await call(adminListings.loader, getRequest('/admin/listings', dee))).status).toBe(404);
  });
});
