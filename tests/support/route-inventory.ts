// The route inventory: every route of the Remix build, and how to call it with one organisation's
// objects. Used by tests/integration/route-inventory.test.ts (tenant isolation) and fuzz.test.ts.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { BUILD_ENTRY } from '../../scripts/http-app';
import { call, postRequest, signInAs, type Actor } from './app';
import type { TestDatabase } from './db';

export interface Fixtures {
  patientId: string;
  needId: string;
  screeningId: string;
  referralId: string;
  serviceId: string;
  familyName: string;
  linkToken: string;
  notificationId: string;
  caseManagerId: string;
}

export interface RouteCase {
  /** The path (with the objects' ids) and the route params. */
  path(f: Fixtures): string;
  params?(f: Fixtures): Record<string, string>;
  /** A form the action would accept from someone allowed to use it. */
  form?(f: Fixtures): Record<string, string | string[]>;
  /**
   * Who may use it with these objects, as a check that the case really reaches them (a wrong id
   * would make every refusal meaningless); null for a page with no object in its path.
   */
  allowed: string | null;
  /** Reachable without signing in, with nothing of an organisation's behind it (or a token as the credential). */
  public?: true;
  /** Who sees other organisations' rows by design, and why. */
  crossOrganisation?: string[];
}

const patientFields = (f: Fixtures) => ({
  givenName: 'Ana',
  familyName: f.familyName,
  birthDate: '1990-01-01',
  postalCode: '94124',
  preferredLanguage: 'en',
  contactPreference: 'do-not-contact',
  version: '1',
});

