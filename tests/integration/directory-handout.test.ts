import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQueuedJobs } from '../../app/jobs/worker.server.js';
import * as importPage from '../../app/routes/admin.directory.imports.$importId';
import * as imports from '../../app/routes/admin.directory._index';
import * as handout from '../../app/routes/patients.$patientId.needs.$needId.handout';
import * as patientPage from '../../app/routes/patients.$patientId._index';
import { ORIGIN, call, getRequest, postRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';
import { patientFixture, sessionUser } from '../support/fixtures';
import { addManualNeed } from '../../app/screening/screenings.server.js';

let database: TestDatabase;
let sam: Actor;
let serviceIds: string[];

async function patientWithNeed(input: { contact: 'sms' | 'do-not-contact'; category: string }) {
  const user = await sessionUser(database, 'sam.rivera@clinic.example');
  const patientId = await patientFixture(database.db, user, { contactPreference: input.contact, familyName: `Handout${Math.random().toString(36).slice(2, 8)}` });
  const need = await addManualNeed(database.db, user, patientId, { category: input.category, note: '' });
  if (!need.ok) throw new Error(need.message);
  return { patientId, needId: need.needId };
}

const handoutPath = (ids: { patientId: string; needId: string }) =>
  `/patients/${ids.patientId}/needs/${ids.needId}/handout?${serviceIds.map((id) => `service=${id}`).join('&')}`;

beforeAll(async () => {
  database = await useAppDatabase();
  sam = await signInAs(database, 'sam.rivera@clinic.example');
  const rows = await database.db
    .selectFrom('hsds_services')
    .select('id')
    .where('name', 'in', ['BAYVIEW MISSION - Food Pantries', 'CHINESE CHRISTIAN MISSION FOOD PANTRY'])
    .orderBy('name')
    .execute();
  serviceIds = rows.map((row) => row.id);
  expect(serviceIds).toHaveLength(2);
});
afterAll(() => database.drop());

describe('a handout of services', () => {
  it('shows the chosen services in the patient’s language with a QR code each', async () => {
    const ids = await patientWithNeed({ contact: 'sms', category: 'food-insecurity' });
    const page = await call(handout.loader, getRequest(handoutPath(ids), sam), ids);
    expect(page.status).toBe(200);
    expect(page.data.locale).toBe('es');
    expect(page.data.services.map((service: { serviceId: string }) => service.serviceId)).toEqual(serviceIds);
    for (const service of page.data.services) {
      expect(service.name).toBeTruthy();
      expect(service.address).toMatch(/San Francisco/);
      expect(page.data.qr[service.serviceId]).toMatch(/^data:image\/png;base64,/);
    }
    expect(page.data.channels.sms).toEqual({ ok: true });
  });

  it('is recorded on the timeline as information given when printed', async () => {
    const ids = await patientWithNeed({ contact: 'sms', category: 'food-insecurity' });
    const fields = { intent: 'print', service: serviceIds };
    const printed = await call(handout.action, postRequest(handoutPath(ids), fields, sam), ids);
    expect(printed.status).toBe(302);
    expect(printed.location).toMatch(/printed=1/);
    const given = await database.db.selectFrom('information_given').selectAll().where('patient_id', '=', ids.patientId).execute();
    expect(given).toHaveLength(1);
    expect(given[0]).toMatchObject({ channel: 'print', locale: 'es', need_id: ids.needId });
    const services = await database.db.selectFrom('information_given_services').select('service_id').where('information_given_id', '=', given[0].id).orderBy('position').execute();
    expect(services.map((service) => service.service_id)).toEqual(serviceIds);
    const timeline = (await call(patientPage.loader, getRequest(`/patients/${ids.patientId}`, sam), { patientId: ids.patientId })).data.timeline;
    expect(timeline[0]).toMatchObject({ kind: 'information-given', channel: 'print', services: ['BAYVIEW MISSION - Food Pantries', 'CHINESE CHRISTIAN MISSION FOOD PANTRY'] });
    const audit = await database.db.selectFrom('audit_events').select('entity_type').where('patient_id', '=', ids.patientId).where('entity_type', '=', 'information-given').execute();
    expect(audit).toHaveLength(1);
  });

  it('goes to the patient by text message through the notification channel', async () => {
    const ids = await patientWithNeed({ contact: 'sms', category: 'food-insecurity' });
    const sent = await call(handout.action, postRequest(handoutPath(ids), { intent: 'sms', service: serviceIds }, sam), ids);
    expect(sent.status).toBe(200);
    expect(sent.data.sent).toBe('sms');
    const delivery = await database.db.selectFrom('message_deliveries').selectAll().where('recipient_patient_id', '=', ids.patientId).executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ channel: 'sms', kind: 'handout' });
    expect((delivery.payload as { template: string; locale: string; services: unknown[] })).toMatchObject({ template: 'handout', locale: 'es' });
    expect((delivery.payload as { services: unknown[] }).services).toHaveLength(2);
    expect(await database.db.selectFrom('information_given').select('channel').where('patient_id', '=', ids.patientId).execute()).toEqual([{ channel: 'sms' }]);
  });

  it('is never sent to a patient marked "do not contact"', async () => {
    const ids = await patientWithNeed({ contact: 'do-not-contact', category: 'food-insecurity' });
    const page = await call(handout.loader, getRequest(handoutPath(ids), sam), ids);
    expect(page.data.channels.sms.ok).toBe(false);
    const refused = await call(handout.action, postRequest(handoutPath(ids), { intent: 'sms', service: serviceIds }, sam), ids);
    expect(refused.status).toBe(409);
    expect(refused.data.message).toBe('The patient asked not to be contacted.');
    expect(await database.db.selectFrom('message_deliveries').select('id').where('recipient_patient_id', '=', ids.patientId).execute()).toEqual([]);
    expect(await database.db.selectFrom('information_given').select('id').where('patient_id', '=', ids.patientId).execute()).toEqual([]);
  });

  it('for a safety-sensitive need may be printed, never sent', async () => {
    const ids = await patientWithNeed({ contact: 'sms', category: 'intimate-partner-violence' });
    const page = await call(handout.loader, getRequest(handoutPath(ids), sam), ids);
    expect(page.data.safetySensitive).toBe(true);
    expect(page.data.channels).toEqual({ sms: null, email: null });
    for (const channel of ['sms', 'email']) {
      const refused = await call(handout.action, postRequest(handoutPath(ids), { intent: channel, service: serviceIds }, sam), ids);
      expect(refused.status).toBe(409);
      expect(refused.data.message).toMatch(/printed only/);
    }
    expect(await database.db.selectFrom('message_deliveries').select('id').where('recipient_patient_id', '=', ids.patientId).execute()).toEqual([]);
    const printed = await call(handout.action, postRequest(handoutPath(ids), { intent: 'print', service: serviceIds }, sam), ids);
    expect(printed.status).toBe(302);
  });

  it('answers 404 for another clinic’s patient and asks for a service when none is ticked', async () => {
    const ids = await patientWithNeed({ contact: 'sms', category: 'food-insecurity' });
    const other = await signInAs(database, 'jordan.price@bayviewhealth.example');
    expect((await call(handout.loader, getRequest(handoutPath(ids), other), ids)).status).toBe(404);
    expect((await call(handout.action, postRequest(handoutPath(ids), { intent: 'print', service: serviceIds }, other), ids)).status).toBe(404);
    const none = await call(handout.action, postRequest(`/patients/${ids.patientId}/needs/${ids.needId}/handout`, { intent: 'print', service: 'not-an-id' }, sam), ids);
    expect(none.status).toBe(409);
    expect(none.data.message).toMatch(/at least one service/);
  });
});

