import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, FieldsetError, fieldErrorsOf, formValues, useZodForm } from '~/components/forms';
import { getDb } from '~/db.server';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { getPatient } from '~/patients/patients.server';
import { hvsFormSchema } from '~/screening/hvs-form.schema';
import { hungerVitalSign } from '~/screening/instruments/hunger-vital-sign';
import { submitHungerVitalSign } from '~/screening/screenings.server';

export const meta: MetaFunction = () => [{ title: 'Hunger Vital Sign · CareLoop' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:screening');
  const patient = await getPatient(getDb(), user, requireId(params.patientId), requestId(request));
  if (!patient) notFound();
  return data({ patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}` } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:screening');
  const patientId = requireId(params.patientId);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const values = formValues(formData);
  const parsed = hvsFormSchema.safeParse(values);
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), values }, { status: 400 });
  const submitted = await submitHungerVitalSign(getDb(), session.user, patientId, parsed.data, requestId(request));
  if (!submitted) notFound();
  return redirect(`/patients/${patientId}`);
}

export default function HungerVitalSignForm() {
  const { patient } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const typed = (actionData?.values ?? {}) as Record<string, string | undefined>;
  const form = useZodForm(hvsFormSchema, { serverErrors: actionData?.fieldErrors });
  return (
    <section className="narrow">
      <p>
        <Link to={`/patients/${patient.id}`}>← {patient.name}</Link>
      </p>
      <h1>{hungerVitalSign.title}</h1>
      <p>Read each statement to the patient and record how true it was for their household in the past 12 months.</p>
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <CsrfInput />
        {hungerVitalSign.items.map((item, index) => {
          const error = form.errorOf(item.code);
          const errorId = `${item.code}-error`;
          return (
            <fieldset key={item.code} className={`question${error ? ' field--error' : ''}`} aria-describedby={error ? errorId : undefined}>
              <legend>
                <span className="step">
                  Question {index + 1} of {hungerVitalSign.items.length}
                </span>
                “{item.text}”
              </legend>
              <FieldsetError id={errorId} error={error} />
              <div className="choices">
                {item.answers.map((answer) => (
                  <label key={answer.code} className="choice">
                    <input
                      type="radio"
                      value={answer.code}
                      {...form.register(item.code as '88122-7')}
                      defaultChecked={typed[item.code] === answer.code}
                    />
                    {answer.display}
                  </label>
                ))}
              </div>
            </fieldset>
          );
        })}
        <button type="submit" className="primary">
          Save and score
        </button>
      </Form>
    </section>
  );
}