export const INVENTORY: Record<string, RouteCase> = {
  'routes/_index': { path: () => '/', allowed: null },
  'routes/login': { path: () => '/login', allowed: null, public: true },
  'routes/logout': { path: () => '/logout', allowed: null },
  'routes/healthz': { path: () => '/healthz', allowed: null, public: true },
  'routes/api.match': { path: () => '/api/match?need=food-insecurity&zip=94124', allowed: null, public: true },
  'routes/api.screenings.score': { path: () => '/api/screenings/score', allowed: null, public: true },
  // The token is the credential; it belongs to no session.
  'routes/s.$token': { path: (f) => `/s/${f.linkToken}`, params: (f) => ({ token: f.linkToken }), allowed: null, public: true },
  'routes/admin._index': { path: () => '/admin', allowed: null },
  'routes/admin_.translations': { path: () => '/admin/translations', form: () => ({ instrument: 'prapare', language: 'es' }), allowed: null },
  'routes/admin_.translations.template': { path: () => '/admin/translations/template?instrument=prapare', allowed: null },
  'routes/caseload': { path: () => '/caseload', allowed: null },
  'routes/portal._index': { path: () => '/portal', allowed: null },
  'routes/patients._index': { path: () => '/patients', form: (f) => ({ q: f.familyName }), allowed: null },
  'routes/patients.new': { path: () => '/patients/new', form: (f) => ({ ...patientFields(f), confirmNew: 'yes' }), allowed: null },
  'routes/audit._index': {
    path: (f) => `/audit?patient=${f.patientId}`,
    allowed: null,
    // The platform admin reads every organisation's audit trail (patients by id, never by name).
    crossOrganisation: ['admin@careloop.example'],
  },
  'routes/audit.export': { path: (f) => `/audit/export?patient=${f.patientId}`, allowed: null, crossOrganisation: ['admin@careloop.example'] },
  'routes/notifications._index': { path: () => '/notifications', allowed: null },
  'routes/notifications.$notificationId': {
    path: (f) => `/notifications/${f.notificationId}`,
    params: (f) => ({ notificationId: f.notificationId }),
    allowed: 'sam.rivera@clinic.example',
  },
  'routes/settings.notifications': { path: () => '/settings/notifications', form: () => ({ locale: 'en' }), allowed: null },
  // The platform admin's Outbox lists every organisation's messages (patients' addresses masked).
  'routes/admin.outbox._index': { path: () => '/admin/outbox', form: () => ({ intent: 'retry-job', id: '1' }), allowed: null, crossOrganisation: ['admin@careloop.example'] },
  'routes/admin.outbox.$deliveryId': {
    path: () => '/admin/outbox/00000000-0000-4000-8000-000000000001',
    params: () => ({ deliveryId: '00000000-0000-4000-8000-000000000001' }),
    allowed: null,
    crossOrganisation: ['admin@careloop.example'],
  },
  // Twilio's webhook: its signature is the credential.
  'routes/api.sms.inbound': { path: () => '/api/sms/inbound', allowed: null, public: true },
  // One's own account: nothing of another organisation's in it.
  'routes/account._index': { path: () => '/account', form: () => ({ currentPassword: 'careloop-demo', password: 'violet harbour lantern seventy', confirmPassword: 'violet harbour lantern seventy' }), allowed: null },
  'routes/account.mfa': { path: () => '/account/mfa', form: () => ({ code: '123456' }), allowed: null },
  'routes/reauthenticate': { path: () => '/reauthenticate', form: () => ({ password: 'careloop-demo', redirectTo: '/' }), allowed: null },
  'routes/session.keepalive': { path: () => '/session/keepalive', allowed: null },
  // Before sign-in: the one-time link (or the pending sign-in) is the credential.
  'routes/login_.code': { path: () => '/login/code', form: () => ({ code: '123456' }), allowed: null, public: true },
  'routes/invitations.$token': { path: () => `/invitations/${'x'.repeat(43)}`, params: () => ({ token: 'x'.repeat(43) }), form: () => ({ fullName: 'A', password: 'violet harbour lantern seventy', confirmPassword: 'violet harbour lantern seventy' }), allowed: null, public: true },
  'routes/password.forgot': { path: () => '/password/forgot', form: () => ({ email: 'sam.rivera@clinic.example' }), allowed: null, public: true },
  'routes/password.reset.$token': { path: () => `/password/reset/${'x'.repeat(43)}`, params: () => ({ token: 'x'.repeat(43) }), form: () => ({ password: 'violet harbour lantern seventy', confirmPassword: 'violet harbour lantern seventy' }), allowed: null, public: true },
  'routes/organization.users': {
    path: () => '/organization/users',
    form: (f) => ({ intent: 'disable', userId: f.caseManagerId, version: '1' }),
    allowed: 'alex.kim@clinic.example',
  },
  'routes/admin.organizations.new': { path: () => '/admin/organizations/new', allowed: null },
  'routes/patients.$patientId._index': {
    path: (f) => `/patients/${f.patientId}`,
    params: (f) => ({ patientId: f.patientId }),
    form: () => ({ intent: 'add-task', kind: 'call-patient', dueOn: inDays(7), note: '' }),
    allowed: 'sam.rivera@clinic.example',
  },
  'routes/patients.$patientId.merge': {
    path: (f) => `/patients/${f.patientId}/merge`,
    params: (f) => ({ patientId: f.patientId }),
    form: (f) => ({ otherId: f.referralId, [`version.${f.referralId}`]: '1', keep: 'this', thisVersion: '1', confirm: 'on' }),
    allowed: 'sam.rivera@clinic.example',
  },
  'routes/patients.$patientId.needs.$needId.close': {
    path: (f) => `/patients/${f.patientId}/needs/${f.needId}/close`,
    params: (f) => ({ patientId: f.patientId, needId: f.needId }),
    form: () => ({ ending: 'not-wanted', note: '', version: '1' }),
    allowed: 'sam.rivera@clinic.example',
  },
  'routes/patients.$patientId.screenings.$screeningId_.void': {
    path: (f) => `/patients/${f.patientId}/screenings/${f.screeningId}/void`,
    params: (f) => ({ patientId: f.patientId, screeningId: f.screeningId }),
    form: () => ({ reason: 'entered for the wrong patient', version: '1' }),
    allowed: 'sam.rivera@clinic.example',
  },
  'routes/referrals.$referralId_.fhir': {
    path: (f) => `/referrals/${f.referralId}/fhir`,
    params: (f) => ({ referralId: f.referralId }),
    allowed: 'sam.rivera@clinic.example',
  },
  // One's own organisation's settings and work: nothing of another organisation's in them.
  'routes/settings.organization': { path: () => '/settings/organization', form: () => ({ intent: 'remove-holiday', holidayId: '00000000-0000-4000-8000-000000000004' }), allowed: null },
  'routes/worklist': { path: () => '/worklist', form: () => ({ taskId: '00000000-0000-4000-8000-000000000005', completionNote: '', version: '1' }), allowed: null },
  'routes/patients.$patientId.edit': {
    path: (f) => `/patients/${f.patientId}/edit`,
    params: (f) => ({ patientId: f.patientId }),
    form: patientFields,
    allowed: 'sam.rivera@clinic.example',
  },
  'routes/patients.$patientId.needs.new': {
    path: (f) => `/patients/${f.patientId}/needs/new`,
    params: (f) => ({ patientId: f.patientId }),
    form: () => ({ category: 'housing-instability', note: '' }),
    allowed: 'sam.rivera@clinic.example',
  },
  'routes/patients.$patientId.needs.$needId._index': {
    path: (f) => `/patients/${f.patientId}/needs/${f.needId}`,
    params: (f) => ({ patientId: f.patientId, needId: f.needId }),
    allowed: 'sam.rivera@clinic.example',
  },
  'routes/patients.$patientId.needs.$needId.refer': {
    path: (f) => `/patients/${f.patientId}/needs/${f.needId}/refer?service=${f.serviceId}`,
    params: (f) => ({ patientId: f.patientId, needId: f.needId }),
    form: (f) => ({ serviceId: f.serviceId, consentGiven: 'on', consentMethod: 'verbal', sharedItems: ['identity'], consentExpiresOn: inDays(30), note: '' }),
    allowed: 'sam.rivera@clinic.example',
  },
  'routes/patients.$patientId.screenings.new': {
    path: (f) => `/patients/${f.patientId}/screenings/new?instrument=hunger-vital-sign`,
    params: (f) => ({ patientId: f.patientId }),
    form: () => ({ intent: 'submit', '88122-7': 'LA28397-0', '88123-5': 'LA28398-8' }),
    allowed: 'sam.rivera@clinic.example',
  },
  'routes/patients.$patientId.screenings.$screeningId': {
    path: (f) => `/patients/${f.patientId}/screenings/${f.screeningId}`,
    params: (f) => ({ patientId: f.patientId, screeningId: f.screeningId }),
    form: (f) => ({ intent: 'dismiss-need', needId: f.needId }),
    allowed: 'sam.rivera@clinic.example',
  },
  'routes/patients.$patientId.screenings.$screeningId_.fhir': {
    path: (f) => `/patients/${f.patientId}/screenings/${f.screeningId}/fhir`,
    params: (f) => ({ patientId: f.patientId, screeningId: f.screeningId }),
    allowed: 'sam.rivera@clinic.example',
  },
  'routes/patients.$patientId.self-screening': {
    path: (f) => `/patients/${f.patientId}/self-screening`,
    params: (f) => ({ patientId: f.patientId }),
    form: () => ({ instrumentId: 'hunger-vital-sign', language: 'en' }),
    allowed: 'sam.rivera@clinic.example',
  },
  'routes/referrals.$referralId': {
    path: (f) => `/referrals/${f.referralId}`,
    params: (f) => ({ referralId: f.referralId }),
    form: () => ({ status: 'cancelled', reason: 'no longer needed', version: '1' }),
    allowed: 'sam.rivera@clinic.example',
  },
  'routes/patients.$patientId.needs.$needId.handout': {
    path: (f) => `/patients/${f.patientId}/needs/${f.needId}/handout?service=${f.serviceId}`,
    params: (f) => ({ patientId: f.patientId, needId: f.needId }),
    form: (f) => ({ intent: 'print', service: f.serviceId }),
    allowed: 'sam.rivera@clinic.example',
  },
  // The directory is shared by every organisation: its pages hold no organisation's patients.
  // Reports: aggregates of one's own organisation; the platform admin's span organisations by design
  // (aggregates only, never a row of a patient).
  'routes/reports._index': { path: () => '/reports', allowed: null, crossOrganisation: ['admin@careloop.example'] },
  'routes/reports.screening': { path: () => '/reports/screening', allowed: null, crossOrganisation: ['admin@careloop.example'] },
  'routes/reports.intervention': { path: () => '/reports/intervention', allowed: null, crossOrganisation: ['admin@careloop.example'] },
  'routes/reports.funnel': { path: () => '/reports/funnel', allowed: null, crossOrganisation: ['admin@careloop.example'] },
  'routes/reports.outcomes': { path: () => '/reports/outcomes', allowed: null, crossOrganisation: ['admin@careloop.example'] },
  'routes/reports.export.$page': { path: () => '/reports/export/funnel', params: () => ({ page: 'funnel' }), allowed: null, crossOrganisation: ['admin@careloop.example'] },
  'routes/reports.referrals[.]csv': { path: () => '/reports/referrals.csv', allowed: null },
  'routes/search': { path: () => '/search?need=food-insecurity&place=94124', allowed: null },
  'routes/services.$serviceId': { path: (f) => `/services/${f.serviceId}`, params: (f) => ({ serviceId: f.serviceId }), allowed: null },
  // A receiving organisation keeps its own listings; another's service answers 404.
  'routes/portal.services._index': { path: () => '/portal/services', allowed: null },
  'routes/portal.services.$serviceId': {
    path: (f) => `/portal/services/${f.serviceId}`,
    params: (f) => ({ serviceId: f.serviceId }),
    form: () => ({ intent: 'confirm', version: '1' }),
    allowed: 'dee.johnson@bayviewmission.example',
  },
  // The platform admin runs the directory and the need vocabulary for everyone (no patient data).
  'routes/admin.directory._index': { path: () => '/admin/directory', form: () => ({ mode: 'dry-run' }), allowed: null, crossOrganisation: ['admin@careloop.example'] },
  'routes/admin.directory.imports.$importId': {
    path: () => '/admin/directory/imports/00000000-0000-4000-8000-000000000002',
    params: () => ({ importId: '00000000-0000-4000-8000-000000000002' }),
    allowed: null,
    crossOrganisation: ['admin@careloop.example'],
  },
  'routes/admin.listings': { path: () => '/admin/listings', form: () => ({ organizationId: '00000000-0000-4000-8000-000000000003' }), allowed: null, crossOrganisation: ['admin@careloop.example'] },
  'routes/admin.needs._index': { path: () => '/admin/needs', allowed: null, crossOrganisation: ['admin@careloop.example'] },
  'routes/admin.needs.$needCategory': {
    path: () => '/admin/needs/food-insecurity',
    params: () => ({ needCategory: 'food-insecurity' }),
    form: () => ({ intent: 'preview', labelEn: 'Food', labelEs: 'Comida' }),
    allowed: null,
    crossOrganisation: ['admin@careloop.example'],
  },
  // The HSDS API publishes the directory (open data, rate-limited per client).
  'routes/api.hsds._index': { path: () => '/api/hsds', allowed: null, public: true },
  'routes/api.hsds.$': { path: () => '/api/hsds/nothing', params: () => ({ '*': 'nothing' }), allowed: null, public: true },
  'routes/api.hsds.services._index': { path: () => '/api/hsds/services', allowed: null, public: true },
  'routes/api.hsds.services.$id': { path: (f) => `/api/hsds/services/${f.serviceId}`, params: (f) => ({ id: f.serviceId }), allowed: null, public: true },
  'routes/api.hsds.organizations._index': { path: () => '/api/hsds/organizations', allowed: null, public: true },
  'routes/api.hsds.organizations.$id': { path: (f) => `/api/hsds/organizations/${f.serviceId}`, params: (f) => ({ id: f.serviceId }), allowed: null, public: true },
  'routes/api.hsds.service_at_locations._index': { path: () => '/api/hsds/service_at_locations', allowed: null, public: true },
  'routes/api.hsds.service_at_locations.$id': { path: (f) => `/api/hsds/service_at_locations/${f.serviceId}`, params: (f) => ({ id: f.serviceId }), allowed: null, public: true },
  'routes/api.hsds.taxonomies._index': { path: () => '/api/hsds/taxonomies', allowed: null, public: true },
  'routes/api.hsds.taxonomies.$id': { path: (f) => `/api/hsds/taxonomies/${f.serviceId}`, params: (f) => ({ id: f.serviceId }), allowed: null, public: true },
  'routes/api.hsds.taxonomy_terms._index': { path: () => '/api/hsds/taxonomy_terms', allowed: null, public: true },
  'routes/api.hsds.taxonomy_terms.$id': { path: (f) => `/api/hsds/taxonomy_terms/${f.serviceId}`, params: (f) => ({ id: f.serviceId }), allowed: null, public: true },
  'routes/portal.referrals.$referralId': {
    path: (f) => `/portal/referrals/${f.referralId}`,
    params: (f) => ({ referralId: f.referralId }),
    form: () => ({ status: 'accepted', version: '1' }),
    allowed: 'dee.johnson@bayviewmission.example',
  },
};

