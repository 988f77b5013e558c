// Screening content end to end on a real database: CMS supplemental rules with the patient's age,
// safety, PRAPARE proposals and needs from items, Spanish honesty, official translations, FHIR export.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as translationsPage from '../../app/routes/admin_.translations';
import * as templateRoute from '../../app/routes/admin_.translations.template';
import * as newPatient from '../../app/routes/patients.new';
import * as patientPage from '../../app/routes/patients.$patientId._index';
import * as needPage from '../../app/routes/patients.$patientId.needs.$needId._index';
import * as refer from '../../app/routes/patients.$patientId.needs.$needId.refer';
import * as screeningPage from '../../app/routes/patients.$patientId.screenings.$screeningId';
import * as fhirExport from '../../app/routes/patients.$patientId.screenings.$screeningId_.fhir';
import * as newScreening from '../../app/routes/patients.$patientId.screenings.new';
import * as selfScreening from '../../app/routes/patients.$patientId.self-screening';
import * as inbox from '../../app/routes/portal._index';
import { ORIGIN, call, getRequest, postRequest, signInAs, useAppDatabase, type Actor } from '../support/app';
import type { TestDatabase } from '../support/db';
import { fhirProblems } from '../support/fhir';

let database: TestDatabase;
let worker: Actor;
let otherClinic: Actor;
let admin: Actor;
let cbo: Actor;

const HITS_17 = { '95618-5': 'LA6482-9', '95617-7': 'LA16644-9', '95616-9': 'LA16644-9', '95615-1': 'LA16644-9' };

async function register(birthDate: string, familyName: string) {
  const created = await call(
    newPatient.action,
    postRequest('/patients/new', { givenName: 'Ana', familyName, birthDate, postalCode: '94124', preferredLanguage: 'es', contactPreference: 'phone', phone: '415-555-0100' }, worker),
  );
  return created.location!.split('/').pop()!;
}

async function submit(patientId: string, instrument: string, fields: Record<string, string | string[]>, actor = worker, query = '') {
  const result = await call(newScreening.action, postRequest(`/patients/${patientId}/screenings/new?instrument=${instrument}${query}`, { intent: 'submit', ...fields }, actor), { patientId });
  return { ...result, screeningId: result.location?.split('/').pop() };
}

