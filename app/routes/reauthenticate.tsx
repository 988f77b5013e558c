import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { reauthenticationSchema } from '~/accounts/second-factor.schema';
import { requireCsrf } from '~/auth/csrf.server';
import { verifyPassword } from '~/auth/password.server';
import { safeRedirect } from '~/auth/safe-redirect';
import { markVerified, requireUserSession } from '~/auth/session.server';
import { SIGN_IN_MESSAGES, checkSecondFactor } from '~/auth/sign-in.server';
import { CsrfInput, Field, FormError, fieldErrorsOf, formValues } from '~/components/forms';
import { getDb } from '~/db.server';

export const meta: MetaFunction = () => [{ title: 'Confirm it is you · CareLoop' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireUserSession(request);
  return data({ mfaEnabled: session.mfaEnabled });
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserSession(request);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const parsed = reauthenticationSchema.safeParse(formValues(formData));
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error) as Record<string, string>, formError: null }, { status: 400 });
  const db = getDb();
  const user = await db.selectFrom('users').select('password_hash').where('id', '=', session.user.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, parsed.data.password))) {
    return data({ fieldErrors: { password: 'That is not your password.' } as Record<string, string>, formError: null }, { status: 401 });
  }
  if (session.mfaEnabled) {
    const accepted = await checkSecondFactor(db, session.user, parsed.data.code ?? '', request.headers.get('x-client-address') ?? 'unknown');
    if (accepted === 'rate-limited') return data({ fieldErrors: {} as Record<string, string>, formError: SIGN_IN_MESSAGES['rate-limited'] }, { status: 429 });
    if (!accepted) {
      return data({ fieldErrors: { code: 'That code is not right. Use the current code from your app, or one of your recovery codes.' } as Record<string, string>, formError: null }, { status: 401 });
    }
  }
  await markVerified(session.id, db);
  return redirect(safeRedirect(formData.get('redirectTo')) ?? '/');
}

export default function Reauthenticate() {
  const { mfaEnabled } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const errors = actionData?.fieldErrors ?? {};
  return (
    <section className="narrow">
      <h1>{t('Confirm it is you')}</h1>
      <p>{t('Exports carry patient data out of CareLoop, so they ask for your password again.')}</p>
      <FormError message={actionData?.formError} />
      <Form method="post" noValidate>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field label={t('Password')} error={errors.password}>
          {(props) => <input {...props} type="password" name="password" autoComplete="current-password" />}
        </Field>
        {mfaEnabled ? (
          <Field label={t('Code from your app')} error={errors.code}>
            {(props) => <input {...props} name="code" autoComplete="one-time-code" />}
          </Field>
        ) : null}
        <button type="submit" className="primary">
          {t('Continue')}
        </button>
      </Form>
    </section>
  );
}
