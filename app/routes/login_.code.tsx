import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { secondFactorSchema } from '~/accounts/second-factor.schema';
import { anonymousCsrfToken, requireAnonymousCsrf } from '~/auth/csrf.server';
import { endPendingSignIn, readPendingSignIn } from '~/auth/pending-sign-in.server';
import { createUserSession } from '~/auth/session.server';
import { checkSecondFactor, SIGN_IN_MESSAGES } from '~/auth/sign-in.server';
import { findSignInUser } from '~/accounts/accounts.server';
import { CsrfInput, Field, FormError, fieldErrorsOf, formValues } from '~/components/forms';
import { getDb } from '~/db.server';

export const meta: MetaFunction = () => [{ title: 'Sign-in code · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await readPendingSignIn(request))) throw redirect('/login');
  const csrf = await anonymousCsrfToken(request);
  return data({ csrfToken: csrf.token }, { headers: csrf.setCookie ? { 'Set-Cookie': csrf.setCookie } : {} });
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  await requireAnonymousCsrf(request, formData);
  const pending = await readPendingSignIn(request);
  if (!pending) throw redirect('/login');
  const parsed = secondFactorSchema.safeParse(formValues(formData));
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error) as Record<string, string>, formError: null }, { status: 400 });
  const db = getDb();
  const user = await findSignInUser(db, pending.userId);
  if (!user) throw redirect('/login', { headers: { 'Set-Cookie': await endPendingSignIn() } });
  const accepted = await checkSecondFactor(db, user, parsed.data.code, request.headers.get('x-client-address') ?? 'unknown');
  if (accepted === 'rate-limited') return data({ fieldErrors: {} as Record<string, string>, formError: SIGN_IN_MESSAGES['rate-limited'] }, { status: 429 });
  if (!accepted) {
    const fieldErrors: Record<string, string> = { code: 'That code is not right. Use the current code from your app, or one of your recovery codes.' };
    return data({ fieldErrors, formError: null }, { status: 401 });
  }
  const headers = new Headers();
  headers.append('Set-Cookie', await endPendingSignIn());
  headers.append('Set-Cookie', await createUserSession(request, user.id, db));
  return redirect(pending.target, { headers });
}

export default function SignInCode() {
  const { csrfToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <h1>{t('Enter your sign-in code')}</h1>
      <p>{t('Open your authenticator app and enter the six-digit code for CareLoop. Without your phone, use one of your recovery codes.')}</p>
      <FormError message={actionData?.formError} />
      <Form method="post" noValidate>
        <CsrfInput token={csrfToken} />
        <Field label={t('Code')} error={actionData?.fieldErrors?.code}>
          {(props) => <input {...props} name="code" inputMode="text" autoComplete="one-time-code" autoFocus />}
        </Field>
        <button type="submit" className="primary">
          {t('Sign in')}
        </button>
      </Form>
      <p>
        <Link to="/login">{t('Start again')}</Link>
      </p>
    </section>
  );
}
