/** A real embedded store in a temp dir with a few enrolled students and fed sources, for ingestion tests. */
import { FeedConfigSchema } from '../../adapters/connectors/registry.ts';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../adapters/cli/main.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import type { Delivery, DeliveryMode } from '../../src/ingest/delivery.ts';
import { configureSources } from '../../src/ingest/sourceAdmin.ts';
import type { Student } from '../../src/domain/model.ts';
import { repositories, type Repositories } from '../../src/repositories/index.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import { captureOutput } from '../helpers/captureOutput.ts';
import { student as fixtureStudent } from '../scoring/fixtures.ts';

export const SOURCES_FILE = {
  sources: [
    {
      id: 'vle',
      name: 'Moodle',
      kind: 'vle',
      feed: { format: 'activity', columns: { student: 'UserID', timestamp: 'When', count: 'Events' } },
    },
    {
      id: 'registers',
      name: 'Registers',
      kind: 'attendance',
      feed: { format: 'attendance', statusValues: { P: 'present', A: 'absent' } },
    },
    { id: 'wifi', name: 'Campus Wi-Fi', kind: 'wifi', feed: { format: 'swipes' } },
  ],
};

export function student(id: string): Student {
  return fixtureStudent(id, { email: `${id.toLowerCase()}@example.ac.uk` });
}

export interface IngestStore {
  repos: Repositories;
  dataDir: string;
  /** Closes the store but keeps its files, for the CLI to open them. */
  release(): Promise<void>;
  close(): Promise<void>;
}

/** Students S1..S`count` enrolled and the sources of SOURCES_FILE configured (disabled). */
export async function openIngestStore(count = 4): Promise<IngestStore> {
  const dataDir = await mkdtemp(join(tmpdir(), 'engage-ingest-'));
  const store = await openEmbeddedStore({ dataDir });
  await ensureCollections(store.db);
  const repos = repositories(store.db);
  await repos.institution.saveStudents(Array.from({ length: count }, (_, i) => student(`S${i + 1}`)));
  await configureSources(repos, SOURCES_FILE, FeedConfigSchema);
  let open = true;
  const release = async () => {
    if (open) await store.close();
    open = false;
  };
  return {
    repos,
    dataDir,
    release,
    async close() {
      await release();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** CSV text as a delivery, fingerprinted like a file. */
export function csvDelivery(
  sourceId: string,
  text: string,
  options: { mode?: DeliveryMode; receivedAt?: Date; name?: string } = {},
): Delivery {
  async function* bytes() {
    yield Buffer.from(text, 'utf8');
  }
  return {
    sourceId,
    id: createHash('sha256').update(text).digest('hex'),
    name: options.name ?? 'upload.csv',
    mode: options.mode ?? 'snapshot',
    receivedAt: options.receivedAt ?? new Date('2026-10-20T06:00:00Z'),
    content: { kind: 'csv', bytes: bytes() },
  };
}

/** Moodle-style activity rows: [student, ISO date or date-time, events]. */
export function activityCsv(rows: readonly (readonly [string, string, number])[]): string {
  return ['UserID,When,Events', ...rows.map((row) => row.join(','))].join('\n');
}

/** `engage` run against the (current) store's data directory, and files written into it, for CLI tests. */
export function cliOn(store: () => IngestStore) {
  return {
    run: async (...args: string[]) => {
      const out = captureOutput();
      const code = await runCli([...args, '--data-dir', store().dataDir], out, {});
      return { code, out };
    },
    file: async (name: string, text: string) => {
      const path = join(store().dataDir, name);
      await writeFile(path, text);
      return path;
    },
  };
}
