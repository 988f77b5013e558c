import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { requireCsrf } from '~/auth/csrf.server';
import { requireUserWithPermission } from '~/auth/guards.server';
import { CsrfInput, FormError } from '~/components/forms';
import { getConfig } from '~/config.server';
import { getDb } from '~/db.server';
import { MAX_HANDOUT_SERVICES, handoutLocale, isSafetySensitive } from '~/directory/handout';
import { giveHandout, handoutServiceText, qrCodes, type HandoutChannel } from '~/directory/handout.server';
import { loadNeedContext } from '~/directory/need-context.server';
import { getServiceDetails } from '~/directory/service-details.server';
import { notFound, requireId } from '~/http.server';
import { createI18n } from '~/i18n/i18n';
import { isUuid } from '~/ids';
import { requestId } from '~/log.server';
import { patientChannels } from '~/notifications/patient-messages.server';
import { categoryLabel } from '~/screening/sdoh-categories';
import type { SessionUser } from '~/auth/session.server';

export const meta: MetaFunction = () => [{ title: 'Handout · CareLoop' }];

function serviceIdsOf(values: string[]): string[] {
  return [...new Set(values.filter(isUuid).map((id) => id.toLowerCase()))].slice(0, MAX_HANDOUT_SERVICES);
}

async function loadHandout(request: Request, user: SessionUser, params: { patientId?: string; needId?: string }, serviceIds: string[]) {
  const db = getDb();
  const context = await loadNeedContext(db, user, requireId(params.patientId), requireId(params.needId), requestId(request));
  if (!context) notFound();
  const services = await getServiceDetails(db, serviceIds, { origin: context.origin, defaultTimeZone: getConfig().DIRECTORY_TIME_ZONE });
  const locale = handoutLocale(context.patient.language);
  const t = createI18n(locale).t;
  const texts = services.map((service) => handoutServiceText(service, locale, (key, values) => t(key, values)));
  return { db, context, services, locale, texts };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, 'write:referral');
  const url = new URL(request.url);
  const { db, context, services, locale, texts } = await loadHandout(request, user, params, serviceIdsOf(url.searchParams.getAll('service')));
  const safetySensitive = isSafetySensitive(context.need);
  const channels = await patientChannels(db, user, context.patient.id);
  return data({
    patient: { id: context.patient.id, name: context.patient.name },
    need: { id: context.need.id, category: context.need.category },
    locale,
    organization: user.organizationName,
    services: services.map((service, index) => ({ serviceId: service.serviceId, ...texts[index] })),
    qr: await qrCodes(services),
    safetySensitive,
    channels: {
      sms: safetySensitive ? null : channels?.sms ?? null,
      email: safetySensitive ? null : channels?.email ?? null,
    },
    printed: url.searchParams.get('printed') !== null,
    // Opened from a referral to a service not on CareLoop: the way back is to that referral.
    referralId: isUuid(url.searchParams.get('referral')) ? url.searchParams.get('referral') : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireUserWithPermission(request, 'write:referral');
  const formData = await request.formData();
  requireCsrf(request, formData, session);
  const intent = String(formData.get('intent'));
  if (intent !== 'print' && intent !== 'sms' && intent !== 'email') {
    return data({ message: 'Reload the page and try again.', sent: null }, { status: 400 });
  }
  const serviceIds = serviceIdsOf(formData.getAll('service').map(String));
  const { db, context, services, texts } = await loadHandout(request, session.user, params, serviceIds);
  const result = await giveHandout(db, getConfig(), session.user, { context, services, channel: intent as HandoutChannel, texts }, requestId(request));
  if (!result.ok) {
    if (result.message === 'Not found') notFound();
    return data({ message: result.message, sent: null }, { status: 409 });
  }
  if (intent === 'print') {
    const query = new URLSearchParams(serviceIds.map((id) => ['service', id]));
    const referral = String(formData.get('referral') ?? '');
    if (isUuid(referral)) query.set('referral', referral);
    query.set('printed', '1');
    return redirect(`/patients/${context.patient.id}/needs/${context.need.id}/handout?${query}`);
  }
  return data({ message: null, sent: intent });
}

export default function Handout() {
  const { patient, need, locale, organization, services, qr, safetySensitive, channels, printed, referralId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  // The handout itself is in the patient's language; the page around it in the worker's.
  const patientT = useMemo(() => createI18n(locale).t, [locale]);
  const today = new Date().toLocaleDateString(locale === 'es' ? 'es-US' : 'en-US', { dateStyle: 'long' });
  useEffect(() => {
    if (printed) window.print();
  }, [printed]);
  const hidden = [
    ...searchParams.getAll('service').map((id) => <input key={id} type="hidden" name="service" value={id} />),
    referralId ? <input key="referral" type="hidden" name="referral" value={referralId} /> : null,
  ];
  return (
    <section>
      <div className="no-print">
        <p>
          <Link to={`/patients/${patient.id}/needs/${need.id}`}>← {t('Services for {{need}}', { need: t(categoryLabel(need.category)) })}</Link>
          {referralId ? (
            <>
              {' · '}
              <Link to={`/referrals/${referralId}`}>{t('Back to the referral')}</Link>
            </>
          ) : null}
        </p>
        <h1>{t('Handout for {{patient}}', { patient: patient.name })}</h1>
        {services.length === 0 ? <p className="notice">{t('Tick at least one service on the results to make a handout.')}</p> : null}
        {printed ? <p className="success" role="status">{t('Recorded on the patient’s timeline. If the print window did not open, use your browser’s Print command.')}</p> : null}
        {actionData?.sent ? (
          <p className="success" role="status">
            {actionData.sent === 'sms' ? t('The handout is on its way by text message, and recorded on the timeline.') : t('The handout is on its way by e-mail, and recorded on the timeline.')}
          </p>
        ) : null}
        <FormError message={actionData?.message} />
        {safetySensitive ? <p className="notice">{t('For the patient’s safety, services for this need are printed only, never sent by text or e-mail.')}</p> : null}
        {services.length ? (
          <div className="button-row handout-actions">
            <Form method="post">
              <CsrfInput />
              {hidden}
              <button type="submit" name="intent" value="print" className="primary">
                {t('Print and record as given')}
              </button>
            </Form>
            {(['sms', 'email'] as const).map((channel) => {
              const decision = channels[channel];
              if (!decision) return null;
              return (
                <Form method="post" key={channel}>
                  <CsrfInput />
                  {hidden}
                  <button type="submit" name="intent" value={channel} disabled={!decision.ok} aria-describedby={decision.ok ? undefined : `${channel}-reason`}>
                    {channel === 'sms' ? t('Send by text message') : t('Send by e-mail')}
                  </button>
                  {decision.ok ? null : (
                    <p className="hint" id={`${channel}-reason`}>
                      {t(decision.reason)}
                    </p>
                  )}
                </Form>
              );
            })}
          </div>
        ) : null}
        <h2>{t('Preview')}</h2>
      </div>
      <article className="handout" lang={locale} aria-label={patientT('Services for you')}>
        <h2>{patientT('Services for you')}</h2>
        <p className="hint">{patientT('From {{organization}}, {{date}}', { organization, date: today })}</p>
        <ol className="handout-services">
          {services.map((service) => (
            <li key={service.serviceId}>
              <div>
                <h3>{service.name}</h3>
                <p>{service.organization}</p>
                {service.address ? (
                  <p>
                    <strong>{patientT('Address')}:</strong> {service.address}
                  </p>
                ) : null}
                {service.phones.length ? (
                  <p>
                    <strong>{patientT('Phone')}:</strong> {service.phones.join(', ')}
                  </p>
                ) : null}
                {service.hours ? (
                  <p>
                    <strong>{patientT('Hours')}:</strong> {service.hours}
                  </p>
                ) : null}
                {service.website ? (
                  <p>
                    <strong>{patientT('Website')}:</strong> {service.website}
                  </p>
                ) : null}
              </div>
              {qr[service.serviceId] ? <img src={qr[service.serviceId]!} width={120} height={120} alt={patientT('QR code for {{service}}', { service: service.name })} /> : null}
            </li>
          ))}
        </ol>
      </article>
    </section>
  );
}
