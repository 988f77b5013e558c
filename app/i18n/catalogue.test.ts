import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from '~/audit/labels';
import { ROLE_LABELS } from '~/auth/roles';
import { signInSchema } from '~/auth/sign-in.schema';
import { SIGN_IN_MESSAGES } from '~/auth/sign-in.server';
import { ACTION_LABELS } from '~/components/referral';
import { LANGUAGES } from '~/patients/languages';
import { CONTACT_PREFERENCES, patientSchema } from '~/patients/patient.schema';
import { REFERRAL_STATUSES, STATUS_LABELS, checkTransition } from '~/referrals/lifecycle';
import {
  CONSENT_GIVERS,
  CONSENT_METHODS,
  SHARED_ITEMS,
  assignSchema,
  completeTaskSchema,
  contactAttemptSchema,
  followUpResultSchema,
  messageSchema,
  referralFormSchema,
  statusChangeSchema,
  taskSchema,
  unmanagedReferralSchema,
  withdrawConsentSchema,
} from '~/referrals/referral.schema';
import { CONTACT_METHODS, CONTACT_RESULTS } from '~/referrals/contact-attempts';
import { TASK_KINDS, WORKLIST_WINDOWS } from '~/referrals/follow-up';
import { LIST_SORTS, TAB_LABELS, nameSearchSchema } from '~/referrals/list-filters';
import { NEED_ENDINGS, needClosureSchema, screeningVoidSchema } from '~/screening/need-closure.schema';
import { mergeSchema } from '~/patients/merge.schema';
import { holidaySchema, organizationSettingsSchema, removeHolidaySchema } from '~/organizations/settings.schema';
import { SDOH_CATEGORIES } from '~/screening/sdoh-categories';
import { DOMAIN_TEXTS, INCOMPLETE_REASONS } from '~/screening/result-text';
import { EMAIL_MODES, KIND_TEXT } from '~/notifications/events';
import { CHANNEL_LABELS, DELIVERY_STATUS_LABELS, LINK_DELIVERY_LABELS } from '~/notifications/labels';
import { REPORT_LABELS } from '~/reports/labels';
import { WHY_TEXT } from '~/matching/explain';
import { CAPACITY_LABELS } from '~/directory/capacity';
import { HANDOUT_CHANNEL_LABELS } from '~/directory/handout';
import { OPENING_TEXT } from '~/directory/hours';
import { IMPORT_PHASE_LABELS, IMPORT_STATUS_LABELS } from '~/directory/labels';
import { capacitySchema, listingSchema } from '~/directory/listing.schema';
import { CATALOGUES, es } from './es';

const APP = path.resolve('app');

// Words that are the same in Spanish: names, abbreviations, and words spelt alike.
const SAME_IN_SPANISH = new Set(['CareLoop', 'MRN', 'Verbal', 'Hindi', '{{miles}} mi']);

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const unescape = (text: string) => text.replace(/\\(.)/g, '$1');

/** Literal keys of `t('…')`, `t("…")` and t(`…`) calls (a template with `${}` is not a key). */
function literalKeys(source: string): string[] {
  const calls = /\bt\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1\s*[,)]/g;
  return [...source.matchAll(calls)].filter((match) => !(match[1] === '`' && match[2].includes('${'))).map((match) => unescape(match[2]));
}

