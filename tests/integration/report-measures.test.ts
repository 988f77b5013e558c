// Every measure against a small history counted by hand: re-screens, a screen on each side of a
// month end in Pacific time, a child, a referral moved back and forth, a declined and a cancelled
// referral, one entered in error, and another organisation's data that must not leak in. March
// holds what the referral workflow adds: a voided screening, needs entered in error and no longer
// wanted, an unmanaged referral, a response window across a holiday and withdrawn consent.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../app/auth/session.server';
import { parseReportFilters } from '../../app/reports/filters';
import { responseDueOn } from '../../app/reports/measures';
import {
  byReceivingOrganization,
  connectionToProvider,
  domainScreening,
  funnel,
  needsByMonth,
  outcomes,
  personalNumbers,
  screeningsByMonth,
  snsE,
  timings,
  type ReportQuery,
  type ReportScope,
} from '../../app/reports/queries.server';
import { refreshReportFacts, responseDueOnSql } from '../../app/reports/refresh.server';
import { referralRowsResponse } from '../../app/reports/csv.server';
import { withdrawConsent } from '../../app/referrals/consent.server';
import { closeNeed, voidScreening } from '../../app/screening/need-closure.server';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { patientFixture, sessionUser } from '../support/fixtures';
import { ahcAnswers, confirmedNeed, followUpAt, informationGivenAt, moveReferral, referralAt, screeningAt, unmanagedServiceId } from '../support/report-fixtures';

let database: TestDatabase;
let worker: SessionUser;
let cbo: SessionUser;
let otherClinic: SessionUser;
let clinic: ReportScope;
let pantry: ReportScope;
const platform: ReportScope = { organizationId: null, side: 'platform' };
const TODAY = '2025-06-30';

function query(scope: ReportScope, params: Record<string, string>): ReportQuery {
  const { filters, errors } = parseReportFilters(new URLSearchParams(params), TODAY);
  expect(errors).toEqual({});
  return { scope, filters, today: TODAY };
}
const january = { period: 'custom', from: '2025-01-01', to: '2025-01-31' };
const february = { period: 'custom', from: '2025-02-01', to: '2025-02-28' };
const march = { period: 'custom', from: '2025-03-01', to: '2025-03-31' };

