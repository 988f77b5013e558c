import { describe, expect, it } from 'vitest';
import { AHC_HRSN, PRAPARE } from './instruments/index';
import { checkTranslationFile, translationTemplate } from './translations';

const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

/** A complete file whose every text is a marker, not a translation: the checks are about coverage. */
function filled(instrument: 'prapare' | 'hunger-vital-sign' | 'ahc-hrsn') {
  const template = translationTemplate(instrument) as any;
  template.source = 'Test fixture (not a translation)';
  template.licence = 'Test fixture';
  for (const code of Object.keys(template.groups)) template.groups[code] = `[es] ${code}`;
  for (const [code, item] of Object.entries<any>(template.items)) {
    item.text = `[es] ${code}`;
    for (const answer of Object.keys(item.answers)) item.answers[answer] = `[es] ${answer}`;
  }
  return template;
}

describe('checkTranslationFile', () => {
  it('accepts a file covering every group, item and answer, and keeps its source and licence', () => {
    const result = checkTranslationFile(bytes(filled('prapare')));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.translation).toMatchObject({ instrument: 'prapare', language: 'es', source: 'Test fixture (not a translation)', licence: 'Test fixture' });
    expect(Object.keys(result.translation.items)).toEqual(PRAPARE.items.map((item) => item.code));
    expect(Object.keys(result.translation.groups)).toEqual(PRAPARE.groups.map((group) => group.code));
    expect(result.translation.items['56051-6'].answers['LA33-6']).toBe('[es] LA33-6');
  });

  it('needs the supplemental panel heading of the AHC HRSN too', () => {
    const file = filled('ahc-hrsn');
    delete file.groups['97023-6'];
    expect(checkTranslationFile(bytes(file))).toEqual({ ok: false, problems: ['groups: no text for "97023-6".'] });
    expect(AHC_HRSN.groups.map((group) => group.code)).toEqual(['97023-6']);
  });

  it('reports every missing item and answer, and every unknown code, at once', () => {
    const file = filled('prapare');
    delete file.items['56051-6'];
    delete file.items['71802-3'].answers['LA30190-5'];
    file.items['71802-3'].answers['LA0000-0'] = 'x';
    file.items['99999-9'] = { text: 'x', answers: {} };
    file.groups['00000-0'] = 'x';
    const result = checkTranslationFile(bytes(file));
    expect(result).toEqual({
      ok: false,
      problems: [
        'groups: "00000-0" is not a group of PRAPARE.',
        'items: no translation for "56051-6".',
        'items: "99999-9" is not an item of PRAPARE.',
        'items.71802-3.answers: no translation for "LA30190-5".',
        'items.71802-3.answers: "LA0000-0" is not an answer to this question.',
      ],
    });
  });

  it.each([
    ['an empty file', new Uint8Array(), 'The file is empty.'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'The file is not UTF-8 text.'],
    ['text that is not JSON', bytes('instrument: prapare'), 'The file is not valid JSON.'],
    ['a JSON array', bytes([]), 'The file must be a JSON object.'],
    ['a huge file', new Uint8Array(600 * 1024).fill(0x20), 'The file is larger than 512 KiB.'],
  ])('rejects %s with a clear message', (_case, content, message) => {
    expect(checkTranslationFile(content)).toEqual({ ok: false, problems: [message] });
  });

  it.each([
    ['an unknown instrument', { instrument: 'phq-9' }, 'instrument: "phq-9" is not an instrument CareLoop scores'],
    ['another language', { language: 'fr' }, 'language: The language must be "es"'],
    ['no source', { source: '  ' }, 'source: The text is empty.'],
    ['no licence', { licence: undefined }, 'licence: Expected text.'],
    ['a NUL byte in a text', { source: 'NACHC\u0000' }, 'source: The text contains control characters.'],
  ])('rejects %s', (_case, change, message) => {
    const result = checkTranslationFile(bytes({ ...filled('hunger-vital-sign'), ...change }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join(' ')).toContain(message);
  });

  it('rejects an empty item text with the place it is in', () => {
    const file = filled('hunger-vital-sign');
    file.items['88122-7'].text = '';
    expect(checkTranslationFile(bytes(file))).toEqual({ ok: false, problems: ['items.88122-7.text: The text is empty.'] });
  });
});
