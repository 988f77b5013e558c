import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as auditExport from '../../app/routes/audit.export';
import * as auditPage from '../../app/routes/audit._index';
import * as newPatient from '../../app/routes/patients.new';
import * as patientPage from '../../app/routes/patients.$patientId._index';
import { call, getRequest, postRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';

let database: TestDatabase;
let worker: Actor;
let otherClinicWorker: Actor;
let admin: Actor;
let platformAdmin: Actor;
let patientId: string;
let otherPatientId: string;

const FORMULA = '=HYPERLINK("http://evil.example")';
const registration = (givenName: string, familyName: string) => ({
  givenName,
  familyName,
  birthDate: '1990-01-01',
  postalCode: '94110',
  preferredLanguage: 'en',
  contactPreference: 'do-not-contact',
});

beforeAll(async () => {
  database = await useAppDatabase();
  worker = await signInAs(database, 'sam.rivera@clinic.example');
  otherClinicWorker = await signInAs(database, 'jordan.price@bayviewhealth.example');
  admin = await signInAs(database, 'alex.kim@clinic.example');
  platformAdmin = await signInAs(database, 'admin@careloop.example');
  patientId = (await call(newPatient.action, postRequest('/patients/new', registration(FORMULA, 'Lopez'), worker))).location!.split('/').pop()!;
  await call(patientPage.loader, getRequest(`/patients/${patientId}`, worker), { patientId });
  otherPatientId = (await call(newPatient.action, postRequest('/patients/new', registration('Ana', 'Bayview'), otherClinicWorker))).location!.split('/').pop()!;
});
afterAll(() => database.drop());

const viewAudit = (actor: Actor, query = '') => call(auditPage.loader, getRequest(`/audit${query}`, actor));

describe("an organisation admin's audit trail", () => {
  it("shows their organisation's rows with who, what, patient and from where, and none of another organisation's", async () => {
    const page = await viewAudit(admin);
    expect(page.status).toBe(200);
    const patientRows = page.data.entries.filter((entry: { patientId: string | null }) => entry.patientId === patientId);
    expect(patientRows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userName: 'Sam Rivera', action: 'create', entityType: 'patient', patientName: `${FORMULA} Lopez`, clientAddress: '192.0.2.1' }),
        expect.objectContaining({ userName: 'Sam Rivera', action: 'read', entityType: 'patient', userAgent: 'CareLoop tests' }),
      ]),
    );
    expect(page.data.entries.some((entry: { patientId: string | null }) => entry.patientId === otherPatientId)).toBe(false);
    expect(page.data.entries.every((entry: { organization: string }) => entry.organization === 'Mission Street Clinic')).toBe(true);
  });

  it('filters by patient, by person and by date, and records the viewing itself', async () => {
    const byPatient = await viewAudit(admin, `?patient=${patientId}`);
    expect(byPatient.data.patientName).toBe(`${FORMULA} Lopez`);
    expect(byPatient.data.entries.length).toBeGreaterThan(0);
    expect(byPatient.data.entries.every((entry: { patientId: string }) => entry.patientId === patientId)).toBe(true);

    const byPerson = await viewAudit(admin, `?user=${admin.userId}`);
    expect(byPerson.data.entries.every((entry: { userName: string }) => entry.userName === 'Alex Kim')).toBe(true);
    expect(byPerson.data.entries[0]).toMatchObject({ action: 'read', entityType: 'audit-trail' });

    expect((await viewAudit(admin, '?from=2000-01-01&to=2000-01-31')).data.entries).toEqual([]);

    const viewed = await database.db
      .selectFrom('audit_events')
      .select(['action', 'entity_type', 'patient_id', 'entity_id'])
      .where('user_id', '=', admin.userId)
      .where('entity_type', '=', 'audit-trail')
      .orderBy('id')
      .execute();
    expect(viewed).toContainEqual({ action: 'read', entity_type: 'audit-trail', patient_id: patientId, entity_id: `patientId=${patientId}` });
  });

  it('refuses impossible filter dates with a message, not an error', async () => {
    const page = await viewAudit(admin, '?from=2027-02-30');
    expect(page.status).toBe(400);
    expect(page.data.fieldErrors.from).toBe('Enter the date as YYYY-MM-DD.');
  });

  it('downloads as CSV, neutralising spreadsheet formulas, and records the download', async () => {
    const download = await call(auditExport.loader, getRequest(`/audit/export?patient=${patientId}`, admin));
    expect(download.status).toBe(200);
    expect(download.headers.get('Content-Disposition')).toMatch(/^attachment; filename="careloop-audit-trail-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parse(String(download.data).replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ organization: 'Mission Street Clinic', patient_id: patientId, patient_name: `'${FORMULA} Lopez` });
    expect(rows.every((row) => row.patient_id === patientId)).toBe(true);
    const recorded = await database.db.selectFrom('audit_events').select('action').where('user_id', '=', admin.userId).where('action', '=', 'download').execute();
    expect(recorded).toHaveLength(1);
  });
});

describe("the platform admin's audit trail", () => {
  it("shows every organisation's rows, patients by id only, and filters by organisation", async () => {
    const page = await viewAudit(platformAdmin);
    expect(page.status).toBe(200);
    const organizations = new Set(page.data.entries.map((entry: { organization: string }) => entry.organization));
    expect(organizations).toContain('Mission Street Clinic');
    expect(organizations).toContain('Bayview Health Center');
    expect(page.data.entries.every((entry: { patientName: string | null }) => entry.patientName === null)).toBe(true);

    const bayview = page.data.organizations.find((organization: { name: string }) => organization.name === 'Bayview Health Center');
    const filtered = await viewAudit(platformAdmin, `?organization=${bayview.id}`);
    expect(filtered.data.entries.length).toBeGreaterThan(0);
    expect(filtered.data.entries.every((entry: { organization: string }) => entry.organization === 'Bayview Health Center')).toBe(true);
  });
});

describe('who may see an audit trail', () => {
  it('is an admin: a social worker is refused, and a community organisation has no such page', async () => {
    expect((await viewAudit(worker)).status).toBe(403);
    const cbo = await signInAs(database, 'dee.johnson@bayviewmission.example');
    expect((await viewAudit(cbo)).status).toBe(404);
    expect((await call(auditExport.loader, getRequest('/audit/export', worker))).status).toBe(403);
  });
});
