import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { changeMember, inviteUser, listMembers, revokeInvitation } from '~/accounts/accounts.server';
import { invitationSchema, memberChangeSchema } from '~/accounts/invitation.schema';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { ROLE_LABELS } from '~/auth/roles';
import { CsrfInput, Field, FormError, fieldErrorsOf, formValues } from '~/components/forms';
import { useFormatDateTime } from '~/components/status';
import { getDb } from '~/db.server';
import { notFound } from '~/http.server';
import { resolveLocale } from '~/i18n/locale.server';

export const meta: MetaFunction = () => [{ title: 'People · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'admin:organization');
  return data({ ...(await listMembers(getDb(), user)), organization: user.organizationName, me: user.id });
}

type ActionResult = { done: string | null; formError: string | null; fieldErrors: Record<string, string>; values: Record<string, unknown> };

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'admin:organization');
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData);
  const db = getDb();
  if (values.intent === 'invite') {
    const parsed = invitationSchema.safeParse(values);
    if (!parsed.success) return data<ActionResult>({ done: null, formError: null, fieldErrors: fieldErrorsOf(parsed.error), values }, { status: 400 });
    const { locale } = await resolveLocale(request);
    const result = await inviteUser(db, session.user, parsed.data, locale);
    if (!result.ok) return data<ActionResult>({ done: null, formError: null, fieldErrors: { [result.field ?? 'email']: result.message }, values }, { status: result.status });
    return data<ActionResult>({ done: 'Invitation sent. The link works once, for 72 hours.', formError: null, fieldErrors: {}, values: {} });
  }
  const parsed = memberChangeSchema.safeParse(values);
  if (!parsed.success) return data<ActionResult>({ done: null, formError: 'That action is not possible.', fieldErrors: {}, values }, { status: 400 });
  const change = parsed.data;
  if (change.intent === 'revoke-invitation') {
    if (!(await revokeInvitation(db, session.user, change.invitationId))) notFound();
    return data<ActionResult>({ done: 'The invitation was withdrawn; its link no longer works.', formError: null, fieldErrors: {}, values: {} });
  }
  const result = await changeMember(
    db,
    session.user,
    change.userId,
    change.intent === 'role' ? { kind: 'role', role: change.role } : { kind: change.intent },
    change.version,
  );
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data<ActionResult>({ done: null, formError: result.message, fieldErrors: {}, values }, { status: result.status });
  }
  const done = { role: 'The role was changed; their sessions have ended.', disable: 'The account was disabled; every session of it has ended.', enable: 'The account can sign in again.', 'reset-mfa': 'Two-step sign-in was reset; they set it up again at their next sign-in.' }[change.intent];
  return data<ActionResult>({ done, formError: null, fieldErrors: {}, values: {} });
}

export default function People() {
  const { members, invitations, roles, organization, me, mfaRequired } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const typed = (actionData?.values ?? {}) as Record<string, string | undefined>;
  return (
    <section>
      <h1>{t('People of {{organization}}', { organization })}</h1>
      <p>{mfaRequired ? t('Everyone signs in with two steps (password and a code from an app).') : t('Two-step sign-in is up to each person.')}</p>
      {actionData?.done ? (
        <p className="success" role="status">
          {t(actionData.done)}
        </p>
      ) : null}
      <FormError message={actionData?.formError} />
      <div className="table-wrap">
        <table className="stack-table">
          <caption className="visually-hidden">{t('People')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Name')}</th>
              <th scope="col">{t('Role')}</th>
              <th scope="col">{t('Last sign-in')}</th>
              <th scope="col">{t('Two-step sign-in')}</th>
              <th scope="col">{t('Account')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id}>
                <td data-label={t('Name')}>
                  {member.fullName}
                  <span className="hint"> · {member.email}</span>
                </td>
                <td data-label={t('Role')}>
                  {member.id === me ? (
                    t(ROLE_LABELS[member.role])
                  ) : (
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="userId" value={member.id} />
                      <input type="hidden" name="version" value={member.version} />
                      <label className="visually-hidden" htmlFor={`role-${member.id}`}>
                        {t('Role of {{name}}', { name: member.fullName })}
                      </label>
                      <select id={`role-${member.id}`} name="role" defaultValue={member.role}>
                        {roles.map((role) => (
                          <option key={role} value={role}>
                            {t(ROLE_LABELS[role])}
                          </option>
                        ))}
                      </select>
                      <button type="submit">{t('Change role')}</button>
                    </Form>
                  )}
                </td>
                <td data-label={t('Last sign-in')}>{member.lastSignInAt ? formatDateTime(member.lastSignInAt) : t('Never')}</td>
                <td data-label={t('Two-step sign-in')}>
                  {member.mfaEnabled ? t('On') : t('Off')}
                  {member.mfaEnabled ? (
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="reset-mfa" />
                      <input type="hidden" name="userId" value={member.id} />
                      <input type="hidden" name="version" value={member.version} />
                      <button type="submit" className="link-button">
                        {t('Reset for {{name}}', { name: member.fullName })}
                      </button>
                    </Form>
                  ) : null}
                </td>
                <td data-label={t('Account')}>
                  {member.disabled ? t('Disabled') : t('Active')}
                  {member.id === me ? null : (
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value={member.disabled ? 'enable' : 'disable'} />
                      <input type="hidden" name="userId" value={member.id} />
                      <input type="hidden" name="version" value={member.version} />
                      <button type="submit" className="link-button">
                        {member.disabled ? t('Enable {{name}}', { name: member.fullName }) : t('Disable {{name}}', { name: member.fullName })}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {invitations.length ? (
        <>
          <h2>{t('Invitations not yet accepted')}</h2>
          <ul className="list">
            {invitations.map((invitation) => (
              <li key={invitation.id}>
                {invitation.fullName} · {invitation.email} · {t(ROLE_LABELS[invitation.role])} · {t('until {{date}}', { date: formatDateTime(invitation.expiresAt) })}
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="revoke-invitation" />
                  <input type="hidden" name="invitationId" value={invitation.id} />
                  <button type="submit" className="link-button">
                    {t('Withdraw the invitation to {{email}}', { email: invitation.email })}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t('Invite someone')}</h2>
      <Form method="post" noValidate className="narrow">
        <CsrfInput />
        <input type="hidden" name="intent" value="invite" />
        <Field label={t('Name')} error={actionData?.fieldErrors.fullName}>
          {(props) => <input {...props} name="fullName" defaultValue={typed.fullName} />}
        </Field>
        <Field label={t('E-mail')} error={actionData?.fieldErrors.email}>
          {(props) => <input {...props} type="email" name="email" defaultValue={typed.email} />}
        </Field>
        <Field label={t('Role')} error={actionData?.fieldErrors.role}>
          {(props) => (
            <select {...props} name="role" defaultValue={typed.role ?? roles[0]}>
              {roles.map((role) => (
                <option key={role} value={role}>
                  {t(ROLE_LABELS[role])}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="primary">
          {t('Send invitation')}
        </button>
      </Form>
    </section>
  );
}