const needsOf = (screeningId: string) => database.db.selectFrom('needs').selectAll().where('screening_id', '=', screeningId).orderBy('created_at').execute();
const count = async (table: 'screenings' | 'needs' | 'self_screening_links' | 'instrument_translations') =>
  (await database.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

function uploadRequest(content: string | Uint8Array, actor: Actor) {
  const body = new FormData();
  body.append('csrf', actor.csrf);
  body.append('file', new Blob([content as BlobPart], { type: 'application/json' }), 'translation.json');
  return new Request(`${ORIGIN}/admin/translations`, { method: 'POST', body, headers: { Cookie: actor.cookie } });
}

/** A complete translation file whose texts are markers (a test fixture, not a translation). */
async function fixtureTranslation(instrument: string) {
  const template = await call(templateRoute.loader, getRequest(`/admin/translations/template?instrument=${instrument}`, admin));
  const file = template.data;
  file.source = 'CareLoop test fixture (not a translation)';
  file.licence = 'Test use only';
  for (const code of Object.keys(file.groups)) file.groups[code] = `[ES] ${code}`;
  for (const [code, item] of Object.entries<any>(file.items)) {
    item.text = `[ES] pregunta ${code}`;
    for (const answer of Object.keys(item.answers)) item.answers[answer] = `[ES] ${answer}`;
  }
  return file;
}

beforeAll(async () => {
  database = await useAppDatabase();
  worker = await signInAs(database, 'sam.rivera@clinic.example');
  otherClinic = await signInAs(database, 'jordan.price@bayviewhealth.example');
  admin = await signInAs(database, 'admin@careloop.example');
  cbo = await signInAs(database, 'dee.johnson@bayviewmission.example');
});
afterAll(() => database.drop());

describe('AHC HRSN supplemental scoring with the patient\'s age', () => {
  it('takes the age from the date of birth: a 12-year-old with 300 minutes a week has a physical-activity need, an adult does not', async () => {
    const year = new Date().getUTCFullYear();
    const child = await register(`${year - 12}-01-01`, 'Child');
    const adult = await register('1980-01-01', 'Adult');
    const fields = { '89555-7': 'LA10137-0', '68516-4': 'LA28853-2', '69858-9': 'LA32-8', '69861-3': 'LA32-8' };
    const domain = async (patientId: string, id: string) => {
      const { screeningId } = await submit(patientId, 'ahc-hrsn', fields);
      const view = await call(screeningPage.loader, getRequest(`/patients/${patientId}/screenings/${screeningId}`, worker), { patientId, screeningId: screeningId! });
      return view.data.screening.score.domains.find((entry: any) => entry.domain === id);
    };
    expect(await domain(child, 'physical-activity')).toMatchObject({ result: 'positive', weeklyMinutes: 300 });
    expect(await domain(adult, 'physical-activity')).toMatchObject({ result: 'negative', weeklyMinutes: 300 });
    // A 12-year-old is not asked about errands alone (15 and older): one "No" is enough.
    expect((await domain(child, 'disabilities')).result).toBe('negative');
  });

  it('financial strain "Very hard", PHQ-2 of 6 and stress "Very much" are positive and propose needs', async () => {
    const patientId = await register('1975-05-05', 'Strain');
    const { screeningId } = await submit(patientId, 'ahc-hrsn', { '76513-1': 'LA15832-1', '44250-9': 'LA6571-9', '44255-8': 'LA6571-9', '93038-8': 'LA13914-9' });
    const needs = await needsOf(screeningId!);
    expect(needs.map((need) => [need.category, need.category_text, need.z_code, need.evidence_items])).toEqual([
      ['financial-insecurity', null, 'Z59.86', ['76513-1']],
      ['sdoh-category-unspecified', 'Mental Health', null, ['44250-9', '44255-8', '93038-8']],
    ]);
  });
});

describe('safety', () => {
  let patientId: string;
  let screeningId: string;

  it('a HITS score of 17 proposes an "Interpersonal Safety" need and raises the alert on the result and the patient page', async () => {
    patientId = await register('1990-02-02', 'Safety');
    ({ screeningId } = (await submit(patientId, 'ahc-hrsn', HITS_17)) as { screeningId: string });
    const [need] = await needsOf(screeningId);
    expect(need).toMatchObject({ category: 'sdoh-category-unspecified', category_text: 'Interpersonal Safety', status: 'proposed', domain: 'interpersonal-safety' });
    const result = await call(screeningPage.loader, getRequest(`/patients/${patientId}/screenings/${screeningId}`, worker), { patientId, screeningId });
    expect(result.data.screening.score.safetyAlert).toBe(true);
    const page = await call(patientPage.loader, getRequest(`/patients/${patientId}`, worker), { patientId });
    expect(page.data.safetyAlert).toBe(true);
  });

  it('the worker confirms it as intimate-partner violence instead', async () => {
    const [need] = await needsOf(screeningId);
    const path = `/patients/${patientId}/screenings/${screeningId}`;
    const bad = await call(screeningPage.action, postRequest(path, { intent: 'confirm-need', needId: need.id, category: 'not-a-category' }, worker), { patientId, screeningId });
    expect(bad.status).toBe(400);
    const done = await call(screeningPage.action, postRequest(path, { intent: 'confirm-need', needId: need.id, category: 'intimate-partner-violence' }, worker), { patientId, screeningId });
    expect(done.status).toBe(200);
    const [confirmed] = await needsOf(screeningId);
    expect(confirmed).toMatchObject({ category: 'intimate-partner-violence', category_text: null, status: 'identified', decided_by: worker.userId });
  });

  it('a community organisation sees the referral but not the safety need, without item-by-item consent', async () => {
    const [need] = await needsOf(screeningId);
    const services = await call(needPage.loader, getRequest(`/patients/${patientId}/needs/${need.id}`, worker), { patientId, needId: need.id });
    const [service] = await database.db
      .selectFrom('hsds_services')
      .innerJoin('organizations', 'organizations.hsds_organization_id', 'hsds_services.organization_id')
      .select('hsds_services.id')
      .where('organizations.name', 'like', 'Bayview Mission%')
      .limit(1)
      .execute();
    expect(services.status).toBe(200);
    const consent = { serviceId: service.id, consentGiven: 'on', consentMethod: 'verbal', sharedItems: ['identity', 'need'], consentExpiresOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), note: '' };
    const sent = await call(refer.action, postRequest(`/patients/${patientId}/needs/${need.id}/refer`, consent, worker), { patientId, needId: need.id });
    expect(sent.status).toBe(302);
    const received = await call(inbox.loader, getRequest('/portal', cbo));
    const referral = received.data.referrals.find((entry: any) => entry.patientName === 'Ana Safety');
    expect(referral).toBeDefined();
    expect(referral.needCategory).toBeNull();
  });
});

