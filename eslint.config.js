import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['build/', 'public/build/', 'node_modules/', '.data/', '.cache/', 'test-results/', 'playwright-report/', 'db/schema.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/**/*.server.ts', 'app/**/*.test.{ts,tsx}'],
    rules: {
      // db/ and search/ are outside Remix's .server guard: only *.server.ts modules may reach them.
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/db/*', '**/search/*'], message: 'Reach db/ and search/ through a *.server.ts module.' }] }],
    },
  },
);
