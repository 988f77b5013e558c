import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { anonymousCsrfToken, requireAnonymousCsrf } from '~/auth/csrf.server';
import { homePath } from '~/auth/roles';
import { safeRedirect } from '~/auth/safe-redirect';
import { signInSchema } from '~/auth/sign-in.schema';
import { SIGN_IN_MESSAGES, signIn } from '~/auth/sign-in.server';
import { startPendingSignIn } from '~/auth/pending-sign-in.server';
import { createUserSession, getUserSession } from '~/auth/session.server';
import { CsrfInput, Field, FormError, fieldErrorsOf, formValues, useZodForm } from '~/components/forms';
import { getDb } from '~/db.server';
import { log, requestId } from '~/log.server';

export const meta: MetaFunction = () => [{ title: 'Sign in · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getUserSession(request);
  if (session) {
    const asked = safeRedirect(new URL(request.url).searchParams.get('redirectTo'));
    throw redirect(asked ?? homePath(session.user.role, session.user.organizationKind));
  }
  const csrf = await anonymousCsrfToken(request);
  return data({ csrfToken: csrf.token }, { headers: csrf.setCookie ? { 'Set-Cookie': csrf.setCookie } : {} });
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  await requireAnonymousCsrf(request, formData);
  const parsed = signInSchema.safeParse(formValues(formData));
  const email = String(formData.get('email') ?? '');
  if (!parsed.success) {
    return data({ fieldErrors: fieldErrorsOf(parsed.error), formError: null, email }, { status: 400 });
  }
  const db = getDb();
  const clientAddress = request.headers.get('x-client-address') ?? 'unknown';
  const result = await signIn(db, parsed.data.email, parsed.data.password, clientAddress);
  if (!result.ok) {
    log('info', 'sign-in.failed', { reason: result.reason, requestId: requestId(request) });
    return data(
      { fieldErrors: {}, formError: SIGN_IN_MESSAGES[result.reason], email },
      { status: result.reason === 'rate-limited' ? 429 : 401 },
    );
  }
  const target = safeRedirect(formData.get('redirectTo')) ?? result.home;
  if (result.mfaEnabled) {
    // The second step: the code from the authenticator app.
    return redirect('/login/code', { headers: { 'Set-Cookie': await startPendingSignIn({ userId: result.userId, target }) } });
  }
  const cookie = await createUserSession(request, result.userId, db);
  log('info', 'sign-in.succeeded', { userId: result.userId, requestId: requestId(request) });
  return redirect(target, { headers: { 'Set-Cookie': cookie } });
}

export default function Login() {
  const { csrfToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const form = useZodForm(signInSchema, { serverErrors: actionData?.fieldErrors });
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <h1>{t('Sign in to CareLoop')}</h1>
      <FormError message={actionData?.formError} />
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <CsrfInput token={csrfToken} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field label={t('E-mail')} error={form.errorOf('email')}>
          {(props) => (
            <input {...props} {...form.register('email')} type="email" autoComplete="username" defaultValue={actionData?.email} />
          )}
        </Field>
        <Field label={t('Password')} error={form.errorOf('password')}>
          {(props) => <input {...props} {...form.register('password')} type="password" autoComplete="current-password" />}
        </Field>
        <button type="submit" className="primary">
          {t('Sign in')}
        </button>
      </Form>
      <p>
        <Link to="/password/forgot">{t('Forgot your password?')}</Link>
      </p>
    </section>
  );
}
