import { describe, expect, it } from 'vitest';
import { KIND_TEXT, NOTIFICATION_KINDS } from './events';
import { renderDigestEmail, renderNotificationEmail, renderSelfScreeningMessage } from './templates';

const params = { service: 'BAYVIEW MISSION - Food Pantries', organization: 'Bayview Mission', count: 3 };

describe('notification e-mails', () => {
  it.each(NOTIFICATION_KINDS.map((kind) => [kind]))('%s has every placeholder filled, in both languages, with text and HTML parts', (kind) => {
    for (const locale of ['en', 'es'] as const) {
      const mail = renderNotificationEmail({ kind, params, url: 'https://careloop.example.org/x', locale, preferencesUrl: 'https://careloop.example.org/settings/notifications' });
      for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/{{|}}/);
      expect(mail.text).toContain('https://careloop.example.org/x');
      expect(mail.html).toContain('href="https://careloop.example.org/x"');
      expect(mail.html).toContain(`<html lang="${locale}">`);
    }
  });

  it('uses the recipient’s language', () => {
    const english = renderNotificationEmail({ kind: 'referral.requested', params, url: 'u', locale: 'en', preferencesUrl: 'p' });
    const spanish = renderNotificationEmail({ kind: 'referral.requested', params, url: 'u', locale: 'es', preferencesUrl: 'p' });
    expect(english.subject).toBe('You have a new referral at CareLoop');
    expect(spanish.subject).toBe('Tiene una nueva derivación en CareLoop');
    expect(spanish.text).toContain('Una nueva derivación a BAYVIEW MISSION - Food Pantries le espera en su bandeja.');
  });

  it('escapes directory text in the HTML part', () => {
    const mail = renderNotificationEmail({
      kind: 'referral.accepted',
      params: { service: '<img src=x onerror=alert(1)>', organization: 'A & B "Pantry"' },
      url: 'https://careloop.example.org/referrals/1',
      locale: 'en',
      preferencesUrl: 'p',
    });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toContain('A &amp; B &quot;Pantry&quot;');
  });

  it('every kind says who receives it and has a label for the settings page', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(KIND_TEXT[kind].label.length).toBeGreaterThan(5);
      expect(KIND_TEXT[kind].audience.length).toBeGreaterThan(5);
    }
  });
});

describe('the digest', () => {
  it('lists each notification with its link', () => {
    const mail = renderDigestEmail({
      items: [
        { kind: 'referral.requested', params, link: '/portal/referrals/1' },
        { kind: 'referral.cancelled', params, link: '/portal/referrals/2' },
      ],
      baseUrl: 'https://careloop.example.org',
      locale: 'en',
      preferencesUrl: 'p',
    });
    expect(mail.subject).toBe('Your CareLoop updates: 2');
    expect(mail.text).toContain('https://careloop.example.org/portal/referrals/1');
    expect(mail.text).toContain('https://careloop.example.org/portal/referrals/2');
  });
});

describe('the message to a patient', () => {
  it('says who asks and for how long the link works, and nothing about health', () => {
    const message = renderSelfScreeningMessage({ organization: 'Mission Street Clinic', url: 'https://careloop.example.org/s/abc', hours: 72, locale: 'es' });
    expect(message.text).toBe(
      'Mission Street Clinic le pide que responda unas preguntas sobre temas como comida, vivienda y transporte, para poder ayudarle. https://careloop.example.org/s/abc El enlace funciona una sola vez, durante 72 horas.',
    );
    // One text message segment set: short enough for a phone.
    expect(message.text.length).toBeLessThan(320);
  });
});
