/** `engage demo` (= `npm run demo`): the product end to end on the embedded store. */
import { EXIT, type Command } from '../command.ts';
import { openStore } from '../../store/openStore.ts';
import { ensureCollections } from '../../../src/store/collections.ts';
import { createLogger } from '../../../src/logging/logger.ts';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Open the embedded store and show what it holds (the scoring issue fills this in).',
  usage: 'engage demo [--json]',
  options: {},
  optionHelp: [],
  examples: ['engage demo', 'engage demo --json'],
  async run({ env, json, out }) {
    const store = await openStore({ dataDir: env.DATA_DIR, logger: createLogger({ level: 'warn' }) });
    try {
      await ensureCollections(store.db);
      const students = await store.db.collection('students').estimatedDocumentCount();
      if (json) out.json({ store: store.kind, dataDir: env.DATA_DIR, students });
      else out.line(`Engage demo: ${store.kind} store at ${env.DATA_DIR} holds ${students} students.`);
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
};
