import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requestPasswordReset } from '~/accounts/accounts.server';
import { forgotPasswordSchema } from '~/accounts/password.schema';
import { anonymousCsrfToken, requireAnonymousCsrf } from '~/auth/csrf.server';
import { allowPasswordResetRequest } from '~/auth/sign-in.server';
import { CsrfInput, Field, fieldErrorsOf, formValues } from '~/components/forms';
import { getDb } from '~/db.server';
import { resolveLocale } from '~/i18n/locale.server';

export const meta: MetaFunction = () => [{ title: 'Forgot your password · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const csrf = await anonymousCsrfToken(request);
  return data({ csrfToken: csrf.token }, { headers: csrf.setCookie ? { 'Set-Cookie': csrf.setCookie } : {} });
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  await requireAnonymousCsrf(request, formData);
  const parsed = forgotPasswordSchema.safeParse(formValues(formData));
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error) as Record<string, string>, sent: false }, { status: 400 });
  const { locale } = await resolveLocale(request);
  // Past the limit nothing is sent, and the answer stays the same: it tells nothing about the address.
  if (await allowPasswordResetRequest(parsed.data.email, request.headers.get('x-client-address') ?? 'unknown')) {
    await requestPasswordReset(getDb(), parsed.data.email, locale);
  }
  // The same answer whether or not the address has an account.
  return data({ fieldErrors: {} as Record<string, string>, sent: true });
}

export default function ForgotPassword() {
  const { csrfToken } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <h1>{t('Forgot your password?')}</h1>
      {actionData?.sent ? (
        <p className="success" role="status">
          {t('If an account uses that address, we sent it a link to choose a new password. The link works for one hour.')}
        </p>
      ) : (
        <Form method="post" noValidate>
          <CsrfInput token={csrfToken} />
          <Field label={t('E-mail')} error={actionData?.fieldErrors.email}>
            {(props) => <input {...props} type="email" name="email" autoComplete="username" />}
          </Field>
          <button type="submit" className="primary">
            {t('Send me a link')}
          </button>
        </Form>
      )}
    </section>
  );
}