beforeAll(async () => {
  database = await createTestDatabase('demo');
  const { db } = database;
  worker = await sessionUser(database, 'sam.rivera@clinic.example');
  cbo = await sessionUser(database, 'dee.johnson@bayviewmission.example');
  otherClinic = await sessionUser(database, 'jordan.price@bayviewhealth.example');
  clinic = { organizationId: worker.organizationId, side: 'referring' };
  pantry = { organizationId: cbo.organizationId, side: 'receiving' };

  // P1, 40, Spanish: all five screened, food and housing positive; re-screened later in January.
  const p1 = await patientFixture(db, worker, { givenName: 'Uno', birthDate: '1984-05-01', preferredLanguage: 'es' });
  await screeningAt(db, worker, p1, '2025-01-10T18:00:00Z', { instrument: 'ahc-hrsn', answers: ahcAnswers(['food', 'housing']) });
  const p1Food = await confirmedNeed(db, worker, p1, 'food-insecurity', '2025-01-10T18:00:00Z');
  const r1 = await referralAt(db, worker, p1, p1Food, '2025-01-15T18:00:00Z');
  await moveReferral(db, cbo, r1, 'accepted', '2025-01-16T18:00:00Z');
  await moveReferral(db, cbo, r1, 'completed', '2025-01-20T18:00:00Z', { reasonCode: 'service-provided' });
  await screeningAt(db, worker, p1, '2025-01-25T18:00:00Z', { instrument: 'ahc-hrsn', answers: ahcAnswers(['food']) });
  // Housing: no referral, but a handout of services 20 days after the screen (an intervention).
  const p1Housing = await confirmedNeed(db, worker, p1, 'housing-instability', '2025-01-10T18:00:00Z');
  await informationGivenAt(db, worker, p1, p1Housing, '2025-01-30T18:00:00Z');

  // P2, 70: Hunger Vital Sign at 23:30 Pacific on 31 January (already 1 February in UTC).
  const p2 = await patientFixture(db, worker, { givenName: 'Dos', birthDate: '1954-03-01', preferredLanguage: 'en' });
  await screeningAt(db, worker, p2, '2025-02-01T07:30:00Z', { instrument: 'hunger-vital-sign', answers: { '88122-7': OFTEN, '88123-5': OFTEN } });
  const p2Food = await confirmedNeed(db, worker, p2, 'food-insecurity', '2025-02-01T07:30:00Z');
  const r2 = await referralAt(db, worker, p2, p2Food, '2025-02-20T18:00:00Z');
  await moveReferral(db, cbo, r2, 'accepted', '2025-02-21T18:00:00Z');
  await moveReferral(db, cbo, r2, 'on-hold', '2025-02-22T18:00:00Z', { reasonCode: 'waiting-for-documents' });
  await moveReferral(db, cbo, r2, 'in-progress', '2025-02-25T18:00:00Z');
  await moveReferral(db, cbo, r2, 'on-hold', '2025-03-01T18:00:00Z', { reasonCode: 'patient-unavailable' });
  await moveReferral(db, cbo, r2, 'in-progress', '2025-03-10T18:00:00Z');
  // Completed 74 days after the screen: an intervention within 30 days, but no contact within 60.
  await moveReferral(db, cbo, r2, 'completed', '2025-04-15T18:00:00Z', { reasonCode: 'goods-provided' });

  // P3, a child: transportation positive, never referred.
  const p3 = await patientFixture(db, worker, { givenName: 'Tres', birthDate: '2015-01-01', preferredLanguage: 'en' });
  await screeningAt(db, worker, p3, '2025-01-05T18:00:00Z', { instrument: 'ahc-hrsn', answers: ahcAnswers(['transportation']) });
  // A handout 31 days after the screen, one day too late to count.
  const p3Transport = await confirmedNeed(db, worker, p3, 'transportation-insecurity', '2025-01-05T18:00:00Z');
  await informationGivenAt(db, worker, p3, p3Transport, '2025-02-05T18:00:00Z');

  // P4: 00:30 Pacific on 1 February (08:30 UTC): February, not January.
  const p4 = await patientFixture(db, worker, { givenName: 'Cuatro', birthDate: '1995-01-01', preferredLanguage: 'en' });
  await screeningAt(db, worker, p4, '2025-02-01T08:30:00Z', { instrument: 'ahc-hrsn', answers: ahcAnswers(['utilities']) });

  // P5, 50: food and safety positive; one referral declined, the next cancelled by the clinic.
  const p5 = await patientFixture(db, worker, { givenName: 'Cinco', birthDate: '1975-01-01', preferredLanguage: 'es' });
  await screeningAt(db, worker, p5, '2025-01-20T18:00:00Z', { instrument: 'ahc-hrsn', answers: ahcAnswers(['food', 'safety']) });
  const p5Food = await confirmedNeed(db, worker, p5, 'food-insecurity', '2025-01-20T18:00:00Z');
  const r5a = await referralAt(db, worker, p5, p5Food, '2025-01-21T18:00:00Z');
  await moveReferral(db, cbo, r5a, 'rejected', '2025-01-22T18:00:00Z', { reasonCode: 'at-capacity' });
  const r5b = await referralAt(db, worker, p5, p5Food, '2025-01-23T18:00:00Z');
  await moveReferral(db, worker, r5b, 'cancelled', '2025-01-24T18:00:00Z', { reasonCode: 'other', reason: 'Patient moved', side: 'referring' });

  // P6: a need added by hand and a referral entered in error (not counted anywhere).
  const p6 = await patientFixture(db, worker, { givenName: 'Seis', birthDate: '1980-01-01' });
  const p6Food = await confirmedNeed(db, worker, p6, 'food-insecurity', '2025-01-12T18:00:00Z');
  const r6 = await referralAt(db, worker, p6, p6Food, '2025-01-12T18:00:00Z');
  await moveReferral(db, worker, r6, 'entered-in-error', '2025-01-12T19:00:00Z', { side: 'referring' });

  // Another clinic's screening and referral in January: never in the first clinic's figures.
  const other = await patientFixture(db, otherClinic, { givenName: 'Otra', birthDate: '1970-01-01' });
  await screeningAt(db, otherClinic, other, '2025-01-15T18:00:00Z', { instrument: 'ahc-hrsn', answers: ahcAnswers(['food']) });
  const otherFood = await confirmedNeed(db, otherClinic, other, 'food-insecurity', '2025-01-15T18:00:00Z');
  await referralAt(db, otherClinic, other, otherFood, '2025-01-16T18:00:00Z');

  // P9, 34: a food-positive screening voided (entered for the wrong patient; its undecided food need
  // goes with it), then a housing-positive one whose need she no longer wants, and a need added by
  // hand and marked entered in error.
  const p9 = await patientFixture(db, worker, { givenName: 'Nueve', birthDate: '1990-06-01', preferredLanguage: 'en' });
  const voided = await screeningAt(db, worker, p9, '2025-03-05T18:00:00Z', { instrument: 'ahc-hrsn', answers: ahcAnswers(['food']) });
  const voidedVersion = (await db.selectFrom('screenings').select('version').where('id', '=', voided).executeTakeFirstOrThrow()).version;
  expect(await voidScreening(db, worker, p9, voided, { reason: 'Entered for the wrong patient', version: voidedVersion })).toEqual({ ok: true });
  await screeningAt(db, worker, p9, '2025-03-06T18:00:00Z', { instrument: 'ahc-hrsn', answers: ahcAnswers(['housing']) });
  const p9Housing = await confirmedNeed(db, worker, p9, 'housing-instability', '2025-03-06T18:00:00Z');
  await closeNeedAs(p9, p9Housing, 'not-wanted');
  const p9Mistake = await confirmedNeed(db, worker, p9, 'utility-insecurity', '2025-03-07T18:00:00Z');
  await closeNeedAs(p9, p9Mistake, 'void');

  // P10, 40: food positive; an unmanaged referral the patient says got her help, and one to the
  // pantry sent on the Friday before its own holiday, answered on the Thursday (on time only
  // because the holiday is not a business day), whose consent she then withdrew.
  const p10 = await patientFixture(db, worker, { givenName: 'Diez', birthDate: '1985-01-01', preferredLanguage: 'en' });
  await screeningAt(db, worker, p10, '2025-03-10T18:00:00Z', { instrument: 'ahc-hrsn', answers: ahcAnswers(['food']) });
  const p10Food = await confirmedNeed(db, worker, p10, 'food-insecurity', '2025-03-10T18:00:00Z');
  const r10a = await referralAt(db, worker, p10, p10Food, '2025-03-11T18:00:00Z', await unmanagedServiceId(db));
  await db.insertInto('holidays').values({ organization_id: cbo.organizationId, holiday_on: '2025-03-17', name: 'Pantry restocking day' }).execute();
  const r10b = await referralAt(db, worker, p10, p10Food, '2025-03-14T18:00:00Z');
  await moveReferral(db, cbo, r10b, 'accepted', '2025-03-20T18:00:00Z');
  await followUpAt(db, worker, r10a, 'got-help', '2025-03-20T18:00:00Z');
  const consent = await db.selectFrom('referrals').innerJoin('consents', 'consents.id', 'referrals.consent_id').select('consents.version').where('referrals.id', '=', r10b).executeTakeFirstOrThrow();
  expect(await withdrawConsent(db, worker, r10b, { note: '', consentVersion: consent.version })).toEqual({ ok: true });

  await refreshReportFacts(db, { mode: 'full' });
});

