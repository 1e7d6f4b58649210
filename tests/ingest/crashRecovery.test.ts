import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { fileDelivery } from '../../adapters/files/fileDelivery.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { ingestDelivery } from '../../src/ingest/ingestDelivery.ts';
import { repositories } from '../../src/repositories/index.ts';
import { activityCsv, openIngestStore, type IngestStore } from './ingestStore.ts';

const CHILD = fileURLToPath(new URL('./kill9-ingest.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs kill9-ingest.ts and kills it with SIGKILL as soon as it reports part of the counts applied. */
function ingestThenKill(dataDir: string, csvPath: string, writes: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, csvPath, String(writes)], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('applied part\n')) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited on its own: ${stdout}${stderr}`)),
    );
  });
}

describe('an increment interrupted by kill -9', () => {
  let ctx: IngestStore;
  afterEach(() => ctx.close());

  it('is counted exactly once when the same file is ingested again', async () => {
    ctx = await openIngestStore(60);
    const rows: [string, string, number][] = [];
    for (let s = 1; s <= 60; s++) {
      rows.push([`S${s}`, '2026-10-06', s], [`S${s}`, '2026-10-13', 100 + s], [`S${s}`, '2026-10-20', 1]);
    }
    const csvPath = join(ctx.dataDir, 'increment.csv');
    await writeFile(csvPath, activityCsv(rows));
    await ctx.release();

    await ingestThenKill(ctx.dataDir, csvPath, 3);

    const store = await openEmbeddedStore({ dataDir: ctx.dataDir, logger: { warn: () => undefined } });
    try {
      const repos = repositories(store.db);
      const total = async () =>
        (await repos.measures.measuresBetween('2026-W41', '2026-W43')).reduce((sum, m) => sum + m.count, 0);
      const expected = rows.reduce((sum, row) => sum + row[2], 0);
      const [interrupted] = await repos.deliveries.forSource('vle');
      expect(interrupted?.status).toBe('processing');
      const partial = await total();
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(expected);

      const rerun = await ingestDelivery(repos, await fileDelivery(csvPath, 'vle', { mode: 'increment' }));
      expect(rerun.status).toBe('applied');
      expect(await total()).toBe(expected);
      const again = await ingestDelivery(repos, await fileDelivery(csvPath, 'vle', { mode: 'increment' }));
      expect(again.status).toBe('duplicate');
      expect(await total()).toBe(expected);
    } finally {
      await store.close();
    }
  }, 60_000);
});
