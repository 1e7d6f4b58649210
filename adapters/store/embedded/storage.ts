/**
 * Durable storage for one data directory. On open it replays the snapshot and then the journal of the
 * same generation (`journal-<generation>.log`), dropping a torn or corrupt tail with a warning. Commits
 * are group-committed: records queued while a write is in flight go out together in one write and one
 * fdatasync, and each commit resolves only once its record is durable. Compaction writes a snapshot of
 * the live data (which already contains every queued record), then starts the next journal generation;
 * it runs when the journal outgrows the live data, and on close once the journal holds an eighth of the
 * snapshot's size (a command that wrote one audit record does not rewrite the whole store on its way out).
 */
import { readdir, readFile, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeDocuments, encodeDocument } from './codec.ts';
import { JournalFile, frameRecord, scanRecords } from './journal.ts';
import { fsyncDirectory, readSnapshot, writeSnapshot } from './snapshot.ts';
import type { StoreLogger } from './logger.ts';

const SNAPSHOT_FORMAT = 1;

export interface StorageOptions {
  dir: string;
  logger: StoreLogger;
  /** The journal is compacted once it exceeds both this and twice the last snapshot's size. */
  compactMinBytes: number;
  /** Applies one replayed payload to memory. */
  replay: (payload: Buffer) => void;
  /** The whole live state, captured synchronously at the compaction point; the function it returns
   * prepares its payloads later (they may be produced later still, as they are written). */
  snapshot: () => () => Promise<{ chunks: number; payloads: Iterable<Buffer> }>;
}

interface Pending {
  record: Buffer[];
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Close compacts once the journal is at least 1/CLOSE_COMPACTION_SHARE of the snapshot's size. */
const CLOSE_COMPACTION_SHARE = 8;

export class Storage {
  private pending: Pending[] = [];
  private compactWaiters: Pending[] = [];
  private running: Promise<void> | null = null;
  private failure: Error | null = null;
  private closed = false;

  private constructor(
    private readonly options: StorageOptions,
    private journal: JournalFile,
    private generation: number,
    private snapshotBytes: number,
  ) {}

