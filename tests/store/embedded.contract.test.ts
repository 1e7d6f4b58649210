// Runs the store contract against the embedded store in a fresh temporary directory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { defineStoreContract } from './contract.ts';

defineStoreContract('embedded', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'engage-store-contract-'));
  const store = await openEmbeddedStore({ dataDir, logger: { warn: () => undefined } });
  return {
    store,
    sweepExpired: (now) => store.sweepExpired(now),
    dispose: () => rm(dataDir, { recursive: true, force: true }),
  };
});
