import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import QRCode from 'qrcode';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, Field, FieldsetError, fieldErrorsOf, formValues } from '~/components/forms';
import { useFormatDateTime } from '~/components/status';
import { getConfig } from '~/config.server';
import { getDb } from '~/db.server';
import { LOCALE_NAMES, LOCALES } from '~/i18n/i18n';
import { notFound, requireId } from '~/http.server';
import { requestId } from '~/log.server';
import { getPatient } from '~/patients/patients.server';
import { requirePatient } from '~/patients/patient-page.server';
import { NoOfficialTranslation } from '~/components/translation-warning';
import type { InstrumentId } from '~/screening/instrument';
import { INSTRUMENTS, INSTRUMENT_IDS } from '~/screening/instruments/index';
import { LINK_DELIVERY_LABELS } from '~/notifications/labels';
import { patientChannels, sendSelfScreeningLink } from '~/notifications/patient-messages.server';
import { LINK_LIFETIME_HOURS, createSelfScreeningLink } from '~/screening/self-screening.server';
import { translatedInstruments } from '~/screening/translations.server';

export const meta: MetaFunction = () => [{ title: 'Self-screening link · CareLoop' }];

const linkSchema = z.object({
  instrumentId: z.enum(INSTRUMENT_IDS as [string, ...string[]], 'Choose a screener.'),
  language: z.enum(LOCALES, 'Choose a language.'),
  delivery: z.enum(['show', 'sms', 'email'], 'Choose how the patient gets the link.').default('show'),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:screening');
  const db = getDb();
  const patient = await requirePatient(db, user, request, params.patientId);
  const channels = await patientChannels(db, user, patient.id);
  return data({
    patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}`, language: patient.preferredLanguage === 'es' ? 'es' : 'en' },
    channels: channels!,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:screening');
  const patientId = requireId(params.patientId);
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const parsed = linkSchema.safeParse(formValues(formData));
  if (!parsed.success) return data({ fieldErrors: fieldErrorsOf(parsed.error), link: null, sent: null, warning: null }, { status: 400 });
  const db = getDb();
  const { delivery, language } = parsed.data;
  const instrumentId = parsed.data.instrumentId as InstrumentId;
  if (!(await getPatient(db, session.user, patientId, requestId(request)))) notFound();
  if (language !== 'en' && formData.get('acknowledge') !== 'english-questions') {
    // The worker is told, before any link exists, that the patient would get the questions in English.
    const translated = await translatedInstruments(db, language);
    if (!translated.has(instrumentId)) {
      const warning = { instrumentId, language, delivery, translated: [...translated] };
      return data({ fieldErrors: {} as Record<string, string>, link: null, sent: null, warning });
    }
  }
  if (delivery !== 'show') {
    // Refused before a link is made: a link nobody can receive is not created.
    const channels = await patientChannels(db, session.user, patientId);
    if (!channels) notFound();
    const decision = channels[delivery];
    if (!decision.ok) return data({ fieldErrors: { delivery: decision.reason } as Record<string, string>, link: null, sent: null, warning: null }, { status: 400 });
  }
  const link = await createSelfScreeningLink(
    db,
    session.user,
    { patientId, instrumentId: parsed.data.instrumentId as keyof typeof INSTRUMENTS, language },
    requestId(request),
  );
  if (!link) notFound();
  const config = getConfig();
  // The address people use for CareLoop; without APP_URL, the one this page was opened at.
  const base = config.APP_URL ? config.appUrl : new URL(request.url).origin;
  const url = `${base}/s/${link.token}?lng=${language}`;
  let sent: 'sms' | 'email' | null = null;
  if (delivery !== 'show') {
    const result = await sendSelfScreeningLink(
      db,
      config,
      session.user,
      { patientId, linkId: link.id, channel: delivery, url, hours: LINK_LIFETIME_HOURS, locale: language },
      requestId(request),
    );
    if (!result.ok) return data({ fieldErrors: { delivery: result.reason } as Record<string, string>, link: null, sent: null, warning: null }, { status: 400 });
    sent = delivery;
  }
  const qrCode = await QRCode.toDataURL(url, { margin: 1, width: 280, errorCorrectionLevel: 'M' });
  return data({ fieldErrors: {} as Record<string, string>, link: { url, qrCode, expiresAt: link.expiresAt.toISOString() }, sent, warning: null });
}

export default function SelfScreeningLink() {
  const { patient, channels } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const link = actionData?.link;
  const warning = actionData?.warning;
  const confirmation = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (actionData?.sent) confirmation.current?.focus();
  }, [actionData]);
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
      {actionData?.sent ? (
        <p className="success" role="status" tabIndex={-1} ref={confirmation}>
          {actionData.sent === 'sms' ? t('The link is on its way to the patient by text message.') : t('The link is on its way to the patient by e-mail.')}
        </p>
      ) : null}
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
              <input type="hidden" name="delivery" value={warning.delivery} />
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
        <fieldset className={actionData?.fieldErrors.delivery ? 'field--error' : undefined} aria-describedby={actionData?.fieldErrors.delivery ? 'delivery-error' : undefined}>
          <legend>{t('How the patient gets the link')}</legend>
          {(['show', 'sms', 'email'] as const).map((option) => {
            const decision = option === 'show' ? null : channels[option];
            return (
              <label key={option} className="choice">
                <input type="radio" name="delivery" value={option} defaultChecked={option === 'show'} disabled={decision ? !decision.ok : false} />{' '}
                {t(LINK_DELIVERY_LABELS[option])}
                {decision && !decision.ok ? <span className="hint"> — {t(decision.reason)}</span> : null}
              </label>
            );
          })}
          <FieldsetError id="delivery-error" error={actionData?.fieldErrors.delivery} />
        </fieldset>
        <button type="submit" className="primary">
          {link ? t('Create another link') : t('Create link')}
        </button>
      </Form>
    </section>
  );
}
