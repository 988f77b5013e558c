import { Form, Link, useActionData } from '@remix-run/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isLocale } from '~/i18n/i18n';
import { languageName } from '~/patients/languages';
import { CONTACT_PREFERENCES } from '~/patients/patient.schema';
import { CONTACT_METHODS, CONTACT_RESULTS } from '~/referrals/contact-attempts';
import { CONSENT_GIVERS, CONSENT_METHODS, SHARED_ITEMS, type SharedItem } from '~/referrals/consent';
import { TASK_KINDS } from '~/referrals/follow-up';
import { HANDOUT_CHANNEL_LABELS } from '~/directory/handout';
import { REASON_KIND_FOR_STATUS, STATUS_LABELS, type ReferralStatus } from '~/referrals/lifecycle';
import { reasonLabel, reasonsOfKind, type ReasonCode } from '~/referrals/reasons';
import type { ReferralActionResult } from '~/referrals/referral-page.server';
import type { ReferralDetail, TimelineEvent } from '~/referrals/referrals.server';
import { categoryLabel } from '~/screening/sdoh-categories';
import { formatDate } from './confirmation';
import { CsrfInput, Field, FormError } from './forms';
import { StatusBadge, useFormatDateTime, useLocaleTag } from './status';

export const ACTION_LABELS: Partial<Record<ReferralStatus, string>> = {
  requested: 'Send',
  accepted: 'Accept',
  rejected: 'Decline',
  'in-progress': 'Start work',
  'on-hold': 'Put on hold',
  completed: 'Complete',
  failed: 'Mark as failed',
  cancelled: 'Cancel referral',
  'entered-in-error': 'Entered in error',
};

