// Lint configuration: typescript-eslint's recommended rules over every TypeScript source.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The domain knows no platform, database, job runner or file system (docs: README "Architecture").
const srcBoundaries = {
  paths: [
    'node:fs',
    'node:fs/promises',
    'node:net',
    'node:child_process',
    'fs',
    'fs/promises',
    'net',
    'child_process',
  ].map((name) => ({
    name,
    message: 'src/ does no I/O of its own: take a port, and implement it in adapters/.',
  })),
  patterns: [
    {
      group: ['fastify', 'botbuilder*', 'botframework-*', '@slack/*', 'mongodb', 'agenda', '@agendajs/*'],
      message: 'src/ knows no platform, database or job runner: that code lives in adapters/ or jobs/.',
    },
    { group: ['ssh2', 'nodemailer', 'smtp-server'], message: 'network clients live in adapters/.' },
    {
      group: ['**/adapters/**', '**/jobs/**'],
      message: 'src/ never imports from adapters/ or jobs/: they depend on it, not the other way round.',
    },
  ],
};

// Audit-only attributes (gender, disability, age, deprivation, ...) are written by their importers and read
// only by the fairness report's caller: no model, feature, list or chat view may reach them
// (docs/prediction.md, "Fairness").
const auditOnly = {
  group: ['**/repositories/auditAttributes*'],
  message:
    'audit-only attributes are for the fairness report alone: no model, feature, list or view may import them.',
};
const auditAttributeUsers = [
  'src/repositories/auditAttributes.ts',
  'src/ingest/auditAttributeFeed.ts',
  'src/ingest/auditAttributeRows.ts',
  'src/importers/oulad/auditAttributes.ts',
  'adapters/cli/commands/attributes.ts',
  'adapters/cli/commands/import.ts',
  'adapters/cli/commands/model.ts',
];

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
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: srcBoundaries.paths, patterns: [...srcBoundaries.patterns, auditOnly] },
      ],
    },
  },
  {
    files: ['adapters/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [auditOnly] }] },
  },
  {
    files: auditAttributeUsers.filter((file) => file.startsWith('src/')),
    rules: { 'no-restricted-imports': ['error', srcBoundaries] },
  },
  {
    files: auditAttributeUsers.filter((file) => file.startsWith('adapters/')),
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
