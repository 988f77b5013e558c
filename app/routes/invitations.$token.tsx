import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { acceptInvitation, findOpenInvitation } from '~/accounts/accounts.server';
import { acceptInvitationSchema } from '~/accounts/password.schema';
import { anonymousCsrfToken, requireAnonymousCsrf } from '~/auth/csrf.server';
import { ROLE_LABELS, type Role } from '~/auth/roles';
import { createUserSession } from '~/auth/session.server';
import { CsrfInput, Field, FormError, fieldErrorsOf, formValues } from '~/components/forms';
import { NewPasswordFields } from '~/components/password-fields';
import { getDb } from '~/db.server';

export const meta: MetaFunction = () => [{ title: 'Set up your account · CareLoop' }, { name: 'robots', content: 'noindex' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await findOpenInvitation(getDb(), params.token ?? '');
  if (!invitation) return data({ invitation: null, csrfToken: null }, { status: 404 });
  const csrf = await anonymousCsrfToken(request);
  return data(
    {
      invitation: { email: invitation.email, fullName: invitation.full_name, role: invitation.role as Role, organization: invitation.organization_name },
      csrfToken: csrf.token,
    },
    { headers: csrf.setCookie ? { 'Set-Cookie': csrf.setCookie } : {} },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData();
  await requireAnonymousCsrf(request, formData);
  const parsed = acceptInvitationSchema.safeParse(formValues(formData));
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error) as Record<string, string>, gone: false }, { status: 400 });
  const db = getDb();
  const result = await acceptInvitation(db, params.token ?? '', parsed.data);
  if (!result.ok) {
    if (result.status === 404) return data({ fieldErrors: {} as Record<string, string>, gone: true }, { status: 404 });
    return data({ fieldErrors: { [result.field ?? 'password']: result.message } as Record<string, string>, gone: false }, { status: result.status });
  }
  return redirect('/', { headers: { 'Set-Cookie': await createUserSession(request, result.userId, db) } });
}

export default function AcceptInvitation() {
  const { invitation, csrfToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  if (!invitation || actionData?.gone) {
    return (
      <section className="narrow">
        <h1>{t('This link cannot be used')}</h1>
        <p>{t('Invitation links work once and for 72 hours. Ask your organisation admin for a new one.')}</p>
      </section>
    );
  }
  const errors = actionData?.fieldErrors ?? {};
  return (
    <section className="narrow">
      <h1>{t('Set up your account')}</h1>
      <p>{t('{{organization}} invites you to CareLoop as {{role}}, with the e-mail address {{email}}.', { organization: invitation.organization, role: t(ROLE_LABELS[invitation.role]), email: invitation.email })}</p>
      <FormError message={Object.keys(errors).length ? 'Check the form.' : null} />
      <Form method="post" noValidate>
        <CsrfInput token={csrfToken ?? undefined} />
        <Field label={t('Your name')} error={errors.fullName}>
          {(props) => <input {...props} name="fullName" autoComplete="name" defaultValue={invitation.fullName} />}
        </Field>
        <NewPasswordFields errors={errors} label="Password" />
        <button type="submit" className="primary">
          {t('Create my account')}
        </button>
      </Form>
    </section>
  );
}