/** The label of a coded reason in the page's language. */
export function useReasonLabel(reasons: readonly ReasonCode[]) {
  const { i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : 'en';
  return (kind: string | null, code: string | null) => reasonLabel(reasons, kind, code, locale);
}

// One whole sentence per consent method, so each language can word it its own way.
function consentSentence(t: TFunction, method: string, values: { items: string; date: string }): string {
  switch (method) {
    case 'verbal':
      return t('verbal consent to share {{items}}, until {{date}}', values);
    case 'written':
      return t('written consent to share {{items}}, until {{date}}', values);
    case 'signed-on-screen':
      return t('consent signed on screen to share {{items}}, until {{date}}', values);
    default:
      return t('{{method}} consent to share {{items}}, until {{date}}', { ...values, method });
  }
}

type Referral = ReferralDetail;

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** What overdue and stuck mean, in the words the lists use. */
export function DueDefinitions() {
  const { t } = useTranslation();
  return (
    <details className="definitions">
      <summary>{t('What “overdue” and “stuck” mean')}</summary>
      <p>
        {t(
          'Overdue: the receiving organisation has not answered (accepted or declined) within its response window, counted in its business days — Monday to Friday in its time zone, without its holidays. The window is 3 business days unless the organisation set another.',
        )}
      </p>
      <p>{t('Stuck: an accepted, in-progress or on-hold referral with no update — no status change, message or contact attempt — for 14 days.')}</p>
    </details>
  );
}

export function ReferralSummary({ referral, reasons }: { referral: Referral; reasons: readonly ReasonCode[] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const localeTag = useLocaleTag();
  const labelOf = useReasonLabel(reasons);
  const receiving = referral.side === 'receiving';
  const consentEnded = referral.consent.state !== 'active';
  const items = referral.consent.sharedItems
    .map((item) => (SHARED_ITEMS[item as SharedItem] ? t(SHARED_ITEMS[item as SharedItem]).toLowerCase() : item))
    .join(', ');
  const patient = referral.patient;
  return (
    <>
      <div className="page-heading">
        <h1>{referral.serviceName}</h1>
        <p className="badges">
          <StatusBadge status={referral.status} />
          {referral.overdue ? <span className="badge badge--overdue">{t('Overdue')}</span> : null}
          {referral.stuck ? <span className="badge badge--overdue">{t('Stuck')}</span> : null}
          {!referral.managed ? <span className="badge">{t('Not on CareLoop')}</span> : null}
        </p>
      </div>
      {receiving && consentEnded ? (
        <p className="notice" role="note">
          <strong>
            {referral.consent.state === 'withdrawn'
              ? t('The patient withdrew consent on {{date}}.', { date: formatDateTime(referral.consent.withdrawnAt!) })
              : t('The patient’s consent ended on {{date}}.', { date: formatDate(referral.consent.expiresOn, localeTag) })}
          </strong>{' '}
          {t('Their details are no longer shared with your organisation.')}
        </p>
      ) : null}
      {!referral.managed && referral.side === 'referring' ? (
        <p className="notice">
          {t('{{organization}} is not on CareLoop: the patient contacts the service, and you record what happened.', {
            organization: referral.serviceOrganization,
          })}
        </p>
      ) : null}
      <dl className="facts">
        {!(receiving && consentEnded) ? (
          <Fact term={t('Patient')}>
            {patient.name
              ? patient.birthDate
                ? t('{{name}}, born {{birthDate}}', { name: patient.name, birthDate: patient.birthDate })
                : patient.name
              : t('Not shared')}
          </Fact>
        ) : null}
        {patient.doNotContact ? (
          <Fact term={t('Contact')}>
            <strong>{t('Do not contact.')}</strong> {receiving ? t('The patient will contact you.') : t('The patient asked not to be contacted.')}
          </Fact>
        ) : (
          <>
            {patient.phone ? (
              <Fact term={t('Phone')}>
                <a href={`tel:${patient.phone.replace(/[^\d+]/g, '')}`}>{t('Call {{phone}}', { phone: patient.phone })}</a>
                {patient.bestTimeToCall ? ` · ${t('best time: {{time}}', { time: patient.bestTimeToCall })}` : ''}
              </Fact>
            ) : null}
            {patient.email ? (
              <Fact term={t('E-mail')}>
                <a href={`mailto:${patient.email}`}>{t('E-mail {{email}}', { email: patient.email })}</a>
              </Fact>
            ) : null}
            {patient.address ? <Fact term={t('Address')}>{patient.address}</Fact> : null}
            {patient.contactPreference && receiving ? (
              <Fact term={t('How the patient wants to be contacted')}>
                {t(CONTACT_PREFERENCES[patient.contactPreference as keyof typeof CONTACT_PREFERENCES] ?? patient.contactPreference)}
              </Fact>
            ) : null}
          </>
        )}
        {patient.preferredLanguage ? <Fact term={t('Preferred language')}>{t(languageName(patient.preferredLanguage))}</Fact> : null}
        {patient.postalCode && !patient.address ? <Fact term={t('ZIP code')}>{patient.postalCode}</Fact> : null}
        <Fact term={t('Need')}>{referral.needCategory ? t(categoryLabel(referral.needCategory)) : t('Not shared')}</Fact>
        <Fact term={t('From')}>{referral.referringOrganization}</Fact>
        <Fact term={t('To')}>{referral.serviceOrganization}</Fact>
        <Fact term={t('Sent')}>{formatDateTime(referral.sentAt)}</Fact>
        {referral.responseDueAt ? (
          <Fact term={t('Answer due by')}>
            {formatDateTime(new Date(new Date(referral.responseDueAt).getTime() - 60_000).toISOString())}
            {referral.respondedAt ? ` · ${t('answered {{date}}', { date: formatDateTime(referral.respondedAt) })}` : ''}
          </Fact>
        ) : null}
        {referral.reason ? (
          <Fact term={referral.status === 'completed' ? t('What was delivered') : t('Reason')}>
            {labelOf(referral.reason.kind, referral.reason.code)}
            {referral.reason.text ? ` — ${referral.reason.text}` : ''}
          </Fact>
        ) : null}
        {referral.replaces ? (
          <Fact term={t('Replaces')}>
            <Link to={`../${referral.replaces.id}`} relative="path">
              {referral.replaces.serviceName}
            </Link>{' '}
            <StatusBadge status={referral.replaces.status} />
          </Fact>
        ) : null}
        {referral.replacedBy.length ? (
          <Fact term={t('Referred again to')}>
            {referral.replacedBy.map((other) => (
              <span key={other.id}>
                <Link to={`../${other.id}`} relative="path">
                  {other.serviceName}
                </Link>{' '}
                <StatusBadge status={other.status} />{' '}
              </span>
            ))}
          </Fact>
        ) : null}
        {!(receiving && consentEnded) ? (
          <Fact term={t('Consent')}>
            {referral.managed
              ? consentSentence(t, referral.consent.method, { items, date: formatDate(referral.consent.expiresOn, localeTag) })
              : t(CONSENT_METHODS[referral.consent.method])}
            {' · '}
            {referral.consent.givenBy === 'representative' && referral.consent.representativeName
              ? t('given by {{name}} ({{relationship}}), recorded by {{recorder}}', {
                  name: referral.consent.representativeName,
                  relationship: referral.consent.representativeRelationship ?? t(CONSENT_GIVERS.representative),
                  recorder: referral.consent.recordedBy,
                })
              : t('given by the patient, recorded by {{recorder}}', { recorder: referral.consent.recordedBy })}
            {referral.consent.state === 'withdrawn' ? ` · ${t('withdrawn {{date}}', { date: formatDateTime(referral.consent.withdrawnAt!) })}` : ''}
            {referral.consent.state === 'expired' ? ` · ${t('expired')}` : ''}
          </Fact>
        ) : null}
      </dl>
      {referral.note ? (
        <blockquote className="note">
          <p>{referral.note}</p>
        </blockquote>
      ) : null}
      {referral.screeningAnswers?.length ? (
        <section aria-labelledby="answers-heading">
          <h2 id="answers-heading">{t('Screening answers behind the need')}</h2>
          <dl className="facts">
            {referral.screeningAnswers.map((answer, index) => (
              <Fact key={index} term={answer.question}>
                {answer.answers.length ? answer.answers.join(', ') : answer.status === 'asked-declined' ? t('Declined to answer') : t('Not asked')}
              </Fact>
            ))}
          </dl>
        </section>
      ) : null}
    </>
  );
}

function eventTitle(t: TFunction, event: TimelineEvent): string {
  switch (event.kind) {
    case 'status':
      return event.fromStatus ? t(STATUS_LABELS[event.toStatus!]) : t('Referral sent');
    case 'follow-up':
      // "Still waiting" moves nothing along the lifecycle: only what the patient said is new.
      return event.toStatus ? t(STATUS_LABELS[event.toStatus]) : t('What the patient told you');
    case 'consent-withdrawn':
      return t('Consent withdrawn');
    case 'consent-expired':
      return t('Consent ended');
    case 'assigned':
      return event.subject ? t('Assigned to {{name}}', { name: event.subject }) : t('Nobody responsible');
    case 'task-completed':
      return t('Follow-up done: {{task}}', { task: t(TASK_KINDS[event.subject as keyof typeof TASK_KINDS] ?? event.subject ?? '') });
    case 'handout-given':
      return t(HANDOUT_CHANNEL_LABELS[event.method as keyof typeof HANDOUT_CHANNEL_LABELS] ?? HANDOUT_CHANNEL_LABELS.print);
    case 'contact-attempt':
      return t('Contact attempt: {{method}} — {{result}}', {
        method: t(CONTACT_METHODS[event.method as keyof typeof CONTACT_METHODS] ?? event.method ?? ''),
        result: t(CONTACT_RESULTS[event.result as keyof typeof CONTACT_RESULTS] ?? event.result ?? '').toLowerCase(),
      });
  }
}

export function Timeline({ events, reasons }: { events: TimelineEvent[]; reasons: readonly ReasonCode[] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const labelOf = useReasonLabel(reasons);
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('Timeline')}</h2>
      <ol className="timeline">
        {events.map((event, index) => (
          <li key={index}>
            <p>
              <strong>{eventTitle(t, event)}</strong> · <time dateTime={event.at}>{formatDateTime(event.at)}</time>
            </p>
            {event.actorName ? (
              <p>
                {event.actorName}, {event.actorOrganization}
              </p>
            ) : null}
            {event.kind === 'follow-up' && event.reasonCode ? <p>{labelOf('follow-up', event.reasonCode)}</p> : null}
            {event.kind === 'status' && event.reasonCode ? (
              <p>
                {event.toStatus === 'completed'
                  ? t('Delivered: {{what}}', { what: labelOf(event.reasonKind, event.reasonCode) })
                  : t('Reason: {{reason}}', { reason: labelOf(event.reasonKind, event.reasonCode) })}
                {event.reason ? ` — ${event.reason}` : ''}
              </p>
            ) : null}
            {event.note ? <p>{t('Note: {{note}}', { note: event.note })}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function ReasonFields({
  status,
  reasons,
  errors,
  values,
  preselect,
}: {
  status: ReferralStatus;
  reasons: readonly ReasonCode[];
  errors: Record<string, string | undefined>;
  values: Record<string, unknown>;
  preselect?: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : 'en';
  const kind = REASON_KIND_FOR_STATUS[status];
  const [chosen, setChosen] = useState(String(values.reasonCode ?? preselect ?? ''));
  if (!kind) return null;
  const options = reasonsOfKind(reasons, kind);
  const needsText = options.find((option) => option.code === chosen)?.needsText ?? false;
  return (
    <>
      <Field label={status === 'completed' ? t('What was delivered') : t('Reason')} error={errors.reasonCode}>
        {(props) => (
          <select {...props} name="reasonCode" value={chosen} onChange={(event) => setChosen(event.target.value)}>
            <option value="">{t('Choose…')}</option>
            {options.map((option) => (
              <option key={option.code} value={option.code}>
                {option.label[locale]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={needsText ? t('In a few words') : t('In a few words (optional)')}
        hint={status === 'completed' ? undefined : t('Shared with the other organisation.')}
        error={errors.reason}
      >
        {(props) => <textarea {...props} name="reason" rows={2} defaultValue={String(values.reason ?? '')} />}
      </Field>
    </>
  );
}

/** One small form per next step, each a real POST that works without JavaScript. */
export function StatusActions({
  referral,
  next,
  reasons,
  proposeUnableToContact,
}: {
  referral: Referral;
  next: ReferralStatus[];
  reasons: readonly ReasonCode[];
  proposeUnableToContact: boolean;
}) {
  const { t } = useTranslation();
  const result = useActionData<ReferralActionResult>();
  if (next.length === 0) return null;
  const mine = result?.intent === 'status' && !result.ok ? result : undefined;
  const failedStatus = mine?.values.status as ReferralStatus | undefined;
  return (
    <section aria-labelledby="actions-heading" className="actions">
      <h2 id="actions-heading">{t('Update this referral')}</h2>
      {mine ? <FormError message={mine.formError} /> : null}
      {proposeUnableToContact && next.includes('failed') ? (
        <p className="notice">{t('Three attempts to reach the patient have failed. If you cannot reach them, close the referral as failed: unable to contact.')}</p>
      ) : null}
      <div className="action-forms">
        {next.map((status) => {
          const needsReason = REASON_KIND_FOR_STATUS[status] !== undefined;
          const errors = failedStatus === status ? (mine?.fieldErrors ?? {}) : {};
          const values = failedStatus === status ? (mine?.values ?? {}) : {};
          const action = t(ACTION_LABELS[status] ?? STATUS_LABELS[status]);
          const proposed = status === 'failed' && proposeUnableToContact;
          const fields = (
            <>
              {needsReason ? (
                <ReasonFields status={status} reasons={reasons} errors={errors} values={values} preselect={proposed ? 'unable-to-contact' : undefined} />
              ) : null}
              {needsReason ? (
                <Field label={t('Note (optional)')} error={errors.note}>
                  {(props) => <textarea {...props} name="note" rows={2} defaultValue={String(values.note ?? '')} />}
                </Field>
              ) : null}
              <button type="submit" className={status === 'accepted' || status === 'completed' ? 'primary' : undefined}>
                {action}
              </button>
            </>
          );
          return (
            <Form method="post" key={status} className="action-form" aria-label={action}>
              <CsrfInput />
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="status" value={status} />
              <input type="hidden" name="version" value={referral.version} />
              {needsReason ? (
                <details open={failedStatus === status || proposed}>
                  <summary>{action}…</summary>
                  {fields}
                </details>
              ) : (
                fields
              )}
            </Form>
          );
        })}
      </div>
    </section>
  );
}