const OFTEN = 'LA28397-0';

async function closeNeedAs(patientId: string, needId: string, ending: 'not-wanted' | 'void') {
  const { version } = await database.db.selectFrom('needs').select('version').where('id', '=', needId).executeTakeFirstOrThrow();
  expect(await closeNeed(database.db, worker, patientId, needId, { ending, resolutionCode: '', note: '', version })).toEqual({ ok: true });
}

afterAll(async () => {
  await database?.drop();
});

describe('screening measures', () => {
  it('counts screenings by instrument and local month, a re-screen as a screening, the month-end screen in January', async () => {
    const rows = await screeningsByMonth(database.db, query(clinic, january));
    expect(rows).toEqual([
      { month: '2025-01', key: 'ahc-hrsn', count: 4 },
      { month: '2025-01', key: 'hunger-vital-sign', count: 1 },
    ]);
    const feb = await screeningsByMonth(database.db, query(clinic, february));
    expect(feb).toEqual([{ month: '2025-02', key: 'ahc-hrsn', count: 1 }]);
  });

  it('counts adults once, screened in all five domains over their screenings, and positive per domain', async () => {
    const [row] = await domainScreening(database.db, query(clinic, january));
    expect(row.group).toBe('all');
    expect(row.patients).toBe(3);
    expect(row.allFive).toBe(2);
    expect(row.domains.food).toEqual({ screened: 3, positive: 3, positiveOfAllFive: 2 });
    expect(row.domains.housing).toEqual({ screened: 2, positive: 1, positiveOfAllFive: 1 });
    expect(row.domains.transportation).toEqual({ screened: 2, positive: 0, positiveOfAllFive: 0 });
    expect(row.domains.safety).toEqual({ screened: 2, positive: 1, positiveOfAllFive: 1 });
  });

  it('breaks the measures down by preferred language', async () => {
    const rows = await domainScreening(database.db, query(clinic, { ...january, by: 'language' }));
    expect(rows.map((row) => [row.group, row.patients, row.allFive])).toEqual([
      ['en', 1, 0],
      ['es', 2, 2],
    ]);
  });

  it('counts confirmed needs by category and the month they were found', async () => {
    const rows = await needsByMonth(database.db, query(clinic, january));
    expect(rows).toEqual([
      { month: '2025-01', key: 'food-insecurity', count: 4 },
      { month: '2025-01', key: 'housing-instability', count: 1 },
      { month: '2025-01', key: 'transportation-insecurity', count: 1 },
    ]);
  });
});

