import { describe, expect, it } from 'vitest';
import { languageCodesMatching } from './languages.js';

describe('languageCodesMatching', () => {
  it('expands a macrolanguage to its members: zh finds Cantonese and Mandarin', () => {
    expect(languageCodesMatching('zh')).toEqual(expect.arrayContaining(['zh', 'yue', 'cmn']));
  });

  it('a member matches itself and its macrolanguage, not its siblings', () => {
    expect(languageCodesMatching('yue')).toEqual(['yue', 'zh']);
  });

  it('any other code matches only itself, case-insensitively', () => {
    expect(languageCodesMatching('ES')).toEqual(['es']);
  });
});