describe('PRAPARE proposals and needs from items', () => {
  let patientId: string;
  let screeningId: string;
  const path = () => `/patients/${patientId}/screenings/${screeningId}`;

  it('no housing proposes homelessness with Z59.0 as an unconfirmed need; other answers stay for review', async () => {
    patientId = await register('1988-08-08', 'Prapare');
    ({ screeningId } = (await submit(patientId, 'prapare', { '71802-3': 'LA30190-5', '76437-3': 'LA30194-7', '93031-3': ['LA30125-1', 'LA30124-4'] })) as { screeningId: string });
    const needs = await needsOf(screeningId);
    expect(needs.map((need) => [need.category, need.z_code, need.status, need.evidence_items])).toEqual([['homelessness', 'Z59.0', 'proposed', ['71802-3']]]);
    const view = await call(screeningPage.loader, getRequest(path(), worker), { patientId, screeningId });
    expect(view.data.screening.score.domains.find((domain: any) => domain.domain === 'insurance').result).toBe('review');
  });

  it('adds a need from an answered item in one step: category and Z-code filled in, the item as evidence', async () => {
    const added = await call(screeningPage.action, postRequest(path(), { intent: 'add-need-from-item', item: '76437-3' }, worker), { patientId, screeningId });
    expect(added.status).toBe(200);
    const need = (await needsOf(screeningId)).find((entry) => entry.category === 'health-insurance-coverage-status');
    expect(need).toMatchObject({ z_code: 'Z59.71', evidence_items: ['76437-3'], status: 'identified', source: 'screening', decided_by: worker.userId });
    const again = await call(screeningPage.action, postRequest(path(), { intent: 'add-need-from-item', item: '76437-3' }, worker), { patientId, screeningId });
    expect(again.status).toBe(409);
  });

  it.each([
    ['an item with no specific category', '32624-9'],
    ['an item not answered', '93033-9'],
    ['not an item', 'LA33-6'],
    ['a NUL byte', '764\u00007-3'],
  ])('refuses %s with 400 and adds nothing', async (_case, item) => {
    const before = await count('needs');
    const refused = await call(screeningPage.action, postRequest(path(), { intent: 'add-need-from-item', item }, worker), { patientId, screeningId });
    expect(refused.status).toBe(400);
    expect(await count('needs')).toBe(before);
  });

  it('another clinic gets 404', async () => {
    const refused = await call(screeningPage.action, postRequest(path(), { intent: 'add-need-from-item', item: '93031-3' }, otherClinic), { patientId, screeningId });
    expect(refused.status).toBe(404);
  });

  it('exports the confirmed needs as FHIR that passes the R4 validator and the IG rules', async () => {
    const [proposed] = await needsOf(screeningId);
    await call(screeningPage.action, postRequest(path(), { intent: 'confirm-need', needId: proposed.id }, worker), { patientId, screeningId });
    const exported = await call(fhirExport.loader, getRequest(`${path()}/fhir`, worker), { patientId, screeningId });
    expect(exported.status).toBe(200);
    expect(fhirProblems(exported.data)).toEqual([]);
    const conditions = exported.data.entry.map((entry: any) => entry.resource).filter((resource: any) => resource.resourceType === 'Condition');
    expect(conditions.map((condition: any) => condition.code.coding[0].code).sort()).toEqual(['Z59.0', 'Z59.71']);
    expect(conditions[0].asserter).toEqual({ reference: `Practitioner/${worker.userId}` });
  });
});

describe('submitting a screening with no answers', () => {
  it('asks for a confirmation first and stores nothing until it is given', async () => {
    const patientId = await register('1970-07-07', 'Empty');
    const before = await count('screenings');
    const first = await submit(patientId, 'hunger-vital-sign', {});
    expect(first.status).toBe(400);
    expect(first.data.confirmEmpty).toBe(true);
    expect(await count('screenings')).toBe(before);
    const confirmed = await submit(patientId, 'hunger-vital-sign', { 'confirm-empty': 'yes' });
    expect(confirmed.status).toBe(302);
    expect(await count('screenings')).toBe(before + 1);
  });
});

