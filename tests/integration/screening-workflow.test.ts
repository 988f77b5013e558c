import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as addNeed from '../../app/routes/patients.$patientId.needs.new';
import * as newPatient from '../../app/routes/patients.new';
import * as patientList from '../../app/routes/patients._index';
import * as screeningPage from '../../app/routes/patients.$patientId.screenings.$screeningId';
import * as fhirExport from '../../app/routes/patients.$patientId.screenings.$screeningId_.fhir';
import * as newScreening from '../../app/routes/patients.$patientId.screenings.new';
import * as selfScreening from '../../app/routes/patients.$patientId.self-screening';
import * as patientLink from '../../app/routes/s.$token';
import { ORIGIN, call, getRequest, postRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';

let database: TestDatabase;
let worker: Actor;
let colleague: Actor;
let otherClinic: Actor;
let patientId: string;

const OFTEN = 'LA28397-0';
const NEVER = 'LA28398-8';
const hvs = () => `/patients/${patientId}/screenings/new?instrument=hunger-vital-sign`;

async function submitHvs(fields: Record<string, string>, actor = worker) {
  return call(newScreening.action, postRequest(hvs(), fields, actor), { patientId });
}

beforeAll(async () => {
  database = await useAppDatabase();
  worker = await signInAs(database, 'sam.rivera@clinic.example');
  colleague = await signInAs(database, 'casey.lee@clinic.example');
  otherClinic = await signInAs(database, 'jordan.price@bayviewhealth.example');
  const created = await call(
    newPatient.action,
    postRequest('/patients/new', { givenName: 'Tomás', familyName: 'Reyes', birthDate: '1968-11-02', postalCode: '94110', preferredLanguage: 'es', contactPreference: 'do-not-contact' }, worker),
  );
  patientId = created.location!.split('/').pop()!;
});
afterAll(() => database.drop());

describe('a staff-administered screening', () => {
  let draftId: string;

  it('saves a draft without scoring it or proposing needs', async () => {
    const result = await submitHvs({ intent: 'draft', '88122-7': OFTEN });
    expect(result.status).toBe(302);
    draftId = result.location!.split('/').pop()!;
    const row = await database.db.selectFrom('screenings').selectAll().where('id', '=', draftId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'draft', result: null, answers: { '88122-7': OFTEN } });
    expect(await database.db.selectFrom('needs').select('id').where('screening_id', '=', draftId).execute()).toEqual([]);
  });

  it('resumes the draft with its answers, and refuses a save from a stale copy', async () => {
    const view = await call(screeningPage.loader, getRequest(`/patients/${patientId}/screenings/${draftId}`, colleague), { patientId, screeningId: draftId });
    expect(view.data.screening).toMatchObject({ status: 'draft', answers: { '88122-7': OFTEN }, version: 1 });

    const path = `/patients/${patientId}/screenings/${draftId}`;
    const saved = await call(screeningPage.action, postRequest(path, { intent: 'draft', version: '1', '88122-7': OFTEN, '88123-5': NEVER }, colleague), {
      patientId,
      screeningId: draftId,
    });
    expect(saved.status).toBe(302);
    const stale = await call(screeningPage.action, postRequest(path, { intent: 'submit', version: '1', '88122-7': NEVER }, worker), {
      patientId,
      screeningId: draftId,
    });
    expect(stale.status).toBe(409);
    expect(stale.data.formError).toMatch(/Someone else saved this draft/);
  });

  it('submits the draft: declined and skipped questions are recorded as such, never as a negative', async () => {
    const path = `/patients/${patientId}/screenings/${draftId}`;
    const submitted = await call(
      screeningPage.action,
      postRequest(path, { intent: 'submit', version: '2', 'absent:88122-7': 'asked-declined' }, worker),
      { patientId, screeningId: draftId },
    );
    expect(submitted.status).toBe(302);
    const row = await database.db.selectFrom('screenings').selectAll().where('id', '=', draftId).executeTakeFirstOrThrow();
    expect(row.status).toBe('submitted');
    expect(row.answers).toEqual({ '88122-7': { absent: 'asked-declined' }, '88123-5': { absent: 'not-asked' } });
    expect((row.result as any).domains[0].result).toBe('incomplete');
    expect(await database.db.selectFrom('needs').select('id').where('screening_id', '=', draftId).execute()).toEqual([]);
  });

  it('refuses an answer together with "Declined to answer"', async () => {
    const result = await submitHvs({ '88122-7': OFTEN, 'absent:88122-7': 'asked-declined', '88123-5': NEVER });
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors['88122-7']).toBe('Choose an answer or "Declined to answer", not both.');
  });

  it('proposes a need that can be dismissed, and only decided once', async () => {
    const result = await submitHvs({ '88122-7': OFTEN, '88123-5': NEVER });
    const screeningId = result.location!.split('/').pop()!;
    const view = await call(screeningPage.loader, getRequest(result.location!, worker), { patientId, screeningId });
    const needId = view.data.screening.needs[0].id;
    const dismiss = () => call(screeningPage.action, postRequest(result.location!, { intent: 'dismiss-need', needId }, worker), { patientId, screeningId });
    expect((await dismiss()).status).toBe(200);
    const again = await dismiss();
    expect(again.status).toBe(409);
    const need = await database.db.selectFrom('needs').selectAll().where('id', '=', needId).executeTakeFirstOrThrow();
    expect(need).toMatchObject({ status: 'dismissed', decided_by: worker.userId });
  });

  it('shows what changed since the previous screening with the same instrument', async () => {
    const result = await submitHvs({ '88122-7': NEVER, '88123-5': NEVER });
    const screeningId = result.location!.split('/').pop()!;
    const view = await call(screeningPage.loader, getRequest(result.location!, worker), { patientId, screeningId });
    expect(view.data.screening.previous.score.domains[0].result).toBe('positive');
    expect(view.data.screening.score.domains[0].result).toBe('negative');
  });

  it('keeps another organisation out of screenings and drafts', async () => {
    expect((await submitHvs({ '88122-7': OFTEN, '88123-5': NEVER }, otherClinic)).status).toBe(404);
    expect(
      (await call(screeningPage.loader, getRequest(`/patients/${patientId}/screenings/${draftId}`, otherClinic), { patientId, screeningId: draftId })).status,
    ).toBe(404);
  });
});

