/**
 * The kill -9 scenario shared by the durability test and the bench: run kill9-writer.ts in a child
 * process, SIGKILL it once its stdout shows enough acknowledged documents, then check which
 * acknowledged documents survived a reopen.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openEmbeddedStore, type StoreLogger } from '../../adapters/store/embedded/index.ts';

const WRITER = fileURLToPath(new URL('./kill9-writer.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Kill9Run {
  /** Ids whose batch the child reported as acknowledged before it died. */
  acknowledged: number[];
  /** Whether the child had finished every write before it was killed. */
  finished: boolean;
}

/** Runs the writer; kills it once `killAfter` documents are acknowledged (or, if null, once it is done). */
export function writeThenKill(options: {
  dataDir: string;
  total: number;
  batchSize: number;
  killAfter: number | null;
}): Promise<Kill9Run> {
  const { dataDir, total, batchSize, killAfter } = options;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', WRITER, dataDir, String(total), String(batchSize)],
    {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const acknowledged: number[] = [];
  let finished = false;
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const ack = /^ack (\d+) (\d+)$/.exec(line);
      if (ack) for (let id = Number(ack[1]); id < Number(ack[2]); id++) acknowledged.push(id);
      if (line === 'done') finished = true;
    }
    if (killAfter === null ? finished : acknowledged.length >= killAfter) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited on its own (${String(signal)}): ${stderr}`));
      else resolve({ acknowledged, finished });
    });
  });
}

/** Reopens the store and counts the acknowledged documents that are missing. */
export async function countMissing(
  dataDir: string,
  acknowledged: number[],
  logger?: StoreLogger,
): Promise<number> {
  const store = await openEmbeddedStore({ dataDir, logger });
  try {
    const present = new Set(
      (
        await store.db
          .collection('kill9')
          .find({}, { projection: { _id: 1 } })
          .toArray()
      ).map((doc) => doc._id),
    );
    return acknowledged.filter((id) => !present.has(id)).length;
  } finally {
    await store.close();
  }
}