/** Sentences written as plain string literals: the messages server code sends to the screen. */
function sentenceLiterals(source: string): string[] {
  const literals = /(['"])((?:\\.|(?!\1)[^\\\n])*)\1/g;
  return [...source.matchAll(literals)].map((match) => unescape(match[2])).filter((text) => /^[A-Z].*[.?!]$/.test(text) && text.includes(' '));
}

// Modules whose English messages reach the screen, translated where they are rendered.
const MESSAGE_MODULES = [
  'auth/sign-in.schema.ts',
  'auth/csrf.server.ts',
  'patients/patient.schema.ts',
  'patients/patients.server.ts',
  'referrals/referral.schema.ts',
  'referrals/lifecycle.ts',
  'referrals/referrals.server.ts',
  'referrals/reminders.server.ts',
  'referrals/referral-page.server.ts',
  'http.server.ts',
  'routes/login.tsx',
  'routes/patients._index.tsx',
  'routes/patients.new.tsx',
  'routes/patients.$patientId.edit.tsx',
  'routes/patients.$patientId.needs.$needId.refer.tsx',
  'routes/patients.$patientId.needs.new.tsx',
  'routes/patients.$patientId.self-screening.tsx',
  'screening/scoring.ts',
  'reports/filters.ts',
  'reports/report-page.server.ts',
  'screening/form-answers.ts',
  'screening/need.schema.ts',
  'screening/screenings.server.ts',
  'validation/text.ts',
  'audit/audit-filters.ts',
  'routes/audit.export.ts',
  'accounts/accounts.server.ts',
  'accounts/password.schema.ts',
  'accounts/password-strength.server.ts',
  'accounts/second-factor.schema.ts',
  'accounts/invitation.schema.ts',
  'accounts/organization.schema.ts',
  'routes/login_.code.tsx',
  'routes/account._index.tsx',
  'routes/account.mfa.tsx',
  'routes/reauthenticate.tsx',
  'routes/organization.users.tsx',
  'routes/admin.organizations.new.tsx',
  'routes/invitations.$token.tsx',
  'routes/password.forgot.tsx',
  'routes/password.reset.$token.tsx',
  'screening/translations.ts',
  'routes/admin_.translations.tsx',
  'notifications/patient-contact.ts',
  'notifications/settings.schema.ts',
  'routes/admin.outbox._index.tsx',
  'routes/settings.notifications.tsx',
  'referrals/reasons.ts',
  'referrals/referral-page.server.ts',
  'referrals/conversation.server.ts',
  'referrals/assignment.server.ts',
  'referrals/consent.server.ts',
  'referrals/tasks.server.ts',
  'referrals/list-filters.ts',
  'screening/need-closure.schema.ts',
  'screening/need-closure.server.ts',
  'patients/merge.schema.ts',
  'patients/merge.server.ts',
  'organizations/settings.schema.ts',
  'organizations/settings.server.ts',
  'routes/patients.$patientId.merge.tsx',
  'routes/patients.$patientId.needs.$needId.close.tsx',
  'routes/patients.$patientId.screenings.$screeningId_.void.tsx',
  'routes/settings.organization.tsx',
  'routes/worklist.tsx',
  'matching/search-params.ts',
  'matching/vocabulary.schema.ts',
  'matching/directory-search.server.ts',
  'routes/admin.needs.$needCategory.tsx',
  'directory/hours.ts',
  'directory/listing.schema.ts',
  'directory/listings.server.ts',
  'directory/handout.server.ts',
  'directory/hsds-upload.server.ts',
  'routes/portal.services.$serviceId.tsx',
  'routes/patients.$patientId.needs.$needId.handout.tsx',
  'routes/admin.directory._index.tsx',
  'routes/admin.listings.tsx',
];

const LABEL_MAPS: Record<string, Record<string, string>> = {
  ROLE_LABELS,
  STATUS_LABELS,
  SHARED_ITEMS,
  CONSENT_METHODS,
  CONSENT_GIVERS,
  CONTACT_METHODS,
  CONTACT_RESULTS,
  TASK_KINDS,
  TAB_LABELS,
  LIST_SORTS,
  WORKLIST_WINDOWS,
  NEED_ENDINGS,
  CONTACT_PREFERENCES,
  LANGUAGES,
  SDOH_CATEGORIES,
  INCOMPLETE_REASONS,
  DOMAIN_TEXTS,
  ACTION_LABELS: ACTION_LABELS as Record<string, string>,
  SIGN_IN_MESSAGES,
  AUDIT_ACTION_LABELS,
  AUDIT_ENTITY_LABELS,
  NOTIFICATION_TEXT: Object.fromEntries(
    Object.entries(KIND_TEXT).flatMap(([kind, text]) => Object.entries(text).map(([part, words]): [string, string] => [`${kind}.${part}`, words])),
  ),
  EMAIL_MODES,
  DELIVERY_STATUS_LABELS,
  CHANNEL_LABELS,
  LINK_DELIVERY_LABELS,
  REPORT_LABELS,
  CAPACITY_LABELS,
  WHY_TEXT: WHY_TEXT as Record<string, string>,
  OPENING_TEXT,
  HANDOUT_CHANNEL_LABELS,
  IMPORT_STATUS_LABELS,
  IMPORT_PHASE_LABELS,
};

/** Every message checkTransition can build, for every pair of statuses and both sides. */
function transitionMessages(): string[] {
  const messages = new Set<string>();
  for (const from of REFERRAL_STATUSES)
    for (const to of REFERRAL_STATUSES)
      for (const side of ['referring', 'receiving'] as const)
        for (const reasonCode of ['', 'other']) {
          const check = checkTransition({ from, to, side, reasonCode });
          if (!check.ok) messages.add(check.message);
        }
  return [...messages];
}

/** Messages the schemas build from templates, found by submitting bad forms as a browser would. */
function schemaMessages(): string[] {
  const blankPatient = Object.fromEntries(Object.keys(patientSchema.shape).map((field) => [field, '']));
  const longName = 'x'.repeat(101);
  const results = [
    signInSchema.safeParse({ email: '', password: '' }),
    patientSchema.safeParse(blankPatient),
    patientSchema.safeParse({ ...blankPatient, givenName: longName, familyName: longName }),
    referralFormSchema.safeParse({ needId: '', serviceId: '', consentMethod: '', consentGivenBy: '', sharedItems: [], consentExpiresOn: '', note: '' }),
    referralFormSchema.safeParse({ consentMethod: 'signed-on-screen', consentGivenBy: 'representative', sharedItems: ['best-time'], note: '\u0000', consentExpiresOn: '2000-02-30' }),
    unmanagedReferralSchema.safeParse({ consentExpiresOn: '2999-01-01', representativeName: 'x'.repeat(101) }),
    statusChangeSchema.safeParse({ status: '', reasonCode: '!', reason: 'x'.repeat(501), note: '', version: '0' }),
    messageSchema.safeParse({ body: '' }),
    messageSchema.safeParse({ body: 'x'.repeat(4001) }),
    messageSchema.safeParse({ body: 'caf\uFFFD' }),
    contactAttemptSchema.safeParse({ attemptedAt: 'soon', method: '', result: '' }),
    contactAttemptSchema.safeParse({ attemptedAt: '2026-02-30T25:00', method: 'phone', result: 'reached' }),
    assignSchema.safeParse({ assigneeId: 'nobody', seenAssigneeId: '' }),
    withdrawConsentSchema.safeParse({ note: 'x'.repeat(501), consentVersion: 'x' }),
    followUpResultSchema.safeParse({ result: '', version: '1' }),
    taskSchema.safeParse({ kind: '', dueOn: '2000-01-01', note: 'x'.repeat(501) }),
    taskSchema.safeParse({ kind: 'other', dueOn: '2999-01-01' }),
    taskSchema.safeParse({ kind: 'other', dueOn: 'tomorrow' }),
    completeTaskSchema.safeParse({ taskId: 'x', completionNote: 'x'.repeat(1001), version: '1' }),
    nameSearchSchema.safeParse({ q: 'x'.repeat(101) }),
    needClosureSchema.safeParse({ ending: '', version: '1' }),
    needClosureSchema.safeParse({ ending: 'resolve', resolutionCode: '', version: '1' }),
    needClosureSchema.safeParse({ ending: 'void', note: '', version: '1' }),
    screeningVoidSchema.safeParse({ reason: '', version: '1' }),
    screeningVoidSchema.safeParse({ reason: 'x'.repeat(501), version: '1' }),
    mergeSchema.safeParse({ otherId: '', keep: '', thisVersion: '1', otherVersion: '1' }),
    organizationSettingsSchema.safeParse({ timeZone: 'Mars/Olympus', responseWindowBusinessDays: '0', followUpBusinessDays: 'x', version: '1' }),
    holidaySchema.safeParse({ holidayOn: '', name: '' }),
    holidaySchema.safeParse({ holidayOn: '2026-02-30', name: 'x'.repeat(101) }),
    removeHolidaySchema.safeParse({ holidayId: 'x' }),
    listingSchema.safeParse({
      ...Object.fromEntries(Object.keys(listingSchema.shape).map((field) => [field, ''])),
      version: '1', description: 'x'.repeat(4001), eligibility: '', minimumAge: '200', maximumAge: '', fees: '\u0000', applicationProcess: '', languages: ['?'],
      opens_0: '9', closes_0: '', opens_1: '10:00', closes_1: '09:00', opens_2: '', closes_2: '10:00', phone_0_number: 'x', phone_0_extension: 'x',
      phone_1_number: '', phone_1_description: 'desk',
    }),
    capacitySchema.safeParse({ version: '1', status: '', note: '', until: '2020-01-01' }),
    capacitySchema.safeParse({ version: '1', status: 'waitlist', note: '', until: '2021-02-30' }),
  ];
  return results.flatMap((result) => result.error?.issues.map((issue) => issue.message) ?? []);
}

const missing = (keys: Iterable<string>) => [...new Set(keys)].filter((key) => !Object.hasOwn(es, key)).sort();
const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((match) => match[1]).sort();

describe('the Spanish catalogue', () => {
  it('has an entry for every literal t() key in the app', () => {
    const keys = sourceFiles(APP).flatMap((file) => literalKeys(readFileSync(file, 'utf8')));
    expect(keys.length).toBeGreaterThan(100);
    expect(missing(keys)).toEqual([]);
  });

  it('has an entry for every label the screens look up', () => {
    const labels = Object.values(LABEL_MAPS).flatMap((map) => Object.values(map));
    expect(missing(labels)).toEqual([]);
  });

  it('has an entry for every message the server sends', () => {
    const written = MESSAGE_MODULES.flatMap((file) => sentenceLiterals(readFileSync(path.join(APP, file), 'utf8')));
    expect(missing([...written, 'Not found'])).toEqual([]);
    expect(missing(schemaMessages())).toEqual([]);
    expect(missing(transitionMessages())).toEqual([]);
  });

  it('keeps the placeholders of each key', () => {
    const changed = Object.entries(es)
      .filter(([key, spanish]) => placeholders(key).join() !== placeholders(spanish).join())
      .map(([key]) => key);
    expect(changed).toEqual([]);
  });

  it('gives each English key one Spanish text, whichever area catalogue holds it', () => {
    const seen = new Map<string, string>();
    const conflicts: string[] = [];
    for (const [area, catalogue] of Object.entries(CATALOGUES)) {
      for (const [key, spanish] of Object.entries(catalogue)) {
        const earlier = seen.get(key);
        if (earlier !== undefined && earlier !== spanish) conflicts.push(`${area}: ${key}`);
        if (earlier === undefined) seen.set(key, spanish);
      }
    }
    expect(conflicts).toEqual([]);
  });

  it('translates every entry', () => {
    const untranslated = Object.entries(es)
      .filter(([key, spanish]) => key === spanish && !SAME_IN_SPANISH.has(key))
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });
});

describe('the catalogue scanner', () => {
  it('reads the three quoting styles and skips templates with expressions', () => {
    const source = "t('One'); t(\"It's two\", { n }); t(`Three`); t(`Four ${x}`); split('no')";
    expect(literalKeys(source)).toEqual(['One', "It's two", 'Three']);
  });
});
