// Lint configuration: typescript-eslint's recommended rules over every TypeScript source.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'coverage/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The domain knows no platform, database, job runner or file system (docs: README "Architecture").
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:fs', 'node:fs/promises', 'node:net', 'node:child_process', 'fs', 'net'].map(
            (name) => ({
              name,
              message: 'src/ does no I/O of its own: take a port, and implement it in adapters/.',
            }),
          ),
          patterns: [
            {
              group: [
                'fastify',
                'botbuilder*',
                'botframework-*',
                '@slack/*',
                'mongodb',
                'agenda',
                '@agendajs/*',
              ],
              message:
                'src/ knows no platform, database or job runner: that code lives in adapters/ or jobs/.',
            },
            { group: ['ssh2', 'nodemailer', 'smtp-server'], message: 'network clients live in adapters/.' },
            {
              group: ['**/adapters/**', '**/jobs/**'],
              message:
                'src/ never imports from adapters/ or jobs/: they depend on it, not the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