/** Users of organisations that are party to none of the fixtures: one per role and kind of organisation. */
export const OUTSIDERS = [
  'jordan.price@bayviewhealth.example',
  'mei.wong@ccmpantry.example',
  'lucia.ortiz@centrolatino.example',
  'calfresh.team@sfhsa.example',
  'admin@careloop.example',
];

const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);

export async function routeModule(id: string) {
  const base = path.resolve('app', id);
  for (const extension of ['.tsx', '.ts']) {
    try {
      return await import(/* @vite-ignore */ pathToFileURL(`${base}${extension}`).href);
    } catch (error) {
      if (!String(error).includes('Failed to load') && !String(error).includes('Cannot find')) throw error;
    }
  }
  throw new Error(`No module for route ${id}`);
}

/** The routes the server serves, from the build's manifest (the root layout aside). */
export async function routeManifest(): Promise<Array<{ id: string; path: string | undefined }>> {
  const build = await import(/* @vite-ignore */ pathToFileURL(BUILD_ENTRY).href);
  return Object.values(build.routes as Record<string, { id: string; path?: string }>)
    .filter((route) => route.id !== 'root')
    .map((route) => ({ id: route.id, path: route.path }));
}

/** Signed-in actors for every outsider and for the fixtures' own organisations. */
export async function signInActors(database: TestDatabase): Promise<Map<string, Actor>> {
  const actors = new Map<string, Actor>();
  for (const email of [...OUTSIDERS, 'sam.rivera@clinic.example', 'dee.johnson@bayviewmission.example', 'alex.kim@clinic.example']) {
    actors.set(email, await signInAs(database, email));
  }
  return actors;
}