describe('importing from the browser', () => {
  async function upload(actor: Actor, file: Buffer, name: string, mode: string) {
    const form = new FormData();
    form.append('csrf', actor.csrf);
    form.append('mode', mode);
    form.append('package', new File([new Uint8Array(file)], name, { type: 'application/zip' }));
    return call(imports.action, new Request(`${ORIGIN}/admin/directory`, { method: 'POST', body: form, headers: { Cookie: actor.cookie } }));
  }

  function zipOf(folder: string): Promise<Buffer> {
    const zip = new yazl.ZipFile();
    for (const file of fs.readdirSync(folder).filter((name) => name !== 'README.md')) zip.addFile(path.join(folder, file), file);
    zip.end();
    const chunks: Buffer[] = [];
    return new Promise((resolve) => zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks))));
  }

  it('runs a dry run and then an import of an uploaded ZIP in the job queue, with the report on screen and in the history', async () => {
    const admin = await signInAs(database, 'admin@careloop.example');
    const zip = await zipOf(path.resolve('tests/fixtures/hsds-example'));
    const dry = await upload(admin, zip, 'example.zip', 'dry-run');
    expect(dry.status).toBe(302);
    const dryId = dry.location!.split('/').pop()!;
    expect((await call(importPage.loader, getRequest(dry.location!, admin), { importId: dryId })).data.record.status).toBe('queued');
    await runQueuedJobs({ db: database.db }, ['directory.import-package']);
    const dryRecord = (await call(importPage.loader, getRequest(dry.location!, admin), { importId: dryId })).data.record;
    expect(dryRecord).toMatchObject({ status: 'succeeded', dryRun: true, problemCount: 0, startedBy: expect.any(String) });
    expect(dryRecord.counts.services).toBe(1);
    expect(await database.db.selectFrom('hsds_programs').select('id').execute()).toEqual([]);

    const real = await upload(admin, zip, 'example.zip', 'import');
    await runQueuedJobs({ db: database.db }, ['directory.import-package']);
    const record = (await call(importPage.loader, getRequest(real.location!, admin), { importId: real.location!.split('/').pop()! })).data.record;
    expect(record.status).toBe('succeeded');
    expect(await database.db.selectFrom('hsds_programs').select('id').execute()).toHaveLength(1);
    const history = await call(imports.loader, getRequest('/admin/directory', admin));
    expect(history.data.imports.slice(0, 2).map((entry: { id: string }) => entry.id)).toEqual([record.id, dryRecord.id]);
  });

  it('shows why a file that is not an HSDS package was refused', async () => {
    const admin = await signInAs(database, 'admin@careloop.example');
    const notZip = await upload(admin, Buffer.from('id,name\n1,x\n'), 'services.csv', 'import');
    await runQueuedJobs({ db: database.db }, ['directory.import-package']);
    const record = (await call(importPage.loader, getRequest(notZip.location!, admin), { importId: notZip.location!.split('/').pop()! })).data.record;
    expect(record.status).toBe('failed');
    expect(record.problems.join('\n')).toMatch(/neither a folder nor a ZIP file/);
    const empty = await upload(admin, Buffer.alloc(0), 'empty.zip', 'import');
    expect(empty.status).toBe(400);
    const noMode = await upload(admin, Buffer.from('PK'), 'x.zip', 'delete-everything');
    expect(noMode.status).toBe(400);
    const sam = await signInAs(database, 'sam.rivera@clinic.example');
    expect((await upload(sam, Buffer.from('PK'), 'x.zip', 'import')).status).toBe(404);
  });
});
