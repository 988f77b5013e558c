import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { changePassword, signOutEverywhere } from '~/accounts/accounts.server';
import { remainingRecoveryCodes } from '~/accounts/mfa.server';
import { changePasswordSchema } from '~/accounts/password.schema';
import { requireCsrf } from '~/auth/csrf.server';
import { verifyPassword } from '~/auth/password.server';
import { destroyUserSession, requireUserSession } from '~/auth/session.server';
import { CsrfInput, Field, FormError, fieldErrorsOf, formValues } from '~/components/forms';
import { NewPasswordFields } from '~/components/password-fields';
import { getDb } from '~/db.server';

export const meta: MetaFunction = () => [{ title: 'Your account · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireUserSession(request);
  const recoveryCodes = session.mfaEnabled ? await remainingRecoveryCodes(getDb(), session.user.id) : 0;
  return data({ email: session.user.email, mfaEnabled: session.mfaEnabled, recoveryCodes });
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserSession(request);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const db = getDb();
  if (formData.get('intent') === 'sign-out-everywhere') {
    await signOutEverywhere(db, session.user);
    return redirect('/login', { headers: { 'Set-Cookie': await destroyUserSession(request) } });
  }
  const parsed = changePasswordSchema.safeParse(formValues(formData));
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error) as Record<string, string>, saved: false }, { status: 400 });
  const user = await db.selectFrom('users').select('password_hash').where('id', '=', session.user.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, parsed.data.currentPassword))) {
    return data({ fieldErrors: { currentPassword: 'That is not your current password.' } as Record<string, string>, saved: false }, { status: 400 });
  }
  const result = await changePassword(db, session.user, session.id, parsed.data.password);
  if (!result.ok) return data({ fieldErrors: { [result.field ?? 'password']: result.message } as Record<string, string>, saved: false }, { status: result.status });
  return data({ fieldErrors: {} as Record<string, string>, saved: true });
}

export default function Account() {
  const { email, mfaEnabled, recoveryCodes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = actionData?.fieldErrors ?? {};
  return (
    <section className="narrow">
      <h1>{t('Your account')}</h1>
      <p>{t('Signed in as {{email}}.', { email })}</p>

      <h2>{t('Two-step sign-in')}</h2>
      <p>
        {mfaEnabled
          ? t('On: signing in asks for a code from your authenticator app. {{count}} recovery codes left.', { count: recoveryCodes })
          : t('Off: signing in asks only for your password.')}{' '}
        <Link to="/account/mfa">{mfaEnabled ? t('Manage two-step sign-in') : t('Turn on two-step sign-in')}</Link>
      </p>

      <h2>{t('Change your password')}</h2>
      {actionData?.saved ? (
        <p className="success" role="status">
          {t('Your password was changed. Your other sessions have ended.')}
        </p>
      ) : null}
      <FormError message={Object.keys(errors).length ? 'Check the form.' : null} />
      <Form method="post" noValidate>
        <CsrfInput />
        <Field label={t('Current password')} error={errors.currentPassword}>
          {(props) => <input {...props} type="password" name="currentPassword" autoComplete="current-password" />}
        </Field>
        <NewPasswordFields errors={errors} />
        <button type="submit" className="primary">
          {t('Change password')}
        </button>
      </Form>

      <h2>{t('Sessions')}</h2>
      <Form method="post">
        <CsrfInput />
        <input type="hidden" name="intent" value="sign-out-everywhere" />
        <p>{t('Signed in on a computer you no longer use? End every session of your account, this one too.')}</p>
        <button type="submit">{t('Sign out everywhere')}</button>
      </Form>
    </section>
  );
}