describe('intervention measures', () => {
  it('SNS-E: the first positive screen per patient and domain, with a referral or a handout within 30 days, by age band', async () => {
    const rows = await snsE(database.db, query(clinic, january));
    const find = (domain: string, ageBand: string) => rows.find((row) => row.domain === domain && row.ageBand === ageBand);
    expect(find('food', 'all')).toMatchObject({ numerator: 3, denominator: 3 });
    expect(find('food', '18-64')).toMatchObject({ numerator: 2, denominator: 2 });
    expect(find('food', '65+')).toMatchObject({ numerator: 1, denominator: 1 });
    // P1's housing: a handout on day 20. P3's transportation: a handout on day 31, too late.
    expect(find('housing', 'all')).toMatchObject({ numerator: 1, denominator: 1 });
    expect(find('transportation', '0-17')).toMatchObject({ numerator: 0, denominator: 1 });
  });

  it('SNS-E leaves out a screen whose 30 days are still running without an intervention', async () => {
    const { filters } = parseReportFilters(new URLSearchParams(january), TODAY);
    const rows = await snsE(database.db, { scope: clinic, filters, today: '2025-01-30' });
    // P3's transportation screen (5 January) closed its window on 4 February.
    expect(rows.find((row) => row.domain === 'transportation')).toBeUndefined();
    expect(rows.find((row) => row.domain === 'food' && row.ageBand === 'all')).toMatchObject({ numerator: 3, denominator: 3 });
  });

  it('measure 498: adults with a positive screen and a completed referral within 60 days', async () => {
    const rows = await connectionToProvider(database.db, query(clinic, january));
    expect(rows).toEqual([{ domain: 'any', ageBand: 'all', group: 'all', numerator: 1, denominator: 3 }]);
  });
});

