/**
 * Bench group "xapi": the xAPI statements endpoint of a real listening server (a child process with the
 * embedded store on a temp dir, 2,000 students, 500,000 statements already stored) takes 50,000 new
 * statements in batches of 2,500, one batch at a time as an LRS sends them, then the same 50,000 again
 * (re-sent: nothing new to count). Meanwhile /healthz is asked 20 times a second, each request timed from
 * when it was due, so a blocked event loop shows. Reports statements per second (fresh, re-sent, both)
 * and the /healthz p99. Run as a script with `--child <dataDir>` it is that server.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { benchStudents } from '../benchStudents.ts';

const STUDENTS = 2000;
const STORED = 500_000;
const STATEMENTS = 50_000;
const BATCH = 2500;
const HEALTHZ_EVERY_MS = 50;
const USERNAME = 'bench-lrs';
const PASSWORD = 'bench password';
const studentId = (i: number) => `S${String(i).padStart(6, '0')}`;
/** A UUID (version 4 layout) numbered `n` in `series`, so ids are distinct and reproducible. */
const uuid = (series: number, n: number) =>
  `${series.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** The child: seeds the store and serves /healthz and /xapi/statements until its stdin closes. */
async function child(dataDir: string): Promise<void> {
  const { openEmbeddedStore } = await import('../../../adapters/store/embedded/index.ts');
  const { ensureCollections } = await import('../../../src/store/collections.ts');
  const { repositories } = await import('../../../src/repositories/index.ts');
  const { configureSources } = await import('../../../src/ingest/sourceAdmin.ts');
  const { FeedConfigSchema } = await import('../../../adapters/connectors/registry.ts');
  const { hashPassword } = await import('../../../adapters/connectors/xapi/password.ts');
  const { registerXapi } = await import('../../../adapters/connectors/xapi/route.ts');
  const { buildServer } = await import('../../../adapters/http/server.ts');
  const { createLogger } = await import('../../../src/logging/logger.ts');
  const store = await openEmbeddedStore({ dataDir, logger: { warn: () => undefined } });
  await ensureCollections(store.db);
  const repos = repositories(store.db);
  await repos.institution.saveStudents(benchStudents(STUDENTS, studentId));
  await configureSources(
    repos,
    {
      sources: [
        {
          id: 'lrs',
          name: 'Learning records',
          kind: 'vle',
          feed: {
            format: 'activity',
            xapi: { username: USERNAME, passwordHash: await hashPassword(PASSWORD) },
          },
        },
      ],
    },
    FeedConfigSchema,
  );
  for (let from = 0; from < STORED; from += 10_000) {
    await repos.connectorState.claimStatements(
      Array.from({ length: 10_000 }, (_, i) => ({ sourceId: 'lrs', id: uuid(1, from + i), hash: 'stored' })),
    );
  }
  const logger = createLogger({ level: 'silent' });
  const server = buildServer({
    version: 'bench',
    store,
    jobs: { state: async () => ({}), running: true },
    logger,
  });
  registerXapi(server, { repos, logger });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${url}\n`);
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.on('end', resolve));
  await server.close();
  await store.close();
}

function statement(n: number) {
  const day = 1 + (n % 28);
  return {
    id: uuid(2, n),
    actor: {
      objectType: 'Agent',
      account: { homePage: 'https://moodle.example.ac.uk', name: studentId(n % STUDENTS) },
    },
    verb: { id: 'http://id.tincanapi.com/verb/viewed', display: { en: 'viewed' } },
    object: {
      objectType: 'Activity',
      id: `https://moodle.example.ac.uk/course/view.php?id=${n % 97}`,
      definition: { type: 'http://id.tincanapi.com/activitytype/lms/course' },
    },
    timestamp: `2026-10-${String(day).padStart(2, '0')}T09:15:02Z`,
  };
}

/** Sends every batch once, one at a time; the seconds it took. */
async function sendAll(url: string, batches: string[]): Promise<number> {
  const started = performance.now();
  for (const body of batches) {
    const response = await fetch(`${url}/xapi/statements`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`,
        'x-experience-api-version': '1.0.3',
      },
      body,
    });
    if (response.status !== 200) throw new Error(`xapi bench: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  }
  return (performance.now() - started) / 1000;
}

/** Asks /healthz every HEALTHZ_EVERY_MS until stopped; each latency is from when the request was due. */
function probeHealthz(url: string): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let n = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const due = started + n * HEALTHZ_EVERY_MS;
    n += 1;
    const request = fetch(`${url}/healthz`)
      .then((response) => response.arrayBuffer())
      .then(() => void latencies.push(performance.now() - due));
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
    timer = setTimeout(tick, Math.max(0, started + n * HEALTHZ_EVERY_MS - performance.now()));
  };
  tick();
  return {
    async stop() {
      clearTimeout(timer);
      await Promise.all(inFlight);
      return latencies;
    },
  };
}

export async function run(): Promise<Record<string, number>> {
  const root = await mkdtemp(join(tmpdir(), 'engage-bench-xapi-'));
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', root],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      server.on('exit', (code) => reject(new Error(`xapi bench server exited (${String(code)})`)));
      createInterface({ input: server.stdout }).once('line', resolve);
    });
    const batches: string[] = [];
    for (let from = 0; from < STATEMENTS; from += BATCH) {
      batches.push(JSON.stringify(Array.from({ length: BATCH }, (_, i) => statement(from + i))));
    }
    const probe = probeHealthz(url);
    const freshSeconds = await sendAll(url, batches);
    const resentSeconds = await sendAll(url, batches);
    const latencies = (await probe.stop()).sort((a, b) => a - b);
    const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? NaN;
    return {
      'xapi.statements_per_s': Math.round((2 * STATEMENTS) / (freshSeconds + resentSeconds)),
      'xapi.fresh_statements_per_s': Math.round(STATEMENTS / freshSeconds),
      'xapi.resent_statements_per_s': Math.round(STATEMENTS / resentSeconds),
      'xapi.healthz_p99_ms': Math.round(p99 * 10) / 10,
    };
  } finally {
    server.stdin.end();
    await new Promise((resolve) => (server.exitCode === null ? server.once('exit', resolve) : resolve(null)));
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as string);
}
