// The working parts of a referral page: the conversation, contact attempts, who is responsible,
// consent, follow-up tasks and, for a service not on CareLoop, its details and what happened.
import { Form, Link, useActionData } from '@remix-run/react';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTACT_METHODS, CONTACT_RESULTS } from '~/referrals/contact-attempts';
import { TASK_KINDS, suggestedDueDate, type TaskKind } from '~/referrals/follow-up';
import { isClosed, REREFERABLE_STATUSES } from '~/referrals/lifecycle';
import { reasonsOfKind, type ReasonCode } from '~/referrals/reasons';
import type { ReferralActionResult } from '~/referrals/referral-page.server';
import type { ReferralDetail } from '~/referrals/referrals.server';
import type { ReferralMessage } from '~/referrals/conversation.server';
import type { ServiceContact } from '~/referrals/service-contact.server';
import type { FollowUpTask } from '~/referrals/tasks.server';
import { formatDate } from './confirmation';
import { CsrfInput, Field, FormError } from './forms';
import { useFormatDateTime, useLocaleTag } from './status';

/** The action's answer when it came from the form with this intent. */
function useResultOf(intent: string) {
  const result = useActionData<ReferralActionResult>();
  return result?.intent === intent ? result : undefined;
}

function Hidden({ intent }: { intent: string }) {
  return (
    <>
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
    </>
  );
}

