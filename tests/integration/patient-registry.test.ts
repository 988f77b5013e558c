import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as edit from '../../app/routes/patients.$patientId.edit';
import * as newPatient from '../../app/routes/patients.new';
import * as patients from '../../app/routes/patients._index';
import { call, getRequest, postRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';

let database: TestDatabase;
let worker: Actor;
let colleague: Actor;
let otherClinic: Actor;

const maria = {
  givenName: 'María José',
  familyName: "O'Neil",
  birthDate: '1975-07-04',
  mrn: 'MSC-1001',
  phone: '+1 (415) 555-0199',
  postalCode: '94110',
  preferredLanguage: 'es',
  contactPreference: 'sms',
};

const register = (fields: Record<string, string>, actor = worker) => call(newPatient.action, postRequest('/patients/new', fields, actor));
const search = (q: string, actor = worker) => call(patients.action, postRequest('/patients', { q }, actor));

beforeAll(async () => {
  database = await useAppDatabase();
  worker = await signInAs(database, 'sam.rivera@clinic.example');
  colleague = await signInAs(database, 'casey.lee@clinic.example');
  otherClinic = await signInAs(database, 'jordan.price@bayviewhealth.example');
});
afterAll(() => database.drop());

describe('the patient registry', () => {
  let mariaId: string;

  it('registers a patient with normalised contact details', async () => {
    const result = await register(maria);
    expect(result.status).toBe(302);
    mariaId = result.location!.split('/').pop()!;
    const row = await database.db.selectFrom('patients').selectAll().where('id', '=', mariaId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ phone: '415-555-0199', mrn: 'MSC-1001', contact_preference: 'sms' });
  });

  it('asks for the contact detail that the chosen preference needs', async () => {
    const result = await register({ ...maria, mrn: '', phone: '', givenName: 'Other' });
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors.phone).toBe('Enter a phone number to contact the patient by phone or text.');
    const dnc = await register({ ...maria, mrn: '', phone: '', givenName: 'Quiet', contactPreference: 'do-not-contact' });
    expect(dnc.status).toBe(302);
  });

  it('shows a likely duplicate (same name, however written, and birth date) before making a new record', async () => {
    const before = await database.db.selectFrom('patients').select('id').execute();
    const result = await register({ ...maria, mrn: '', givenName: 'maria jose', familyName: 'ONEIL' });
    expect(result.status).toBe(409);
    expect(result.data.duplicates).toEqual([expect.objectContaining({ id: mariaId, mrn: 'MSC-1001' })]);
    expect(await database.db.selectFrom('patients').select('id').execute()).toHaveLength(before.length);

    const confirmed = await register({ ...maria, mrn: '', givenName: 'maria jose', familyName: 'ONEIL', confirmNew: 'yes' });
    expect(confirmed.status).toBe(302);
  });

  it('does not see another organisation’s patient as a duplicate', async () => {
    expect((await register({ ...maria, mrn: '' }, otherClinic)).status).toBe(302);
  });

  it('refuses an MRN already used in the organisation', async () => {
    const result = await register({ ...maria, givenName: 'Someone', familyName: 'Else', birthDate: '1990-01-01' });
    expect(result.status).toBe(409);
    expect(result.data.fieldErrors.mrn).toBe('Another patient of your organisation has this MRN.');
  });

  it.each([
    ['a name', "o'neil", true],
    ['part of a name', 'maría', true],
    ['a misspelt name', 'Maria Jose ONeill', true],
    ['the MRN', 'MSC-1001', true],
    ['the birth date', '1975-07-04', true],
    ['a US-style birth date', '7/4/1975', true],
    ['the phone number', '(415) 555-0199', true],
    ['someone else', 'Zebediah', false],
    ['a lone wildcard', '%', false],
  ])('finds the patient by %s', async (_label, query, found) => {
    const result = await search(query);
    expect(result.status).toBe(200);
    expect(result.data.patients.some((patient: { id: string }) => patient.id === mariaId)).toBe(found);
  });

  it('never finds another organisation’s patients', async () => {
    const result = await search('MSC-1001', otherClinic);
    expect(result.data.patients).toEqual([]);
  });

  it('saves an edit, and refuses one made from a stale page without losing the other change', async () => {
    const form = await call(edit.loader, getRequest(`/patients/${mariaId}/edit`, worker), { patientId: mariaId });
    const seen = form.data.values;
    expect(seen.version).toBe('1');

    const first = await call(edit.action, postRequest(`/patients/${mariaId}/edit`, { ...seen, city: 'San Francisco', state: 'CA' }, colleague), {
      patientId: mariaId,
    });
    expect(first.status).toBe(302);

    const stale = await call(edit.action, postRequest(`/patients/${mariaId}/edit`, { ...seen, phone: '415-555-0100' }, worker), { patientId: mariaId });
    expect(stale.status).toBe(409);
    expect(stale.data.formError).toMatch(/Someone else changed this patient/);
    expect(stale.data.values).toMatchObject({ city: 'San Francisco', version: '2', phone: '415-555-0199' });

    const row = await database.db.selectFrom('patients').selectAll().where('id', '=', mariaId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ city: 'San Francisco', phone: '415-555-0199', version: 2 });
  });

  it('gives another organisation 404 for the edit page and the save', async () => {
    expect((await call(edit.loader, getRequest(`/patients/${mariaId}/edit`, otherClinic), { patientId: mariaId })).status).toBe(404);
    const save = await call(edit.action, postRequest(`/patients/${mariaId}/edit`, { ...maria, version: '2' }, otherClinic), { patientId: mariaId });
    expect(save.status).toBe(404);
  });
});
