import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { findOpenPasswordReset, resetPassword } from '~/accounts/accounts.server';
import { setPasswordSchema } from '~/accounts/password.schema';
import { anonymousCsrfToken, requireAnonymousCsrf } from '~/auth/csrf.server';
import { CsrfInput, FormError, fieldErrorsOf, formValues } from '~/components/forms';
import { NewPasswordFields } from '~/components/password-fields';
import { getDb } from '~/db.server';

export const meta: MetaFunction = () => [{ title: 'Choose a new password · CareLoop' }, { name: 'robots', content: 'noindex' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const reset = await findOpenPasswordReset(getDb(), params.token ?? '');
  if (!reset) return data({ open: false, csrfToken: null }, { status: 404 });
  const csrf = await anonymousCsrfToken(request);
  return data({ open: true, csrfToken: csrf.token }, { headers: csrf.setCookie ? { 'Set-Cookie': csrf.setCookie } : {} });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData();
  await requireAnonymousCsrf(request, formData);
  const parsed = setPasswordSchema.safeParse(formValues(formData));
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error) as Record<string, string>, state: 'open' as const }, { status: 400 });
  const result = await resetPassword(getDb(), params.token ?? '', parsed.data.password);
  if (!result.ok) {
    if (result.status === 404) return data({ fieldErrors: {} as Record<string, string>, state: 'gone' as const }, { status: 404 });
    return data({ fieldErrors: { [result.field ?? 'password']: result.message } as Record<string, string>, state: 'open' as const }, { status: result.status });
  }
  return data({ fieldErrors: {} as Record<string, string>, state: 'done' as const });
}

export default function ResetPassword() {
  const { open, csrfToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const state = actionData?.state ?? (open ? 'open' : 'gone');
  if (state === 'done') {
    return (
      <section className="narrow">
        <h1>{t('Your password was changed')}</h1>
        <p role="status">{t('Every session of your account has ended. Sign in with your new password.')}</p>
        <p>
          <Link to="/login">{t('Sign in')}</Link>
        </p>
      </section>
    );
  }
  if (state === 'gone') {
    return (
      <section className="narrow">
        <h1>{t('This link cannot be used')}</h1>
        <p>{t('Password links work once and for one hour.')} <Link to="/password/forgot">{t('Ask for a new link')}</Link></p>
      </section>
    );
  }
  const errors = actionData?.fieldErrors ?? {};
  return (
    <section className="narrow">
      <h1>{t('Choose a new password')}</h1>
      <FormError message={Object.keys(errors).length ? 'Check the form.' : null} />
      <Form method="post" noValidate>
        <CsrfInput token={csrfToken ?? undefined} />
        <NewPasswordFields errors={errors} />
        <button type="submit" className="primary">
          {t('Change password')}
        </button>
      </Form>
    </section>
  );
}