export function MessageThread({ messages, canPost, managed, side }: { messages: ReferralMessage[]; canPost: boolean; managed: boolean; side: ReferralDetail['side'] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const result = useResultOf('message');
  const failed = result && !result.ok ? result : undefined;
  const unread = messages.filter((message) => message.unread).length;
  return (
    <section aria-labelledby="messages-heading" className="panel">
      <h2 id="messages-heading">
        {managed ? t('Messages') : t('Notes')}
        {unread ? <span className="badge badge--requested">{t('{{count}} new', { count: unread })}</span> : null}
      </h2>
      {managed ? (
        <p className="hint">
          {side === 'referring'
            ? t('Messages go to the receiving organisation. An internal note stays inside your organisation.')
            : t('Messages go to the referring worker. An internal note stays inside your organisation.')}
        </p>
      ) : null}
      {messages.length === 0 ? (
        <p>{t('No messages yet.')}</p>
      ) : (
        <ol className="messages" aria-label={managed ? t('Messages') : t('Notes')}>
          {messages.map((message) => (
            <li key={message.id} className={[message.unread ? 'unread' : '', message.internal ? 'internal' : '', message.mine ? 'mine' : ''].join(' ').trim() || undefined}>
              <p className="message-meta">
                <strong>{message.authorName}</strong>, {message.authorOrganization} · <time dateTime={message.at}>{formatDateTime(message.at)}</time>
                {message.internal ? <span className="badge">{t('Internal note')}</span> : null}
                {message.unread ? <span className="badge badge--requested">{t('Unread')}</span> : null}
              </p>
              <p className="message-body">{message.body}</p>
            </li>
          ))}
        </ol>
      )}
      {canPost ? (
        <Form method="post" className="message-form">
          <Hidden intent="message" />
          <FormError message={failed?.formError && !failed.fieldErrors.body ? failed.formError : null} />
          <Field label={managed ? t('Write a message') : t('Write a note')} error={failed?.fieldErrors.body}>
            {(props) => <textarea {...props} name="body" rows={3} defaultValue={String(failed?.values.body ?? '')} />}
          </Field>
          {managed ? (
            <label className="choice">
              <input type="checkbox" name="internal" value="on" defaultChecked={failed?.values.internal === 'on'} />
              {t('Internal note: only my organisation sees it')}
            </label>
          ) : null}
          <button type="submit">{managed ? t('Send') : t('Save note')}</button>
        </Form>
      ) : null}
    </section>
  );
}

export function ContactAttempts({ referral, now }: { referral: ReferralDetail; now: string }) {
  const { t } = useTranslation();
  const result = useResultOf('attempt');
  const failed = result && !result.ok ? result : undefined;
  if (isClosed(referral.status) || referral.consent.state !== 'active') return null;
  return (
    <section aria-labelledby="attempts-heading" className="panel">
      <h2 id="attempts-heading">{t('Log a contact attempt')}</h2>
      <Form method="post" className="field-row">
        <Hidden intent="attempt" />
        <FormError message={failed?.formError && !Object.keys(failed.fieldErrors).length ? failed.formError : null} />
        <Field label={t('When')} error={failed?.fieldErrors.attemptedAt}>
          {(props) => <input {...props} type="datetime-local" name="attemptedAt" defaultValue={String(failed?.values.attemptedAt ?? now)} max={now} />}
        </Field>
        <Field label={t('How')} error={failed?.fieldErrors.method}>
          {(props) => (
            <select {...props} name="method" defaultValue={String(failed?.values.method ?? 'phone')}>
              {Object.entries(CONTACT_METHODS).map(([value, label]) => (
                <option key={value} value={value}>
                  {t(label)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('Result')} error={failed?.fieldErrors.result}>
          {(props) => (
            <select {...props} name="result" defaultValue={String(failed?.values.result ?? '')}>
              <option value="">{t('Choose…')}</option>
              {Object.entries(CONTACT_RESULTS).map(([value, label]) => (
                <option key={value} value={value}>
                  {t(label)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('Note (optional)')} error={failed?.fieldErrors.note}>
          {(props) => <input {...props} type="text" name="note" defaultValue={String(failed?.values.note ?? '')} />}
        </Field>
        <div>
          <button type="submit">{t('Log attempt')}</button>
        </div>
      </Form>
    </section>
  );
}

export function AssignForm({
  staff,
  current,
  label,
}: {
  staff: Array<{ id: string; name: string }>;
  current: { id: string; name: string } | null;
  label: string;
}) {
  const { t } = useTranslation();
  const result = useResultOf('assign');
  const failed = result && !result.ok ? result : undefined;
  return (
    <Form method="post" className="inline-form" aria-label={label}>
      <Hidden intent="assign" />
      <input type="hidden" name="seenAssigneeId" value={current?.id ?? ''} />
      <FormError message={failed?.formError} />
      <Field label={label} error={failed?.fieldErrors.assigneeId}>
        {(props) => (
          <select {...props} name="assigneeId" defaultValue={current?.id ?? ''} key={current?.id ?? 'none'}>
            <option value="">{t('Nobody')}</option>
            {staff.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit">{t('Assign')}</button>
    </Form>
  );
}

export function ConsentWithdrawal({ referral }: { referral: ReferralDetail }) {
  const { t } = useTranslation();
  const result = useResultOf('withdraw-consent');
  const failed = result && !result.ok ? result : undefined;
  if (referral.consent.state !== 'active' || isClosed(referral.status) || !referral.managed) return null;
  return (
    <Form method="post" className="action-form" aria-label={t('Withdraw consent')}>
      <Hidden intent="withdraw-consent" />
      <input type="hidden" name="consentVersion" value={referral.consent.version} />
      <details open={Boolean(failed)}>
        <summary>{t('The patient withdraws consent…')}</summary>
        <FormError message={failed?.formError} />
        <p className="hint">{t('From now on the organisation sees only that consent was withdrawn; it is told at once.')}</p>
        <Field label={t('Note (optional)')} error={failed?.fieldErrors.note}>
          {(props) => <textarea {...props} name="note" rows={2} />}
        </Field>
        <button type="submit">{t('Withdraw consent')}</button>
      </details>
    </Form>
  );
}

export function ReReferLink({ referral }: { referral: ReferralDetail }) {
  const { t } = useTranslation();
  if (!REREFERABLE_STATUSES.includes(referral.status) || !referral.patient.id || !referral.needId || referral.replacedBy.length) return null;
  return (
    <p>
      <Link className="button primary" to={`/patients/${referral.patient.id}/needs/${referral.needId}?replaces=${referral.id}`}>
        {t('Refer again')}
      </Link>{' '}
      <span className="hint">{t('Opens the services for this need, with this one marked; the new referral replaces this one.')}</span>
    </p>
  );
}

/** The details of a service not on CareLoop, and (for the referring side) the directory's handout of them for the patient. */
export function ServiceContactCard({ contact, handoutHref }: { contact: ServiceContact; handoutHref: string | null }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="service-contact-heading" className="card">
      <h2 id="service-contact-heading">{t('How the patient reaches {{organization}}', { organization: contact.organizationName })}</h2>
      {handoutHref ? (
        <p>
          <Link className="button primary" to={handoutHref}>
            {t('Give the patient the handout')}
          </Link>{' '}
          <span className="hint">{t('Print it, or send it by text or e-mail, in the patient’s language.')}</span>
        </p>
      ) : (
        <p className="hint">{t('Give the patient these details (print this page, or read them out).')}</p>
      )}
      <dl className="facts">
        {contact.phones.map((phone, index) => (
          <Fragment key={index}>
            <dt>{phone.description ?? t('Phone')}</dt>
            <dd>
              <a href={`tel:${phone.number.replace(/[^\d+]/g, '')}`}>{phone.number}</a>
            </dd>
          </Fragment>
        ))}
        {contact.address ? (
          <>
            <dt>{t('Address')}</dt>
            <dd>{contact.address}</dd>
          </>
        ) : null}
        {contact.hours.length ? (
          <>
            <dt>{t('Hours')}</dt>
            <dd>{contact.hours.join(' · ')}</dd>
          </>
        ) : null}
        {contact.url ? (
          <>
            <dt>{t('Web site')}</dt>
            <dd>
              <a href={contact.url} rel="noreferrer noopener" target="_blank">
                {contact.url}
              </a>
            </dd>
          </>
        ) : null}
        {contact.email ? (
          <>
            <dt>{t('E-mail')}</dt>
            <dd>
              <a href={`mailto:${contact.email}`}>{contact.email}</a>
            </dd>
          </>
        ) : null}
        {contact.applicationProcess ? (
          <>
            <dt>{t('How to apply')}</dt>
            <dd>{contact.applicationProcess}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

export function UnmanagedFollowUp({ referral, reasons }: { referral: ReferralDetail; reasons: readonly ReasonCode[] }) {
  const { t, i18n } = useTranslation();
  const result = useResultOf('follow-up');
  const failed = result && !result.ok ? result : undefined;
  if (isClosed(referral.status)) return null;
  const locale = i18n.language === 'es' ? 'es' : 'en';
  return (
    <section aria-labelledby="follow-up-heading" className="actions">
      <h2 id="follow-up-heading">{t('What happened?')}</h2>
      <Form method="post">
        <Hidden intent="follow-up" />
        <input type="hidden" name="version" value={referral.version} />
        <FormError message={failed?.formError} />
        <fieldset className={failed?.fieldErrors.result ? 'field--error' : undefined}>
          <legend>{t('What the patient told you')}</legend>
          {failed?.fieldErrors.result ? <p className="error">{t(failed.fieldErrors.result)}</p> : null}
          {reasonsOfKind(reasons, 'follow-up').map((reason) => (
            <label key={reason.code} className="choice">
              <input type="radio" name="result" value={reason.code} defaultChecked={failed?.values.result === reason.code} />
              {reason.label[locale]}
            </label>
          ))}
        </fieldset>
        <Field label={t('Note (optional)')} error={failed?.fieldErrors.note}>
          {(props) => <textarea {...props} name="note" rows={2} />}
        </Field>
        <button type="submit" className="primary">
          {t('Save what happened')}
        </button>
      </Form>
    </section>
  );
}

export function FollowUpTasks({
  tasks,
  staff,
  today,
  followUpBusinessDays,
  holidays,
  canWrite,
}: {
  tasks: FollowUpTask[];
  staff: Array<{ id: string; name: string }>;
  today: string;
  followUpBusinessDays: number;
  holidays: string[];
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const localeTag = useLocaleTag();
  const formatDateTime = useFormatDateTime();
  const added = useResultOf('add-task');
  const completed = useResultOf('complete-task');
  const failedAdd = added && !added.ok ? added : undefined;
  const holidaySet = new Set(holidays);
  const kind = (failedAdd?.values.kind as TaskKind | undefined) ?? 'call-patient';
  return (
    <section aria-labelledby="tasks-heading" className="panel">
      <h2 id="tasks-heading">{t('Follow-up tasks')}</h2>
      {completed && !completed.ok ? <FormError message={completed.formError} /> : null}
      {tasks.length === 0 ? (
        <p>{t('No follow-up tasks.')}</p>
      ) : (
        <ul className="task-list">
          {tasks.map((task) => (
            <li key={task.id} className={task.overdue ? 'overdue' : undefined}>
              <p>
                <strong>{t(TASK_KINDS[task.kind])}</strong> ·{' '}
                {task.status === 'open'
                  ? t('due {{date}}', { date: formatDate(task.dueOn, localeTag) })
                  : t('done {{date}} by {{name}}', { date: task.completedAt ? formatDateTime(task.completedAt) : '', name: task.completedBy ?? '' })}
                {task.overdue ? <span className="badge badge--overdue">{t('Overdue')}</span> : null}
                {task.assignee ? ` · ${task.assignee.name}` : ''}
              </p>
              {task.note ? <p>{task.note}</p> : null}
              {task.completionNote ? <p>{t('Note: {{note}}', { note: task.completionNote })}</p> : null}
              {task.status === 'open' && canWrite ? (
                <Form method="post" className="inline-form" aria-label={t('Complete: {{task}}', { task: t(TASK_KINDS[task.kind]) })}>
                  <Hidden intent="complete-task" />
                  <input type="hidden" name="taskId" value={task.id} />
                  <input type="hidden" name="version" value={task.version} />
                  <label className="visually-hidden" htmlFor={`note-${task.id}`}>
                    {t('Note (optional)')}
                  </label>
                  <input id={`note-${task.id}`} type="text" name="completionNote" placeholder={t('Note (optional)')} />
                  <button type="submit">{t('Mark done')}</button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <details open={Boolean(failedAdd)}>
          <summary>{t('Add a follow-up task…')}</summary>
          <Form method="post">
            <Hidden intent="add-task" />
            <FormError message={failedAdd?.formError && !Object.keys(failedAdd.fieldErrors).length ? failedAdd.formError : null} />
            <div className="field-row">
              <Field label={t('What needs doing')} error={failedAdd?.fieldErrors.kind}>
                {(props) => (
                  <select {...props} name="kind" defaultValue={kind}>
                    {Object.entries(TASK_KINDS).map(([value, label]) => (
                      <option key={value} value={value}>
                        {t(label)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('Due on')} hint={t('YYYY-MM-DD')} error={failedAdd?.fieldErrors.dueOn}>
                {(props) => (
                  <input
                    {...props}
                    type="date"
                    name="dueOn"
                    min={today}
                    defaultValue={String(failedAdd?.values.dueOn ?? suggestedDueDate(kind, today, followUpBusinessDays, holidaySet))}
                  />
                )}
              </Field>
              <Field label={t('Who')} error={failedAdd?.fieldErrors.assigneeId}>
                {(props) => (
                  <select {...props} name="assigneeId" defaultValue="">
                    <option value="">{t('Me')}</option>
                    {staff.map((member) => (
                      <option key={member.id} value={member.id}>
                        {member.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <Field label={t('Note (optional)')} error={failedAdd?.fieldErrors.note}>
              {(props) => <input {...props} type="text" name="note" defaultValue={String(failedAdd?.values.note ?? '')} />}
            </Field>
            <button type="submit">{t('Add task')}</button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}