describe('Spanish, honestly', () => {
  let patientId: string;

  it('warns before a Spanish self-screening link when no official Spanish is loaded, and creates the link only when told to continue', async () => {
    patientId = await register('1985-03-03', 'Link');
    const path = `/patients/${patientId}/self-screening`;
    const before = await count('self_screening_links');
    const warned = await call(selfScreening.action, postRequest(path, { instrumentId: 'prapare', language: 'es' }, worker), { patientId });
    expect(warned.status).toBe(200);
    expect(warned.data).toMatchObject({ link: null, warning: { instrumentId: 'prapare', language: 'es' } });
    expect(await count('self_screening_links')).toBe(before);
    const created = await call(selfScreening.action, postRequest(path, { instrumentId: 'prapare', language: 'es', acknowledge: 'english-questions' }, worker), { patientId });
    expect(created.data.link.url).toContain('lng=es');
    expect(await count('self_screening_links')).toBe(before + 1);
    // English needs no warning.
    const english = await call(selfScreening.action, postRequest(path, { instrumentId: 'prapare', language: 'en' }, worker), { patientId });
    expect(english.data.warning).toBeNull();
  });

  it('warns before a staff-administered Spanish screening; with an interpreter it is recorded in English, as interpreted', async () => {
    const spanish = { ...worker, cookie: `${worker.cookie}; lng=es` };
    const page = await call(newScreening.loader, getRequest(`/patients/${patientId}/screenings/new?instrument=hunger-vital-sign&lng=es`, spanish), { patientId });
    expect(page.data).toMatchObject({ locale: 'es', mustWarn: true, translation: null });
    const interpreted = await call(newScreening.loader, getRequest(`/patients/${patientId}/screenings/new?instrument=hunger-vital-sign&ack=interpreter&lng=es`, spanish), { patientId });
    expect(interpreted.data).toMatchObject({ mustWarn: false, language: 'en', interpreter: true });
    const saved = await submit(patientId, 'hunger-vital-sign', { '88122-7': 'LA28398-8', '88123-5': 'LA28398-8' }, spanish, '&ack=interpreter&lng=es');
    const row = await database.db.selectFrom('screenings').select(['language', 'interpreter']).where('id', '=', saved.screeningId!).executeTakeFirstOrThrow();
    expect(row).toEqual({ language: 'en', interpreter: true });
  });

  it('a platform admin loads an official translation: validated, versioned, used from then on with its source', async () => {
    const file = await fixtureTranslation('hunger-vital-sign');
    // Admin pages do not exist for anyone else.
    const nobody = await call(translationsPage.action, uploadRequest(JSON.stringify(file), worker));
    expect(nobody.status).toBe(404);

    const incomplete = structuredClone(file);
    delete incomplete.items['88123-5'];
    const refused = await call(translationsPage.action, uploadRequest(JSON.stringify(incomplete), admin));
    expect(refused.status).toBe(400);
    expect(refused.data.problems).toEqual(['items: no translation for "88123-5".']);
    const notUtf8 = await call(translationsPage.action, uploadRequest(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]), admin));
    expect(notUtf8.data.problems).toEqual(['The file is not UTF-8 text.']);
    expect(await count('instrument_translations')).toBe(0);

    expect((await call(translationsPage.action, uploadRequest(JSON.stringify(file), admin))).data.loaded).toEqual({ instrument: 'hunger-vital-sign', version: 1 });
    expect((await call(translationsPage.action, uploadRequest(JSON.stringify(file), admin))).data.loaded).toEqual({ instrument: 'hunger-vital-sign', version: 2 });
    const listed = await call(translationsPage.loader, getRequest('/admin/translations', admin));
    expect(listed.data.translations.map((entry: any) => entry.version)).toEqual([2, 1]);

    const spanish = { ...worker, cookie: `${worker.cookie}; lng=es` };
    const page = await call(newScreening.loader, getRequest(`/patients/${patientId}/screenings/new?instrument=hunger-vital-sign&lng=es`, spanish), { patientId });
    expect(page.data).toMatchObject({ mustWarn: false, language: 'es', translation: { version: 2, source: 'CareLoop test fixture (not a translation)' } });
    const saved = await submit(patientId, 'hunger-vital-sign', { '88122-7': 'LA28397-0', '88123-5': 'LA28398-8' }, spanish, '&lng=es');
    const row = await database.db.selectFrom('screenings').select(['language', 'translation_id']).where('id', '=', saved.screeningId!).executeTakeFirstOrThrow();
    expect(row).toEqual({ language: 'es', translation_id: page.data.translation.id });
    const link = await call(selfScreening.action, postRequest(`/patients/${patientId}/self-screening`, { instrumentId: 'hunger-vital-sign', language: 'es' }, worker), { patientId });
    expect(link.data.warning).toBeNull();
  });
});
