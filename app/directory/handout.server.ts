// A handout: services a worker gives a patient for a need, printed or sent by text or e-mail. Each
// one is recorded as "information given" (an intervention the outcome reports count) on the
// patient's timeline, with the services, in the same transaction as the message it sends.
import QRCode from 'qrcode';
import type { Database } from '../../db/pool.js';
import { recordAudit } from '../audit/audit.server.js';
import type { SessionUser } from '../auth/session.server.js';
import type { Config } from '../config.server.js';
import type { Locale } from '../i18n/i18n.js';
import { handoutLocale, isSafetySensitive } from './handout.js';
import { queueDelivery } from '../notifications/deliveries.server.js';
import type { PatientChannel } from '../notifications/patient-contact.js';
import { patientChannels } from '../notifications/patient-messages.server.js';
import type { HandoutService } from '../notifications/templates.js';
import type { NeedContext } from './need-context.server.js';
import { openingText, formatMinutes, weekdayName } from './hours.js';
import type { ServiceDetails } from './service-details.server.js';

/** What the patient reads about one service, in their language (CareLoop's own words only). */
export function handoutServiceText(service: ServiceDetails, locale: Locale, t: (key: string, values?: Record<string, string>) => string): HandoutService {
  const localeTag = locale === 'es' ? 'es-US' : 'en-US';
  const opening = openingText(service.opening, localeTag);
  const weekly = service.hours.map((line) => {
    const days = line.days.map((day) => weekdayName(day.weekday, localeTag)).join(', ');
    return line.opens !== null && line.closes !== null ? `${days} ${formatMinutes(line.opens, localeTag)}–${formatMinutes(line.closes, localeTag)}` : days;
  });
  const location = service.locations[0];
  return {
    name: service.name,
    organization: service.organization.name,
    address: location?.address ?? null,
    phones: service.phones.slice(0, 3).map((phone) => `${phone.number}${phone.extension ? ` ${t('ext. {{extension}}', { extension: phone.extension })}` : ''}`),
    hours: [...(opening ? [t(opening.key, opening.values)] : []), ...weekly, ...service.hoursText.slice(0, 2)].join(' · ') || null,
    website: service.url ?? service.organization.website,
  };
}

/** Where a service's QR code takes the patient: its website, else a call, else the map of its address. */
export function qrTarget(service: ServiceDetails): string | null {
  const website = service.url ?? service.organization.website;
  if (website) return website;
  const phone = service.phones[0]?.number.replace(/[^\d+]/g, '');
  if (phone && phone.length >= 3) return `tel:${phone}`;
  const address = service.locations[0]?.address;
  return address ? `https://www.openstreetmap.org/search?query=${encodeURIComponent(address)}` : null;
}

export async function qrCodes(services: ServiceDetails[]): Promise<Record<string, string | null>> {
  const entries = await Promise.all(
    services.map(async (service) => {
      const target = qrTarget(service);
      return [service.serviceId, target ? await QRCode.toDataURL(target, { margin: 1, width: 160, errorCorrectionLevel: 'M' }) : null] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export type HandoutChannel = 'print' | PatientChannel;
export type HandoutResult = { ok: true; informationGivenId: string } | { ok: false; message: string };

/**
 * Records the handout and, for a text or an e-mail, queues it to the patient: never for a patient
 * marked "do not contact" or without their agreement to the channel, never for a safety-sensitive need.
 */
export async function giveHandout(
  db: Database,
  config: Pick<Config, 'appUrl'>,
  user: SessionUser,
  input: { context: NeedContext; services: ServiceDetails[]; channel: HandoutChannel; texts: HandoutService[] },
  requestId?: string,
): Promise<HandoutResult> {
  const { context, services, channel } = input;
  if (services.length === 0) return { ok: false, message: 'Choose at least one service for the handout.' };
  const locale = handoutLocale(context.patient.language);
  if (channel !== 'print') {
    if (isSafetySensitive(context.need)) {
      return { ok: false, message: 'For the patient’s safety, services for this need are printed only, never sent by text or e-mail.' };
    }
    const channels = await patientChannels(db, user, context.patient.id);
    if (!channels) return { ok: false, message: 'Not found' };
    const decision = channels[channel];
    if (!decision.ok) return { ok: false, message: decision.reason };
  }
  const informationGivenId = await db.transaction().execute(async (trx) => {
    const given = await trx
      .insertInto('information_given')
      .values({ organization_id: user.organizationId, patient_id: context.patient.id, need_id: context.need.id, given_by: user.id, channel, locale })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('information_given_services')
      .values(services.map((service, position) => ({ information_given_id: given.id, position, service_id: service.serviceId, service_name: service.name, organization_name: service.organization.name })))
      .execute();
    if (channel !== 'print') {
      await queueDelivery(trx, config, {
        key: `handout:${given.id}:${channel}`,
        channel,
        organizationId: user.organizationId,
        recipientPatientId: context.patient.id,
        kind: 'handout',
        payload: { template: 'handout', organization: user.organizationName, locale, services: input.texts },
      });
    }
    await recordAudit(trx, { user, patientId: context.patient.id, action: 'create', entityType: 'information-given', entityId: given.id, requestId });
    return given.id;
  });
  return { ok: true, informationGivenId };
}
