import { describe, expect, it } from 'vitest';
import { passwordWeakness } from './password-strength.server';
import { newPasswordSchema } from './password.schema';

describe('new passwords (NIST SP 800-63B)', () => {
  it('need 12 characters, counted as people see them, and nothing else', () => {
    expect(newPasswordSchema.safeParse('short one').success).toBe(false);
    expect(newPasswordSchema.safeParse('ñandú ñandú').success).toBe(false);
    expect(newPasswordSchema.safeParse('lower case only words').success).toBe(true);
    expect(newPasswordSchema.safeParse('🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊').success).toBe(true);
  });

  it('refuses common passwords and easy guesses, and accepts unrelated words', () => {
    expect(passwordWeakness('password1234')).toBe('This password is on a list of common passwords; choose another.');
    expect(passwordWeakness('qwertyuiopas')).toMatch(/too easy to guess|common passwords/);
    expect(passwordWeakness('aaaaaaaaaaaaaaaa')).toMatch(/too easy to guess/);
    expect(passwordWeakness('correct horse battery staple')).toBeNull();
  });

  it("counts the person's own name and e-mail as easy to guess", () => {
    expect(passwordWeakness('rosamarquez1984')).toBeNull();
    expect(passwordWeakness('rosamarquez1984', ['Rosa Marquez', 'rosa.marquez@clinic.example'])).toBe('Do not build your password from your name or e-mail address.');
    expect(passwordWeakness('my clinic.example login', ['rosa.marquez@clinic.example'])).toBe('Do not build your password from your name or e-mail address.');
  });
});