  static async open(options: StorageOptions): Promise<Storage> {
    const { dir, logger, replay } = options;
    const snapshot = await readSnapshot(dir);
    let generation = 0;
    if (snapshot) {
      const [meta, ...body] = snapshot.payloads;
      generation = readMeta(meta, body.length, join(dir, 'snapshot.db'));
      body.forEach((payload) => replay(payload));
    }
    const path = journalPath(dir, generation);
    const data = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    });
    const scan = scanRecords(data);
    scan.payloads.forEach((payload) => replay(payload));
    if (scan.problem) {
      const discarded = `${path}.discarded-${Date.now()}`;
      await writeFile(discarded, data.subarray(scan.validBytes));
      await truncate(path, scan.validBytes);
      logger.warn(
        {
          journal: path,
          problem: scan.problem,
          validBytes: scan.validBytes,
          discardedBytes: data.length - scan.validBytes,
          discardedTo: discarded,
          recordsReplayed: scan.payloads.length,
        },
        'store journal has a torn or corrupt record: replay stopped there and the rest was set aside',
      );
    }
    await removeStaleFiles(dir, generation);
    const journal = await JournalFile.open(path);
    await fsyncDirectory(dir);
    return new Storage(options, journal, generation, snapshot?.bytes ?? 0);
  }

  /** Queues a record; resolves once it is written and fsynced. */
  commit(payload: Buffer): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ record: frameRecord(payload), resolve, reject });
      this.kick();
    });
  }

  /** Writes a snapshot of the current state and starts a fresh journal generation. */
  compact(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.compactWaiters.push({ record: [], resolve, reject });
      this.kick();
    });
  }

  get failed(): Error | null {
    return this.failure;
  }

  /** Flushes, compacts when worth it (never after a failed write: memory may then differ from disk) and
   * closes the journal; what stays in the journal is replayed on the next open. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.failure && this.journalWorthCompactingOnClose()) await this.compact();
    } finally {
      this.closed = true;
      await this.running;
      await this.journal.close();
    }
  }

  private kick(): void {
    // Deferred to a microtask so that commits issued in the same tick share the first write.
    this.running ??= Promise.resolve()
      .then(() => this.drain())
      .finally(() => {
        this.running = null;
        if (this.pending.length > 0 || this.compactWaiters.length > 0) this.kick();
      });
  }

  private async drain(): Promise<void> {
    while (!this.failure) {
      if (this.compactWaiters.length > 0 || this.journalOutgrown()) await this.compactNow();
      else if (this.pending.length > 0) await this.writeBatch();
      else break;
    }
    if (this.failure) this.rejectAll(this.failure);
  }

  private journalWorthCompactingOnClose(): boolean {
    // Records still queued are written by the running drain, compaction or not.
    return this.journal.size > 0 && this.journal.size * CLOSE_COMPACTION_SHARE >= this.snapshotBytes;
  }

  private journalOutgrown(): boolean {
    return this.journal.size >= Math.max(this.options.compactMinBytes, 2 * this.snapshotBytes);
  }

  /** Writes the queued records; a batch that makes the journal outgrow the data is acknowledged after the
   * compaction it triggers, so no compaction is still running once every write is acknowledged. */
  private async writeBatch(): Promise<void> {
    const batch = this.pending.splice(0);
    try {
      await this.journal.append(batch.map((entry) => entry.record));
    } catch (error) {
      this.fail(error, batch);
      return;
    }
    if (this.journalOutgrown()) await this.compactNow(batch);
    else for (const entry of batch) entry.resolve();
  }

  /** `durable` entries are already in the journal: they succeed whatever becomes of the compaction. */
  private async compactNow(durable: Pending[] = []): Promise<void> {
    let batch: Pending[] = [];
    const generation = this.generation + 1;
    try {
      // Same tick: the snapshot holds every queued record, which is then settled by the snapshot.
      const prepare = this.options.snapshot();
      batch = [...this.pending.splice(0), ...this.compactWaiters.splice(0)];
      const { chunks, payloads } = await prepare();
      const meta = encodeDocument({ snapshot: { format: SNAPSHOT_FORMAT, generation, chunks } });
      this.snapshotBytes = await writeSnapshot(this.options.dir, meta, payloads);
      const previous = this.journal;
      this.journal = await JournalFile.open(journalPath(this.options.dir, generation));
      this.generation = generation;
      await fsyncDirectory(this.options.dir);
      await previous.close();
      await unlink(previous.path);
      for (const entry of [...durable, ...batch]) entry.resolve();
    } catch (error) {
      for (const entry of durable) entry.resolve();
      this.fail(error, batch);
    }
  }

  private fail(error: unknown, batch: Pending[]): void {
    const cause = error instanceof Error ? error : new Error(String(error));
    this.failure = new Error(
      `store write failed, further writes are refused until restart: ${cause.message}`,
      {
        cause,
      },
    );
    this.options.logger.warn({ dir: this.options.dir, error: cause.message }, 'store journal write failed');
    this.rejectAll(this.failure, batch);
  }

  private rejectAll(error: Error, extra: Pending[] = []): void {
    for (const entry of [...extra, ...this.pending.splice(0), ...this.compactWaiters.splice(0)])
      entry.reject(error);
  }
}

function journalPath(dir: string, generation: number): string {
  return join(dir, `journal-${generation}.log`);
}

/** The snapshot's generation, after checking its format and that no chunk is missing. */
function readMeta(payload: Buffer | undefined, chunks: number, path: string): number {
  const meta = payload ? decodeDocuments(payload)[0]?.snapshot : undefined;
  const fields = (meta ?? {}) as { format?: unknown; generation?: unknown; chunks?: unknown };
  if (fields.format !== SNAPSHOT_FORMAT || typeof fields.generation !== 'number') {
    throw new Error(`Snapshot ${path} has an unknown format`);
  }
  if (fields.chunks !== chunks) {
    throw new Error(`Snapshot ${path} is incomplete (${chunks} of ${String(fields.chunks)} chunks)`);
  }
  return fields.generation;
}

/** Journals of other generations are leftovers of an interrupted compaction, as is a temp snapshot. */
async function removeStaleFiles(dir: string, generation: number): Promise<void> {
  for (const name of await readdir(dir)) {
    const match = /^journal-(\d+)\.log$/.exec(name);
    if ((match && Number(match[1]) !== generation) || name === 'snapshot.db.tmp')
      await unlink(join(dir, name));
  }
}
