import { Form, useActionData } from '@remix-run/react';
import { OUTCOMES, STATUSES_NEEDING_REASON, STATUS_LABELS, type ReferralStatus } from '~/referrals/lifecycle';
import { SHARED_ITEMS, type SharedItem } from '~/referrals/referral.schema';
import type { ReferralDetail } from '~/referrals/referrals.server';
import { languageName } from '~/patients/languages';
import { categoryLabel } from '~/screening/sdoh-categories';
import { CsrfInput, Field, FormError } from './forms';
import { StatusBadge, formatDateTime } from './status';

const ACTION_LABELS: Partial<Record<ReferralStatus, string>> = {
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

type Serialized<T> = { [K in keyof T]: T[K] };

export function ReferralSummary({ referral }: { referral: Serialized<ReferralDetail> }) {
  return (
    <>
      <div className="page-heading">
        <h1>{referral.serviceName}</h1>
        <StatusBadge status={referral.status} />
      </div>
      <dl className="facts">
        <dt>Patient</dt>
        <dd>
          {referral.patient.name ?? 'Not shared'}
          {referral.patient.birthDate ? `, born ${referral.patient.birthDate}` : ''}
        </dd>
        {referral.patient.preferredLanguage ? (
          <>
            <dt>Preferred language</dt>
            <dd>{languageName(referral.patient.preferredLanguage)}</dd>
          </>
        ) : null}
        {referral.patient.postalCode ? (
          <>
            <dt>ZIP code</dt>
            <dd>{referral.patient.postalCode}</dd>
          </>
        ) : null}
        <dt>Need</dt>
        <dd>{referral.needCategory ? categoryLabel(referral.needCategory) : 'Not shared'}</dd>
        <dt>From</dt>
        <dd>{referral.referringOrganization}</dd>
        <dt>To</dt>
        <dd>{referral.receivingOrganization}</dd>
        <dt>Sent</dt>
        <dd>{formatDateTime(referral.sentAt)}</dd>
        {referral.statusReason ? (
          <>
            <dt>Reason</dt>
            <dd>{referral.statusReason}</dd>
          </>
        ) : null}
        {referral.outcome ? (
          <>
            <dt>Outcome</dt>
            <dd>{OUTCOMES[referral.outcome as keyof typeof OUTCOMES] ?? referral.outcome}</dd>
          </>
        ) : null}
        <dt>Consent</dt>
        <dd>
          {referral.consent.method} consent to share{' '}
          {referral.consent.sharedItems.map((item) => SHARED_ITEMS[item as SharedItem]?.toLowerCase() ?? item).join(', ')}, until{' '}
          {referral.consent.expiresOn}
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
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <ol className="timeline">
        {events.map((event, index) => (
          <li key={index}>
            <p>
              <strong>{event.fromStatus ? STATUS_LABELS[event.toStatus] : 'Referral sent'}</strong> ·{' '}
              <time dateTime={event.at}>{formatDateTime(event.at)}</time>
            </p>
            <p>
              {event.actorName}, {event.actorOrganization}
            </p>
            {event.reason ? <p>Reason: {event.reason}</p> : null}
            {event.outcome ? <p>Outcome: {OUTCOMES[event.outcome as keyof typeof OUTCOMES] ?? event.outcome}</p> : null}
            {event.note ? <p>Note: {event.note}</p> : null}
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
  const result = useActionData<ActionResult>();
  const saved = result?.ok ? (
    <p className="success" role="status">
      Saved. The referral is now {STATUS_LABELS[referral.status].toLowerCase()}.
    </p>
  ) : null;
  if (next.length === 0) return saved;
  const failedStatus = result && !result.ok ? (result.values.status as ReferralStatus | undefined) : undefined;
  return (
    <section aria-labelledby="actions-heading" className="actions">
      <h2 id="actions-heading">Update this referral</h2>
      {saved}
      <FormError message={result && !result.ok ? result.formError : null} />
      <div className="action-forms">
        {next.map((status) => {
          const needsReason = STATUSES_NEEDING_REASON.includes(status);
          const needsOutcome = status === 'completed';
          const simple = !needsReason && !needsOutcome;
          const errors = failedStatus === status ? (result?.fieldErrors ?? {}) : {};
          const fields = (
            <>
              {needsOutcome ? (
                <Field label="Outcome" error={errors.outcome}>
                  {(props) => (
                    <select {...props} name="outcome" defaultValue="">
                      <option value="">Choose the outcome</option>
                      {Object.entries(OUTCOMES).map(([value, label]) => (
                        <option key={value} value={value}>
                          {label}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              ) : null}
              {needsReason ? (
                <Field label={`Reason (${STATUS_LABELS[status].toLowerCase()})`} error={errors.reason}>
                  {(props) => <textarea {...props} name="reason" rows={2} />}
                </Field>
              ) : null}
              {!simple ? (
                <Field label="Note (optional)" error={errors.note}>
                  {(props) => <textarea {...props} name="note" rows={2} />}
                </Field>
              ) : null}
              <button type="submit" className={status === 'accepted' || status === 'completed' ? 'primary' : undefined}>
                {ACTION_LABELS[status]}
              </button>
            </>
          );
          return (
            <Form method="post" key={status} className="action-form" aria-label={ACTION_LABELS[status]}>
              <CsrfInput />
              <input type="hidden" name="status" value={status} />
              <input type="hidden" name="version" value={referral.version} />
              {simple ? (
                fields
              ) : (
                <details open={failedStatus === status}>
                  <summary>{ACTION_LABELS[status]}…</summary>
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
