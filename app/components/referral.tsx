import { Form, useActionData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { OUTCOMES, STATUSES_NEEDING_REASON, STATUS_LABELS, type ReferralStatus } from '~/referrals/lifecycle';
import { SHARED_ITEMS, type SharedItem } from '~/referrals/referral.schema';
import type { ReferralDetail } from '~/referrals/referrals.server';
import { languageName } from '~/patients/languages';
import { categoryLabel } from '~/screening/sdoh-categories';
import { CsrfInput, Field, FormError } from './forms';
import { StatusBadge, useFormatDateTime } from './status';

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

// One whole sentence per consent method, so each language can word it its own way.
function consentSentence(t: TFunction, method: string, values: { items: string; date: string }): string {
  switch (method) {
    case 'verbal':
      return t('verbal consent to share {{items}}, until {{date}}', values);
    case 'written':
      return t('written consent to share {{items}}, until {{date}}', values);
    case 'electronic':
      return t('electronic consent to share {{items}}, until {{date}}', values);
    default:
      return t('{{method}} consent to share {{items}}, until {{date}}', { ...values, method });
  }
}

type Serialized<T> = { [K in keyof T]: T[K] };

export function ReferralSummary({ referral }: { referral: Serialized<ReferralDetail> }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const patientName = referral.patient.name ?? t('Not shared');
  const outcome = referral.outcome ? (OUTCOMES[referral.outcome as keyof typeof OUTCOMES] ?? referral.outcome) : null;
  const sharedItems = referral.consent.sharedItems
    .map((item) => (SHARED_ITEMS[item as SharedItem] ? t(SHARED_ITEMS[item as SharedItem]).toLowerCase() : item))
    .join(', ');
  return (
    <>
      <div className="page-heading">
        <h1>{referral.serviceName}</h1>
        <StatusBadge status={referral.status} />
      </div>
      <dl className="facts">
        <dt>{t('Patient')}</dt>
        <dd>
          {referral.patient.birthDate
            ? t('{{name}}, born {{birthDate}}', { name: patientName, birthDate: referral.patient.birthDate })
            : patientName}
        </dd>
        {referral.patient.preferredLanguage ? (
          <>
            <dt>{t('Preferred language')}</dt>
            <dd>{t(languageName(referral.patient.preferredLanguage))}</dd>
          </>
        ) : null}
        {referral.patient.postalCode ? (
          <>
            <dt>{t('ZIP code')}</dt>
            <dd>{referral.patient.postalCode}</dd>
          </>
        ) : null}
        <dt>{t('Need')}</dt>
        <dd>{referral.needCategory ? t(categoryLabel(referral.needCategory)) : t('Not shared')}</dd>
        <dt>{t('From')}</dt>
        <dd>{referral.referringOrganization}</dd>
        <dt>{t('To')}</dt>
        <dd>{referral.receivingOrganization}</dd>
        <dt>{t('Sent')}</dt>
        <dd>{formatDateTime(referral.sentAt)}</dd>
        {referral.statusReason ? (
          <>
            <dt>{t('Reason')}</dt>
            <dd>{referral.statusReason}</dd>
          </>
        ) : null}
        {outcome ? (
          <>
            <dt>{t('Outcome')}</dt>
            <dd>{t(outcome)}</dd>
          </>
        ) : null}
        <dt>{t('Consent')}</dt>
        <dd>
          {consentSentence(t, referral.consent.method, { items: sharedItems, date: referral.consent.expiresOn })}
        </dd>
      </dl>
      {referral.note ? (
        <blockquote className="note">
          <p>{referral.note}</p>
        </blockquote>
      ) : null}
    </>
  );
}

export function Timeline({ events }: { events: ReferralDetail['timeline'] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('Timeline')}</h2>
      <ol className="timeline">
        {events.map((event, index) => (
          <li key={index}>
            <p>
              <strong>{event.fromStatus ? t(STATUS_LABELS[event.toStatus]) : t('Referral sent')}</strong> ·{' '}
              <time dateTime={event.at}>{formatDateTime(event.at)}</time>
            </p>
            <p>
              {event.actorName}, {event.actorOrganization}
            </p>
            {event.reason ? <p>{t('Reason: {{reason}}', { reason: event.reason })}</p> : null}
            {event.outcome ? (
              <p>{t('Outcome: {{outcome}}', { outcome: t(OUTCOMES[event.outcome as keyof typeof OUTCOMES] ?? event.outcome) })}</p>
            ) : null}
            {event.note ? <p>{t('Note: {{note}}', { note: event.note })}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

interface ActionResult {
  ok: boolean;
  fieldErrors: Record<string, string>;
  formError: string | null;
  values: Record<string, unknown>;
}

/** One small form per next step, each a real POST that works without JavaScript. */
export function StatusActions({ referral, next }: { referral: Serialized<ReferralDetail>; next: ReferralStatus[] }) {
  const { t } = useTranslation();
  const result = useActionData<ActionResult>();
  const saved = result?.ok ? (
    <p className="success" role="status">
      {t('Saved. The referral is now {{status}}.', { status: t(STATUS_LABELS[referral.status]).toLowerCase() })}
    </p>
  ) : null;
  if (next.length === 0) return saved;
  const failedStatus = result && !result.ok ? (result.values.status as ReferralStatus | undefined) : undefined;
  return (
    <section aria-labelledby="actions-heading" className="actions">
      <h2 id="actions-heading">{t('Update this referral')}</h2>
      {saved}
      <FormError message={result && !result.ok ? result.formError : null} />
      <div className="action-forms">
        {next.map((status) => {
          const needsReason = STATUSES_NEEDING_REASON.includes(status);
          const needsOutcome = status === 'completed';
          const simple = !needsReason && !needsOutcome;
          const errors = failedStatus === status ? (result?.fieldErrors ?? {}) : {};
          const action = t(ACTION_LABELS[status] ?? STATUS_LABELS[status]);
          const fields = (
            <>
              {needsOutcome ? (
                <Field label={t('Outcome')} error={errors.outcome}>
                  {(props) => (
                    <select {...props} name="outcome" defaultValue="">
                      <option value="">{t('Choose the outcome')}</option>
                      {Object.entries(OUTCOMES).map(([value, label]) => (
                        <option key={value} value={value}>
                          {t(label)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              ) : null}
              {needsReason ? (
                <Field label={t('Reason ({{status}})', { status: t(STATUS_LABELS[status]).toLowerCase() })} error={errors.reason}>
                  {(props) => <textarea {...props} name="reason" rows={2} />}
                </Field>
              ) : null}
              {!simple ? (
                <Field label={t('Note (optional)')} error={errors.note}>
                  {(props) => <textarea {...props} name="note" rows={2} />}
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
              <input type="hidden" name="status" value={status} />
              <input type="hidden" name="version" value={referral.version} />
              {simple ? (
                fields
              ) : (
                <details open={failedStatus === status}>
                  <summary>{action}…</summary>
                  {fields}
                </details>
              )}
            </Form>
          );
        })}
      </div>
    </section>
  );
}