describe('referral funnel and outcomes', () => {
  it('follows January referrals: one completed, one declined, one cancelled; entered-in-error is not counted', async () => {
    const [row] = await funnel(database.db, query(clinic, january));
    expect(row).toEqual({
      group: 'all',
      sent: 3,
      accepted: 1,
      completed: 1,
      rejected: 1,
      cancelledBeforeAcceptance: 1,
      cancelledAfterAcceptance: 0,
      failed: 0,
      waiting: 0,
      inProgress: 0,
      knownOutcome: 3,
      unmanaged: 0,
    });
  });

  it('counts a referral moved back and forth between statuses once, accepted and completed', async () => {
    const [row] = await funnel(database.db, query(clinic, february));
    expect(row).toMatchObject({ sent: 1, accepted: 1, completed: 1, knownOutcome: 1 });
  });

  it('gives the median and 90th percentile days to accept and to close', async () => {
    expect(await timings(database.db, query(clinic, january))).toEqual({
      accepted: 1,
      medianDaysToAccept: 1,
      p90DaysToAccept: 1,
      closed: 3,
      medianDaysToClose: 1,
      p90DaysToClose: 4.2,
    });
  });

  it('per receiving organisation: a referral cancelled before its window ended does not count against the response rate', async () => {
    const rows = await byReceivingOrganization(database.db, query(clinic, january));
    expect(rows).toEqual([{ organizationId: cbo.organizationId, name: 'Bayview Mission', sent: 3, onTime: 2, due: 2, completed: 1 }]);
  });

  it('gives the mix of delivered services and coded reasons, labelled from the value sets; free text stays out', async () => {
    expect(await outcomes(database.db, query(clinic, january))).toEqual([
      { status: 'cancelled', reason: 'other', label: { en: 'Other reason', es: 'Otro motivo' }, count: 1 },
      { status: 'completed', reason: 'service-provided', label: { en: 'The service was provided', es: 'Se prestó el servicio' }, count: 1 },
      { status: 'rejected', reason: 'at-capacity', label: { en: 'At capacity — no room for new clients', es: 'Sin cupo: no hay lugar para clientes nuevos' }, count: 1 },
    ]);
    // The referral moved through two on-hold reasons ended with what was delivered.
    expect(await outcomes(database.db, query(clinic, february))).toEqual([
      { status: 'completed', reason: 'goods-provided', label: { en: 'Food, goods or supplies provided', es: 'Se entregaron alimentos, artículos o suministros' }, count: 1 },
    ]);
  });

  it('filters by need', async () => {
    const [food] = await funnel(database.db, query(clinic, { ...january, need: 'food' }));
    expect(food.sent).toBe(3);
    expect(await funnel(database.db, query(clinic, { ...january, need: 'housing' }))).toEqual([]);
  });
});

