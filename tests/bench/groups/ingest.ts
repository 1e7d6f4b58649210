/**
 * Ingest bench group: generates a 10,000,000-row activity CSV (student, ISO timestamp, source, count;
 * about 390 MB) for 10,000 students over a 12-week term, then ingests it into weekly counts — fingerprint,
 * stream, validate, reduce, write the measures — in a child process on the embedded store, and reports
 * the child's rows per second (wall clock, and per second of its own CPU time, which a machine shared
 * with other work does not distort) and peak RSS (the child's own high-water mark, so the generator's
 * memory does not count). Run as a script with `--child <csv> <dataDir>` it is that child.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { benchStudents } from '../benchStudents.ts';

const ROWS = 10_000_000;
const STUDENTS = 10_000;
const TERM_START = Date.UTC(2026, 6, 6); // Monday of 2026-W28
const TERM_DAYS = 84;
const SOURCE_VALUES = ['moodle', 'library', 'panopto', 'teams'];
const SOURCE_IDS = ['vle', 'library', 'lecture-capture', 'teams'];

const studentId = (i: number) => `S${String(i).padStart(7, '0')}`;

/** Writes the CSV with a cheap deterministic spread of students, days, times, sources and counts. */
async function generate(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const students = Array.from({ length: STUDENTS }, (_, i) => `${studentId(i)},`);
  const days = Array.from(
    { length: TERM_DAYS },
    (_, d) => `${new Date(TERM_START + d * 86_400_000).toISOString().slice(0, 10)}T`,
  );
  const times = Array.from({ length: 1440 }, (_, m) => {
    const hh = String(Math.floor(m / 60)).padStart(2, '0');
    const mm = String(m % 60).padStart(2, '0');
    return `${hh}:${mm}:`;
  });
  const tails = SOURCE_VALUES.map((source) => [1, 2, 3, 4, 5].map((count) => `Z,${source},${count}\n`));
  let text = 'student,timestamp,source,count\n';
  let state = 12345;
  for (let i = 0; i < rows; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const seconds = String(state % 60).padStart(2, '0');
    text +=
      (students[state % STUDENTS] as string) +
      (days[(state >>> 8) % TERM_DAYS] as string) +
      (times[(state >>> 4) % 1440] as string) +
      seconds +
      ((tails[i & 3] as string[])[(state >>> 16) % 5] as string);
    if (text.length > 1 << 22) {
      if (!out.write(text)) await once(out, 'drain');
      text = '';
    }
  }
  out.end(text);
  await once(out, 'finish');
}

/** The child: seeds students and sources, then times one delivery of the file. */
async function child(csvPath: string, dataDir: string): Promise<void> {
  const { openEmbeddedStore } = await import('../../../adapters/store/embedded/index.ts');
  const { ensureCollections } = await import('../../../src/store/collections.ts');
  const { repositories } = await import('../../../src/repositories/index.ts');
  const { configureSources } = await import('../../../src/ingest/sourceAdmin.ts');
  const { FeedConfigSchema } = await import('../../../adapters/connectors/registry.ts');
  const { ingestDelivery } = await import('../../../src/ingest/ingestDelivery.ts');
  const { fileDelivery } = await import('../../../adapters/files/fileDelivery.ts');
  const store = await openEmbeddedStore({ dataDir, logger: { warn: () => undefined } });
  await ensureCollections(store.db);
  const repos = repositories(store.db);
  await repos.institution.saveStudents(benchStudents(STUDENTS, studentId));
  const kinds = ['vle', 'library', 'lecture-capture', 'teams'] as const;
  await configureSources(
    repos,
    {
      sources: SOURCE_IDS.map((id, i) => ({
        id,
        name: id,
        kind: kinds[i],
        ...(i === 0
          ? {
              feed: {
                format: 'activity',
                sourceValues: Object.fromEntries(SOURCE_VALUES.map((value, j) => [value, SOURCE_IDS[j]])),
              },
            }
          : {}),
      })),
    },
    FeedConfigSchema,
  );
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const outcome = await ingestDelivery(repos, await fileDelivery(csvPath, 'vle'));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await store.close();
  if (outcome.status !== 'applied' || outcome.good !== outcome.rows) {
    throw new Error(`ingest bench: unexpected outcome ${JSON.stringify(outcome)}`);
  }
  process.stdout.write(
    `${JSON.stringify({ rows: outcome.rows, seconds, cpuSeconds, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}

export async function run(rows = ROWS): Promise<Record<string, number>> {
  const root = await mkdtemp(join(tmpdir(), 'engage-bench-ingest-'));
  try {
    const csvPath = join(root, 'activity.csv');
    await generate(csvPath, rows);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', csvPath, join(root, 'store')],
      { maxBuffer: 1 << 20 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string) as {
      rows: number;
      seconds: number;
      cpuSeconds: number;
      peakRssMb: number;
    };
    return {
      'ingest.rows_per_s': Math.round(result.rows / result.seconds),
      'ingest.peak_rss_mb': Math.round(result.peakRssMb * 10) / 10,
      // Rows per second of the child's own CPU time: the same figure on a machine shared with other work.
      'ingest.rows_per_cpu_s': Math.round(result.rows / result.cpuSeconds),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as string, process.argv[4] as string);
}