describe('the FHIR export', () => {
  it('exports a submitted screening as a Bundle with the confirmed need as a Condition, and audits the export', async () => {
    const result = await submitHvs({ '88122-7': 'LA6729-3', '88123-5': NEVER });
    const screeningId = result.location!.split('/').pop()!;
    const need = await database.db.selectFrom('needs').select('id').where('screening_id', '=', screeningId).executeTakeFirst();
    if (need) await call(screeningPage.action, postRequest(result.location!, { intent: 'confirm-need', needId: need.id }, worker), { patientId, screeningId });
    const exported = await call(fhirExport.loader, getRequest(`${result.location}/fhir`, worker), { patientId, screeningId });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('Content-Type')).toBe('application/fhir+json');
    const types = exported.data.entry.map((entry: { resource: { resourceType: string } }) => entry.resource.resourceType);
    expect(exported.data.resourceType).toBe('Bundle');
    expect(types).toContain('QuestionnaireResponse');
    expect(types.filter((type: string) => type === 'Observation').length).toBeGreaterThanOrEqual(3);
    const questionnaireResponse = exported.data.entry.find((entry: any) => entry.resource.resourceType === 'QuestionnaireResponse').resource;
    expect(questionnaireResponse.subject).toEqual({ reference: `Patient/${patientId}` });
    const audit = await database.db.selectFrom('audit_events').select('action').where('entity_id', '=', screeningId).where('action', '=', 'export').execute();
    expect(audit).toHaveLength(1);
    expect((await call(fhirExport.loader, getRequest(`${result.location}/fhir`, otherClinic), { patientId, screeningId })).status).toBe(404);
  });
});

describe('needs added by hand', () => {
  it('opens a need with its suggested Z-code, and refuses a second open one of the same kind', async () => {
    const path = `/patients/${patientId}/needs/new`;
    const added = await call(addNeed.action, postRequest(path, { category: 'transportation-insecurity', note: 'Needs rides to dialysis' }, worker), { patientId });
    expect(added.status).toBe(302);
    const need = await database.db.selectFrom('needs').selectAll().where('patient_id', '=', patientId).where('source', '=', 'manual').executeTakeFirstOrThrow();
    expect(need).toMatchObject({ category: 'transportation-insecurity', status: 'identified', z_code: 'Z59.82', note: 'Needs rides to dialysis' });
    const again = await call(addNeed.action, postRequest(path, { category: 'transportation-insecurity' }, worker), { patientId });
    expect(again.status).toBe(409);
    const bad = await call(addNeed.action, postRequest(path, { category: 'world-peace' }, worker), { patientId });
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors.category).toBe('Choose the kind of need.');
  });
});