/**
 * Objects of Mission Street Clinic, made through the routes as its social worker would: a patient,
 * a positive Hunger Vital Sign, its need, a referral to Bayview Mission and a self-screening link.
 */
export async function createFixtures(database: TestDatabase, actors: Map<string, Actor>): Promise<Fixtures> {
  const worker = actors.get('sam.rivera@clinic.example')!;
  const familyName = `Inventory${Date.now().toString(36)}`;
  const newPatient = await routeModule('routes/patients.new');
  const patientId = (await call(newPatient.action, postRequest('/patients/new', { ...patientFields({ familyName } as Fixtures) }, worker))).location!.split('/').pop()!;
  const screening = await routeModule('routes/patients.$patientId.screenings.new');
  const screened = await call(
    screening.action,
    postRequest(`/patients/${patientId}/screenings/new?instrument=hunger-vital-sign`, { intent: 'submit', '88122-7': 'LA28397-0', '88123-5': 'LA28398-8' }, worker),
    { patientId },
  );
  const screeningId = screened.location!.split('/').pop()!;
  const need = await database.db.selectFrom('needs').select('id').where('patient_id', '=', patientId).executeTakeFirstOrThrow();
  await database.db.updateTable('needs').set({ status: 'identified' }).where('id', '=', need.id).execute();
  const service = await database.db.selectFrom('hsds_services').select('id').where('name', '=', 'BAYVIEW MISSION - Food Pantries').executeTakeFirstOrThrow();
  const refer = await routeModule('routes/patients.$patientId.needs.$needId.refer');
  const sent = await call(
    refer.action,
    postRequest(`/patients/${patientId}/needs/${need.id}/refer`, INVENTORY['routes/patients.$patientId.needs.$needId.refer'].form!({ serviceId: service.id } as Fixtures), worker),
    { patientId, needId: need.id },
  );
  const selfScreening = await routeModule('routes/patients.$patientId.self-screening');
  const link = await call(selfScreening.action, postRequest(`/patients/${patientId}/self-screening`, { instrumentId: 'hunger-vital-sign', language: 'en' }, worker), { patientId });
  const sam = await database.db.selectFrom('users').select(['id', 'organization_id']).where('email', '=', 'sam.rivera@clinic.example').executeTakeFirstOrThrow();
  const referralId = sent.location!.split('/').pop()!;
  const notification = await database.db
    .insertInto('notifications')
    .values({ user_id: sam.id, organization_id: sam.organization_id, event_key: `inventory:${referralId}`, kind: 'referral.accepted', link: `/referrals/${referralId}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const caseManager = await database.db.selectFrom('users').select('id').where('email', '=', 'casey.lee@clinic.example').executeTakeFirstOrThrow();
  return {
    caseManagerId: caseManager.id,
    notificationId: notification.id,
    patientId,
    needId: need.id,
    screeningId,
    referralId,
    serviceId: service.id,
    familyName,
    linkToken: new URL(link.data.link.url).pathname.split('/').pop()!,
  };
}


/** The fixtures' organisation's records, which no outsider's request may change (an outsider's own new records aside). */
export async function snapshot(database: TestDatabase, fixtures: Fixtures) {
  const { rows } = await sql<{ state: string }>`
    WITH owner AS (SELECT organization_id AS id FROM patients WHERE id = ${fixtures.patientId})
    SELECT json_build_object(
      'patients', (SELECT json_agg(p ORDER BY p.id) FROM patients p WHERE p.organization_id = (SELECT id FROM owner)),
      'screenings', (SELECT json_agg(s ORDER BY s.id) FROM screenings s WHERE s.organization_id = (SELECT id FROM owner)),
      'needs', (SELECT json_agg(n ORDER BY n.id) FROM needs n WHERE n.organization_id = (SELECT id FROM owner)),
      'consents', (SELECT count(*) FROM consents WHERE organization_id = (SELECT id FROM owner)),
      'referrals', (SELECT json_agg(r ORDER BY r.id) FROM referrals r WHERE r.organization_id = (SELECT id FROM owner)),
      'events', (SELECT count(*) FROM referral_events e JOIN referrals r ON r.id = e.referral_id WHERE r.organization_id = (SELECT id FROM owner)),
      'links', (SELECT count(*) FROM self_screening_links WHERE organization_id = (SELECT id FROM owner)),
      'information', (SELECT count(*) FROM information_given WHERE organization_id = (SELECT id FROM owner)),
      'tasks', (SELECT json_agg(t ORDER BY t.id) FROM follow_up_tasks t WHERE t.organization_id = (SELECT id FROM owner)),
      'messages', (SELECT count(*) FROM referral_messages m JOIN referrals r ON r.id = m.referral_id WHERE r.organization_id = (SELECT id FROM owner)),
      'attempts', (SELECT count(*) FROM referral_contact_attempts a JOIN referrals r ON r.id = a.referral_id WHERE r.organization_id = (SELECT id FROM owner)),
      'merges', (SELECT count(*) FROM patient_merges WHERE organization_id = (SELECT id FROM owner))
    )::text AS state`.execute(database.db);
  return rows[0].state;
}

