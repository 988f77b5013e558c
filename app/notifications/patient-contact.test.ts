import { describe, expect, it } from 'vitest';
import { channelAllowed, replyIntent, toE164, type PatientContact } from './patient-contact';

const patient: PatientContact = { phone: '415-555-0142', email: 'rosa@example.org', contactPreference: 'sms', smsConsentAt: new Date(), emailConsentAt: new Date() };

describe('whether a patient may be texted or e-mailed', () => {
  it('allows a channel the patient agreed to', () => {
    expect(channelAllowed(patient, 'sms', false)).toEqual({ ok: true });
    expect(channelAllowed(patient, 'email', false)).toEqual({ ok: true });
  });

  it.each([
    [{ contactPreference: 'do-not-contact' }, 'sms', false, 'The patient asked not to be contacted.'],
    [{ contactPreference: 'do-not-contact' }, 'email', false, 'The patient asked not to be contacted.'],
    [{ phone: null }, 'sms', false, 'The patient has no phone number on file.'],
    [{ smsConsentAt: null }, 'sms', false, 'The patient has not agreed to text messages.'],
    [{}, 'sms', true, 'The patient replied STOP to our text messages.'],
    [{ email: null }, 'email', false, 'The patient has no e-mail address on file.'],
    [{ emailConsentAt: null }, 'email', false, 'The patient has not agreed to e-mail.'],
  ] as const)('refuses %o by %s (opted out: %s)', (change, channel, optedOut, reason) => {
    expect(channelAllowed({ ...patient, ...change }, channel, optedOut)).toEqual({ ok: false, reason });
  });
});

it('writes US numbers in E.164', () => {
  expect(toE164('415-555-0142')).toBe('+14155550142');
  expect(toE164('(415) 555 0142')).toBe('+14155550142');
});

it('reads STOP and START replies as carriers define them, and nothing else', () => {
  expect(replyIntent(' stop ')).toBe('stop');
  expect(replyIntent('UNSUBSCRIBE')).toBe('stop');
  expect(replyIntent('start')).toBe('start');
  expect(replyIntent('please stop sending me these')).toBeNull();
  expect(replyIntent('I need food')).toBeNull();
});
