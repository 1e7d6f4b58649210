/** A real embedded store in a temp dir seeded with a small synthetic institution, for service-level tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { seedSyntheticInstitution } from '../../src/demo/seedSyntheticInstitution.ts';
import { repositories, type Repositories } from '../../src/repositories/index.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import type { Store } from '../../src/store/types.ts';
import { planInstitution, type SyntheticInstitution } from '../../src/synthetic/index.ts';

export interface SeededStore {
  store: Store;
  repos: Repositories;
  institution: SyntheticInstitution;
  close(): Promise<void>;
}

export async function openSeededStore(options: {
  students: number;
  weeks: number;
  seed?: number;
  startWeek?: string;
}): Promise<SeededStore> {
  const dir = await mkdtemp(join(tmpdir(), 'engage-weekly-'));
  const store = await openEmbeddedStore({ dataDir: dir });
  await ensureCollections(store.db);
  const repos = repositories(store.db);
  const institution = planInstitution({ ...options, seed: options.seed ?? 7 });
  await seedSyntheticInstitution(repos, institution);
  return {
    store,
    repos,
    institution,
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