describe('what the referral workflow records', () => {
  it('leaves out a voided screening, counts the re-screen, and positive only where it was', async () => {
    expect(await screeningsByMonth(database.db, query(clinic, march))).toEqual([{ month: '2025-03', key: 'ahc-hrsn', count: 2 }]);
    const [row] = await domainScreening(database.db, query(clinic, march));
    expect(row.patients).toBe(2);
    expect(row.allFive).toBe(2);
    expect(row.domains.food).toEqual({ screened: 2, positive: 1, positiveOfAllFive: 1 });
    expect(row.domains.housing).toEqual({ screened: 2, positive: 1, positiveOfAllFive: 1 });
  });

  it('counts a need no longer wanted as identified, and none entered in error', async () => {
    expect(await needsByMonth(database.db, query(clinic, march))).toEqual([
      { month: '2025-03', key: 'food-insecurity', count: 1 },
      { month: '2025-03', key: 'housing-instability', count: 1 },
    ]);
  });

  it('counts an unmanaged referral in the funnel and shows it apart, leaves it out of the timings, and gives it its own row', async () => {
    const [row] = await funnel(database.db, query(clinic, march));
    expect(row).toMatchObject({ sent: 2, accepted: 2, completed: 1, inProgress: 1, knownOutcome: 1, unmanaged: 1 });
    // Only the pantry's referral: six days from Friday to Thursday, still open.
    expect(await timings(database.db, query(clinic, march))).toEqual({
      accepted: 1,
      medianDaysToAccept: 6,
      p90DaysToAccept: 6,
      closed: 0,
      medianDaysToClose: null,
      p90DaysToClose: null,
    });
    expect(await byReceivingOrganization(database.db, query(clinic, march))).toEqual([
      { organizationId: cbo.organizationId, name: 'Bayview Mission', sent: 1, onTime: 1, due: 1, completed: 0 },
      { organizationId: null, name: null, sent: 1, onTime: 0, due: 0, completed: 1 },
    ]);
    expect(await outcomes(database.db, query(clinic, march))).toEqual([
      { status: 'completed', reason: 'service-provided', label: { en: 'The service was provided', es: 'Se prestó el servicio' }, count: 1 },
    ]);
  });

  it('an unmanaged referral the patient got help from is a completed contact; a need no longer wanted keeps its positive screen', async () => {
    const rows = await snsE(database.db, query(clinic, march));
    expect(rows.find((row) => row.domain === 'food' && row.ageBand === 'all')).toMatchObject({ numerator: 1, denominator: 1 });
    expect(rows.find((row) => row.domain === 'housing' && row.ageBand === 'all')).toMatchObject({ numerator: 0, denominator: 1 });
    expect(await connectionToProvider(database.db, query(clinic, march))).toEqual([{ domain: 'any', ageBand: 'all', group: 'all', numerator: 1, denominator: 2 }]);
  });

  it('keeps a referral with withdrawn consent in the figures, the pantry\'s too, but not in the row-level export', async () => {
    const [received] = await funnel(database.db, query(pantry, march));
    expect(received).toMatchObject({ sent: 1, accepted: 1 });
    const { filters } = parseReportFilters(new URLSearchParams(march), TODAY);
    const csv = await referralRowsResponse(database.db, worker.organizationId, filters, 'rows.csv').text();
    const [header, ...rows] = csv.trim().split('\n');
    expect(rows).toHaveLength(1);
    const cells = Object.fromEntries(header.split(',').map((column, index) => [column, rows[0].split(',')[index]]));
    expect(cells).toMatchObject({ managed_in_careloop: 'no', status: 'completed', outcome_or_reason: 'service-provided', sent_month: '2025-03', days_to_close: '9' });
  });
});

describe('scopes', () => {
  it('the receiving organisation sees the referrals it received from both clinics, and no screenings', async () => {
    const [row] = await funnel(database.db, query(pantry, january));
    expect(row.sent).toBe(4);
    expect(await screeningsByMonth(database.db, query(pantry, january))).toEqual([]);
  });

  it('the platform adds up every organisation', async () => {
    const rows = await screeningsByMonth(database.db, query(platform, january));
    expect(rows).toEqual([
      { month: '2025-01', key: 'ahc-hrsn', count: 5 },
      { month: '2025-01', key: 'hunger-vital-sign', count: 1 },
    ]);
  });

  it("a worker's own numbers", async () => {
    expect(await personalNumbers(database.db, worker.id, '2025-01-01', '2025-01-31')).toEqual({
      screenings: 5,
      positiveScreenings: 5,
      referralsSent: 3,
      referralsCompleted: 1,
      referralsOpen: 0,
      handoutsGiven: 1,
    });
  });
});

