import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { turnOffMfa } from '~/accounts/accounts.server';
import { confirmEnrolment, startEnrolment, verifySecondFactor } from '~/accounts/mfa.server';
import { secondFactorSchema } from '~/accounts/second-factor.schema';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserSession } from '~/auth/session.server';
import { CsrfInput, Field, FormError, fieldErrorsOf, formValues } from '~/components/forms';
import { getDb } from '~/db.server';

export const meta: MetaFunction = () => [{ title: 'Two-step sign-in · CareLoop' }];

// A new secret is shown each time the page is opened until a code from it is confirmed.
export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireUserSession(request);
  const enrolment = session.mfaEnabled ? undefined : await startEnrolment(getDb(), session.user);
  return data({ enabled: session.mfaEnabled, required: session.mfaSetupRequired, enrolment: enrolment ?? null });
}

type ActionResult = { fieldErrors: Record<string, string>; recoveryCodes: string[] | null; turnedOff: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUserSession(request);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const parsed = secondFactorSchema.safeParse(formValues(formData));
  if (!parsed.success) return data<ActionResult>({ fieldErrors: fieldErrorsOf(parsed.error), recoveryCodes: null, turnedOff: false }, { status: 400 });
  const db = getDb();
  const wrong = { code: 'That code is not right. Use the current code from your app, or one of your recovery codes.' };
  if (formData.get('intent') === 'turn-off') {
    if (!(await verifySecondFactor(db, session.user.id, parsed.data.code))) return data<ActionResult>({ fieldErrors: wrong, recoveryCodes: null, turnedOff: false }, { status: 400 });
    const result = await turnOffMfa(db, session.user);
    if (!result.ok) return data<ActionResult>({ fieldErrors: { code: result.message }, recoveryCodes: null, turnedOff: false }, { status: result.status });
    return data<ActionResult>({ fieldErrors: {}, recoveryCodes: null, turnedOff: true });
  }
  const codes = await confirmEnrolment(db, session.user, parsed.data.code);
  if (!codes) return data<ActionResult>({ fieldErrors: wrong, recoveryCodes: null, turnedOff: false }, { status: 400 });
  return data<ActionResult>({ fieldErrors: {}, recoveryCodes: codes, turnedOff: false });
}

export default function TwoStepSignIn() {
  const { enabled, required, enrolment } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  if (actionData?.recoveryCodes) {
    return (
      <section className="narrow">
        <h1>{t('Two-step sign-in is on')}</h1>
        <p role="status">{t('Keep these recovery codes somewhere safe, apart from your phone. Each works once, instead of a code from the app. They are shown only now.')}</p>
        <ul className="recovery-codes" aria-label={t('Recovery codes')}>
          {actionData.recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <p>
          <Link to="/">{t('Go to your home page')}</Link>
        </p>
      </section>
    );
  }
  if (actionData?.turnedOff) {
    return (
      <section className="narrow">
        <h1>{t('Two-step sign-in is off')}</h1>
        <p role="status">{t('Signing in now asks only for your password.')}</p>
        <p>
          <Link to="/account">{t('Your account')}</Link>
        </p>
      </section>
    );
  }
  const errors = actionData?.fieldErrors ?? {};
  return (
    <section className="narrow">
      <h1>{t('Two-step sign-in')}</h1>
      {enabled ? (
        <>
          <p>{t('On: signing in asks for a code from your authenticator app.')}</p>
          {required ? (
            <p>{t('Your organisation requires it for everyone. If you lose your phone and your recovery codes, ask your organisation admin to reset it.')}</p>
          ) : (
            <Form method="post" noValidate>
              <CsrfInput />
              <input type="hidden" name="intent" value="turn-off" />
              <Field label={t('Code from your app, to turn it off')} error={errors.code}>
                {(props) => <input {...props} name="code" autoComplete="one-time-code" />}
              </Field>
              <button type="submit">{t('Turn off two-step sign-in')}</button>
            </Form>
          )}
        </>
      ) : enrolment ? (
        <>
          {required ? <p className="notice">{t('Your organisation requires two-step sign-in. Set it up to continue.')}</p> : null}
          <ol>
            <li>{t('Install an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or FreeOTP).')}</li>
            <li>
              {t('Scan this code with the app, or type in the key below it.')}
              <div>
                <img src={enrolment.qrCode} alt={t('QR code for your authenticator app')} width={240} height={240} />
              </div>
              <p>
                {t('Key')}: <code>{enrolment.secret}</code>
              </p>
            </li>
            <li>{t('Enter the six-digit code the app shows.')}</li>
          </ol>
          <FormError message={errors.code ? 'Check the form.' : null} />
          <Form method="post" noValidate>
            <CsrfInput />
            <Field label={t('Code from your app')} error={errors.code}>
              {(props) => <input {...props} name="code" inputMode="numeric" autoComplete="one-time-code" />}
            </Field>
            <button type="submit" className="primary">
              {t('Turn on two-step sign-in')}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
