import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import QRCode from 'qrcode';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, Field, fieldErrorsOf, formValues } from '~/components/forms';
import { useFormatDateTime } from '~/components/status';
import { getDb } from '~/db.server';
import { LOCALE_NAMES, LOCALES } from '~/i18n/i18n';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { getPatient } from '~/patients/patients.server';
import { NoOfficialTranslation } from '~/components/translation-warning';
import { INSTRUMENTS, INSTRUMENT_IDS } from '~/screening/instruments/index';
import type { InstrumentId } from '~/screening/instrument';
import { LINK_LIFETIME_HOURS, createSelfScreeningLink } from '~/screening/self-screening.server';
import { translatedInstruments } from '~/screening/translations.server';

export const meta: MetaFunction = () => [{ title: 'Self-screening link · CareLoop' }];

const linkSchema = z.object({
  instrumentId: z.enum(INSTRUMENT_IDS as [string, ...string[]], 'Choose a screener.'),
  language: z.enum(LOCALES, 'Choose a language.'),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:screening');
  const patient = await getPatient(getDb(), user, requireId(params.patientId), requestId(request));
  if (!patient) notFound();
  return data({
    patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}`, language: patient.preferredLanguage === 'es' ? 'es' : 'en' },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:screening');
  const patientId = requireId(params.patientId);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const parsed = linkSchema.safeParse(formValues(formData));
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), link: null, warning: null }, { status: 400 });
  const instrumentId = parsed.data.instrumentId as InstrumentId;
  if (!(await getPatient(getDb(), session.user, patientId, requestId(request)))) notFound();
  if (parsed.data.language !== 'en' && formData.get('acknowledge') !== 'english-questions') {
    // The worker is told, before any link exists, that the patient would get the questions in English.
    const translated = await translatedInstruments(getDb(), parsed.data.language);
    if (!translated.has(instrumentId)) {
      return data({ fieldErrors: {} as Record<string, string>, link: null, warning: { instrumentId, language: parsed.data.language, translated: [...translated] } });
    }
  }
  const link = await createSelfScreeningLink(
    getDb(),
    session.user,
    { patientId, instrumentId: parsed.data.instrumentId as keyof typeof INSTRUMENTS, language: parsed.data.language },
    requestId(request),
  );
  if (!link) notFound();
  const url = `${new URL(request.url).origin}/s/${link.token}?lng=${parsed.data.language}`;
  const qrCode = await QRCode.toDataURL(url, { margin: 1, width: 280, errorCorrectionLevel: 'M' });
  return data({ fieldErrors: {} as Record<string, string>, link: { url, qrCode, expiresAt: link.expiresAt.toISOString() }, warning: null });
}

export default function SelfScreeningLink() {
  const { patient } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const link = actionData?.link;
  const warning = actionData?.warning;
  return (
    <section className="narrow">
      <p>
        <Link to={`/patients/${patient.id}`}>← {patient.name}</Link>
      </p>
      <h1>{t('Self-screening link')}</h1>
      <p>
        {t('The patient answers the screener on their own phone, without an account. The link works once and expires after {{hours}} hours; the answers arrive here for you to review.', {
          hours: LINK_LIFETIME_HOURS,
        })}
      </p>
      {link ? (
        <div className="card link-card">
          <h2>{t('Show this to the patient')}</h2>
          <img src={link.qrCode} alt={t('QR code that opens the self-screening link')} width={280} height={280} />
          <p>
            <label htmlFor="self-screening-url">{t('Or send this link')}</label>
            <input id="self-screening-url" readOnly value={link.url} onFocus={(event) => event.currentTarget.select()} />
          </p>
          <p className="hint">{t('Valid until {{date}}. It is shown only now.', { date: formatDateTime(link.expiresAt) })}</p>
        </div>
      ) : null}
      {warning ? (
        <NoOfficialTranslation
          instrumentId={warning.instrumentId}
          translated={warning.translated}
          continueAction={
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="instrumentId" value={warning.instrumentId} />
              <input type="hidden" name="language" value={warning.language} />
              <input type="hidden" name="acknowledge" value="english-questions" />
              <button type="submit" className="primary">
                {t('Continue: send the link with English questions')}
              </button>
            </Form>
          }
          interpreterLink={`/patients/${patient.id}/screenings/new?instrument=${warning.instrumentId}&ack=interpreter`}
          switchLink="#link-form"
        />
      ) : null}
      <Form method="post" noValidate id="link-form">
        <CsrfInput />
        <Field label={t('Screener')} error={actionData?.fieldErrors.instrumentId}>
          {(props) => (
            <select {...props} name="instrumentId" defaultValue={warning?.instrumentId ?? 'hunger-vital-sign'}>
              {Object.values(INSTRUMENTS).map((instrument) => (
                <option key={instrument.id} value={instrument.id}>
                  {instrument.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('Language of the screener')} error={actionData?.fieldErrors.language}>
          {(props) => (
            <select {...props} name="language" defaultValue={warning?.language ?? patient.language}>
              {LOCALES.map((locale) => (
                <option key={locale} value={locale}>
                  {LOCALE_NAMES[locale]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="primary">
          {link ? t('Create another link') : t('Create link')}
        </button>
      </Form>
    </section>
  );
}