describe('refresh', () => {
  it('an incremental refresh picks up a change and leaves everything else as it was', async () => {
    const before = await funnel(database.db, query(clinic, february));
    const p = await patientFixture(database.db, worker, { givenName: 'Siete', birthDate: '1990-01-01' });
    const need = await confirmedNeed(database.db, worker, p, 'food-insecurity', '2025-02-10T18:00:00Z');
    await referralAt(database.db, worker, p, need, '2025-02-10T18:00:00Z');
    // The referral was dated back; the refresh finds it by its patient's and referral's last change.
    const summary = await refreshReportFacts(database.db);
    expect(summary.mode).toBe('incremental');
    const [after] = await funnel(database.db, query(clinic, february));
    expect(after.sent).toBe(before[0].sent + 1);
    expect(after.waiting).toBe(1);
    const [january1] = await funnel(database.db, query(clinic, january));
    expect(january1.sent).toBe(3);
  });

  it('an incremental refresh counts a handout given since the last one as an intervention', async () => {
    // Dated by the clock, not back: the refresh finds the handout by when it was given.
    const day = 86_400_000;
    const today = new Date().toISOString().slice(0, 10);
    const p = await patientFixture(database.db, worker, { givenName: 'Ocho', birthDate: '1990-01-01' });
    await screeningAt(database.db, worker, p, new Date(Date.now() - 2 * day).toISOString(), { instrument: 'ahc-hrsn', answers: ahcAnswers(['housing']) });
    const need = await confirmedNeed(database.db, worker, p, 'housing-instability', new Date(Date.now() - 2 * day).toISOString());
    await refreshReportFacts(database.db);
    // A day passes: nothing else about the patient changes before the handout.
    await sql`UPDATE patients SET updated_at = now() - interval '1 day' WHERE id = ${p}`.execute(database.db);
    await sql`UPDATE screenings SET updated_at = now() - interval '1 day' WHERE patient_id = ${p}`.execute(database.db);
    await sql`UPDATE needs SET created_at = now() - interval '2 days', decided_at = now() - interval '1 day' WHERE patient_id = ${p}`.execute(database.db);
    const { filters } = parseReportFilters(new URLSearchParams({ period: 'custom', from: new Date(Date.now() - 5 * day).toISOString().slice(0, 10), to: today }), today);
    const housing = async () => (await snsE(database.db, { scope: clinic, filters, today })).find((row) => row.domain === 'housing' && row.ageBand === 'all');
    // Inside its 30 days without an intervention: not counted yet.
    expect(await housing()).toBeUndefined();
    await informationGivenAt(database.db, worker, p, need);
    expect((await refreshReportFacts(database.db)).mode).toBe('incremental');
    expect(await housing()).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('the SQL response window agrees with the pure one on every start day and window', async () => {
    const cases = [];
    for (let start = 0; start < 14; start += 1) {
      for (const days of [1, 2, 3, 5, 7, 10]) {
        const sentOn = new Date(Date.UTC(2025, 0, 1 + start)).toISOString().slice(0, 10);
        cases.push({ sentOn, days });
      }
    }
    const result = await sql<{ due: string }>`
      SELECT (${responseDueOnSql(sql`d`, sql`n`)})::text AS due
      FROM unnest(${cases.map((c) => c.sentOn)}::date[], ${cases.map((c) => c.days)}::int[]) AS t(d, n)`.execute(database.db);
    expect(result.rows.map((row) => row.due)).toEqual(cases.map((c) => responseDueOn(c.sentOn, c.days)));
  });
});