describe('patient self-screening through a one-time link', () => {
  async function createLink(actor = worker) {
    // No official Spanish is loaded: the worker has been told and sends the English questions.
    const fields = { instrumentId: 'hunger-vital-sign', language: 'es', acknowledge: 'english-questions' };
    const result = await call(selfScreening.action, postRequest(`/patients/${patientId}/self-screening`, fields, actor), {
      patientId,
    });
    return result;
  }

  async function openLink(url: string) {
    const path = new URL(url).pathname + new URL(url).search;
    const token = new URL(url).pathname.split('/').pop()!;
    const page = await call(patientLink.loader, getRequest(path), { token });
    return { path, token, page };
  }

  /** Answers from a page opened once: the same form can be sent again, as a patient might. */
  async function openForm(url: string) {
    const { path, token, page } = await openLink(url);
    const cookie = page.headers.get('Set-Cookie')?.split(';')[0];
    return (fields: Record<string, string>) =>
      call(patientLink.action, postRequest(path, fields, undefined, { csrf: page.data.csrfToken, cookie }), { token });
  }

  it('creates a link with a QR code; another organisation gets 404', async () => {
    const result = await createLink();
    expect(result.status).toBe(200);
    expect(result.data.link.url).toMatch(new RegExp(`^${ORIGIN}/s/[A-Za-z0-9_-]{43}\\?lng=es$`));
    expect(result.data.link.qrCode).toMatch(/^data:image\/png;base64,/);
    expect((await createLink(otherClinic)).status).toBe(404);
  });

  it('lets the patient answer once, without an account, and the result arrives for review', async () => {
    const { link } = (await createLink()).data;
    const { page } = await openLink(link.url);
    expect(page.data).toMatchObject({ state: 'open', instrumentId: 'hunger-vital-sign', language: 'es' });
    expect(JSON.stringify(page.data)).not.toMatch(/Tomás|Reyes|1968/);

    const send = await openForm(link.url);
    const sent = await send({ '88122-7': 'LA6729-3', '88123-5': NEVER });
    expect(sent.data.state).toBe('done');
    const screening = await database.db
      .selectFrom('screenings')
      .selectAll()
      .where('patient_id', '=', patientId)
      .where('mode', '=', 'self')
      .executeTakeFirstOrThrow();
    expect(screening).toMatchObject({ status: 'submitted', language: 'es', administered_by: null, reviewed_at: null });
    const audit = await database.db.selectFrom('audit_events').selectAll().where('entity_id', '=', screening.id).execute();
    expect(audit).toEqual([expect.objectContaining({ actor: 'patient-link', user_id: null, patient_id: patientId, action: 'create' })]);

    const second = await send({ '88122-7': OFTEN, '88123-5': OFTEN });
    expect(second.status).toBe(404);
    expect(second.data.state).toBe('invalid');
    expect(await database.db.selectFrom('screenings').select('id').where('mode', '=', 'self').execute()).toHaveLength(1);

    const list = await call(patientList.loader, getRequest('/patients', colleague));
    expect(list.data.pendingReviews).toEqual([expect.objectContaining({ screeningId: screening.id, patientId, patientName: 'Tomás Reyes' })]);
    const path = `/patients/${patientId}/screenings/${screening.id}`;
    expect((await call(screeningPage.action, postRequest(path, { intent: 'mark-reviewed' }, colleague), { patientId, screeningId: screening.id })).status).toBe(200);
    expect((await call(patientList.loader, getRequest('/patients', colleague))).data.pendingReviews).toEqual([]);
    expect((await call(patientList.loader, getRequest('/patients', otherClinic))).data.pendingReviews).toEqual([]);
  });

  it('treats expired, used and forged links alike, revealing nothing', async () => {
    const { link } = (await createLink()).data;
    await database.db.updateTable('self_screening_links').set({ expires_at: sql`now() - interval '1 minute'` }).where('used_at', 'is', null).execute();
    const expired = await openLink(link.url);
    const forged = await openLink(`${ORIGIN}/s/${'x'.repeat(43)}`);
    const garbage = await openLink(`${ORIGIN}/s/%27%20OR%201%3D1`);
    for (const { page } of [expired, forged, garbage]) {
      expect(page.status).toBe(404);
      expect(page.data).toEqual({ state: 'invalid', translation: null, csrfToken: null, instrumentId: null, language: expect.any(String) });
    }
  });

  it('refuses an answer posted without the page’s CSRF token', async () => {
    const { link } = (await createLink()).data;
    const { path, token } = await openLink(link.url);
    const result = await call(patientLink.action, postRequest(path, { '88122-7': OFTEN }, undefined, { csrf: 'nope' }), { token });
    expect(result.status).toBe(403);
  });
});

describe('screenings stored before results carried their rules version', () => {
  it('are scored again from their answers when opened', async () => {
    const row = await database.db
      .insertInto('screenings')
      .values({
        organization_id: (await database.db.selectFrom('patients').select('organization_id').where('id', '=', patientId).executeTakeFirstOrThrow()).organization_id,
        patient_id: patientId,
        instrument: 'hunger-vital-sign',
        instrument_version: '88121-9/sdohcc-3.0.0',
        answers: JSON.stringify({ '88122-7': OFTEN, '88123-5': NEVER }),
        result: JSON.stringify({ instrument: 'hunger-vital-sign', domains: [{ domain: 'food', sdohCategory: 'food-insecurity', result: 'positive' }], needs: ['food-insecurity'] }),
        administered_by: worker.userId,
        submitted_at: sql`now() - interval '400 days'`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const view = await call(screeningPage.loader, getRequest(`/patients/${patientId}/screenings/${row.id}`, worker), { patientId, screeningId: row.id });
    expect(view.status).toBe(200);
    expect(view.data.screening.score.domains[0]).toMatchObject({ result: 'positive', answers: expect.any(Array) });
  });
});
