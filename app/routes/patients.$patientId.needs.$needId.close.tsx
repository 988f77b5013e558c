import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, Field, FieldsetError, FormError, fieldErrorsOf, formValues } from '~/components/forms';
import { getDb } from '~/db.server';
import { flashHeaders } from '~/flash.server';
import { notFound, requireId } from '~/http.server';
import { isLocale } from '~/i18n/i18n';
import { requestId } from '~/log.server';
import { requirePatient } from '~/patients/patient-page.server';
import { reasonsOfKind } from '~/referrals/reasons';
import { listReasonCodes } from '~/referrals/reasons.server';
import { NEED_ENDINGS, needClosureSchema } from '~/screening/need-closure.schema';
import { closeNeed, getNeedForClosure } from '~/screening/need-closure.server';
import { categoryLabel } from '~/screening/sdoh-categories';

export const meta: MetaFunction = () => [{ title: 'End a need · CareLoop' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:screening');
  const db = getDb();
  const patient = await requirePatient(db, user, request, params.patientId);
  const need = await getNeedForClosure(db, user, patient.id, requireId(params.needId));
  if (!need) notFound();
  return data({
    patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}` },
    need,
    resolutions: reasonsOfKind(await listReasonCodes(db), 'need-resolution'),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:screening');
  const patientId = requireId(params.patientId);
  const needId = requireId(params.needId);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData);
  const parsed = needClosureSchema.safeParse(values);
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), formError: null, values }, { status: 400 });
  const result = await closeNeed(getDb(), session.user, patientId, needId, parsed.data, requestId(request));
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data({ fieldErrors: result.field ? { [result.field]: result.message } : {}, formError: result.message, values }, { status: result.status });
  }
  return redirect(`/patients/${patientId}`, { headers: await flashHeaders({ message: 'The need is closed.' }) });
}

export default function CloseNeed() {
  const { patient, need, resolutions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : 'en';
  const typed = (actionData?.values ?? {}) as Record<string, string | undefined>;
  const [ending, setEnding] = useState(typed.ending ?? '');
  const errors = (actionData?.fieldErrors ?? {}) as Record<string, string | undefined>;
  return (
    <section className="narrow">
      <p>
        <Link to={`/patients/${patient.id}`}>← {patient.name}</Link>
      </p>
      <h1>{t('End the need: {{need}}', { need: t(categoryLabel(need.category)) })}</h1>
      <FormError message={actionData?.formError} />
      <Form method="post">
        <CsrfInput />
        <input type="hidden" name="version" value={need.version} />
        <fieldset className={errors.ending ? 'field--error' : undefined}>
          <legend>{t('How does it end?')}</legend>
          <FieldsetError id="ending-error" error={errors.ending} />
          {Object.entries(NEED_ENDINGS).map(([value, label]) => (
            <label key={value} className="choice">
              <input type="radio" name="ending" value={value} defaultChecked={typed.ending === value} onChange={() => setEnding(value)} />
              {t(label)}
            </label>
          ))}
        </fieldset>
        {ending === 'resolve' || errors.resolutionCode ? (
          <Field label={t('How it was resolved')} error={errors.resolutionCode}>
            {(props) => (
              <select {...props} name="resolutionCode" defaultValue={typed.resolutionCode ?? ''}>
                <option value="">{t('Choose…')}</option>
                {resolutions.map((resolution) => (
                  <option key={resolution.code} value={resolution.code}>
                    {resolution.label[locale]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field
          label={t('Note')}
          hint={t('Required when the need was entered by mistake: it stays on record, marked, and is left out of reports.')}
          error={errors.note}
        >
          {(props) => <textarea {...props} name="note" rows={3} defaultValue={typed.note} />}
        </Field>
        <button type="submit" className="primary">
          {t('End the need')}
        </button>
      </Form>
    </section>
  );
}
