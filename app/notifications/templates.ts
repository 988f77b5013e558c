// The words of every e-mail and text message, in the recipient's language. Pure: no I/O.
import { createI18n, type Locale } from '../i18n/i18n.js';
import { KIND_TEXT, type NotificationKind } from './events.js';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface DigestItem {
  kind: NotificationKind;
  params: Record<string, string | number>;
  link: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

function layout(locale: Locale, heading: string, paragraphs: string[], action: { label: string; url: string }, footer: string): string {
  return [
    '<!doctype html>',
    `<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(heading)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;color:#1b1b1b;line-height:1.5;max-width:36rem;margin:0 auto;padding:1rem">',
    `<h1 style="font-size:1.25rem">${escapeHtml(heading)}</h1>`,
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#0b5394;color:#fff;padding:.6rem 1rem;border-radius:4px;text-decoration:none">${escapeHtml(action.label)}</a></p>`,
    `<p style="color:#555;font-size:.875rem">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
}

/** An e-mail to a member of staff: what happened, and a link that opens it after sign-in. */
export function renderNotificationEmail(input: {
  kind: NotificationKind;
  params: Record<string, string | number>;
  url: string;
  locale: Locale;
  preferencesUrl: string;
}): RenderedEmail {
  const t = createI18n(input.locale).t;
  const text = KIND_TEXT[input.kind];
  const subject = t(text.title, input.params);
  const body = t(text.body, input.params);
  const open = t('Open it in CareLoop');
  const footer = t('You receive this because of your notification settings: {{url}}', { url: input.preferencesUrl });
  return {
    subject,
    text: [body, '', `${open}: ${input.url}`, '', footer].join('\n'),
    html: layout(input.locale, subject, [body], { label: open, url: input.url }, footer),
  };
}

/** One e-mail with the day's notifications of the kinds a person asked to receive as a digest. */
export function renderDigestEmail(input: { items: DigestItem[]; baseUrl: string; locale: Locale; preferencesUrl: string }): RenderedEmail {
  const t = createI18n(input.locale).t;
  const subject = t('Your CareLoop updates: {{count}}', { count: input.items.length });
  const lines = input.items.map((item) => t(KIND_TEXT[item.kind].body, item.params));
  const footer = t('You receive this because of your notification settings: {{url}}', { url: input.preferencesUrl });
  const open = t('Open your notifications');
  const url = `${input.baseUrl}/notifications`;
  return {
    subject,
    text: [...input.items.map((item, index) => `- ${lines[index]} ${input.baseUrl}${item.link}`), '', `${open}: ${url}`, '', footer].join('\n'),
    html: layout(input.locale, subject, lines, { label: open, url }, footer),
  };
}

/** What a patient receives with a self-screening link: who asks, the link, until when. No health details. */
export function renderSelfScreeningMessage(input: { organization: string; url: string; hours: number; locale: Locale }): RenderedEmail {
  const t = createI18n(input.locale).t;
  const sentence = t('{{organization}} asks you to answer a few questions about things like food, housing and transport, so that they can help.', {
    organization: input.organization,
  });
  const validity = t('The link works once, for {{hours}} hours.', { hours: input.hours });
  const subject = t('Questions from {{organization}}', { organization: input.organization });
  const open = t('Answer the questions');
  const stop = t('If you did not expect this message, you can ignore it.');
  return {
    subject,
    text: `${sentence} ${input.url} ${validity}`,
    html: layout(input.locale, subject, [sentence, validity], { label: open, url: input.url }, stop),
  };
}

/** One service of a handout, as the patient reads it (no health details: services only). */
export interface HandoutService {
  name: string;
  organization: string;
  address: string | null;
  phones: string[];
  hours: string | null;
  website: string | null;
}

// A text message stays within what carriers join into one message (10 segments).
const MAX_SMS_LENGTH = 1500;

/** The services a worker hands a patient, by e-mail or text. The subject never names the need. */
export function renderHandoutMessage(input: { organization: string; services: HandoutService[]; locale: Locale }): RenderedEmail {
  const t = createI18n(input.locale).t;
  const subject = t('Services from {{organization}}', { organization: input.organization });
  const intro = t('Here are the services we talked about.');
  const blocks = input.services.map((service, index) =>
    [`${index + 1}. ${service.name} (${service.organization})`, service.address, service.phones.join(', ') || null, service.hours, service.website]
      .filter(Boolean)
      .join('\n'),
  );
  const ignore = t('If you did not expect this message, you can ignore it.');
  const text = [intro, ...blocks].join('\n\n');
  const html = [
    '<!doctype html>',
    `<html lang="${input.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;color:#1b1b1b;line-height:1.5;max-width:36rem;margin:0 auto;padding:1rem">',
    `<h1 style="font-size:1.25rem">${escapeHtml(subject)}</h1>`,
    `<p>${escapeHtml(intro)}</p>`,
    ...blocks.map((block) => `<p>${block.split('\n').map(escapeHtml).join('<br>')}</p>`),
    `<p style="color:#555;font-size:.875rem">${escapeHtml(ignore)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text: text.length > MAX_SMS_LENGTH ? `${text.slice(0, MAX_SMS_LENGTH - 1)}…` : text, html };
}
