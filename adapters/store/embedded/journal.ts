/**
 * The append-only journal file and its record framing: `[payload length u32 LE][crc32 u32 LE][payload]`.
 * Reading accepts records up to the first torn or corrupt one and reports where the good prefix ends;
 * appending writes a batch of records with one write and one fdatasync.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

const HEADER_BYTES = 8;

/** A record as the buffers to write in order: its header, then the payload itself (not copied). */
export function frameRecord(payload: Buffer): Buffer[] {
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return [header, payload];
}

export interface RecordScan {
  payloads: Buffer[];
  /** Length of the valid prefix: everything after it is torn or corrupt. */
  validBytes: number;
  /** Why reading stopped early, if it did. */
  problem?: string;
}

export function scanRecords(data: Buffer): RecordScan {
  const payloads: Buffer[] = [];
  let offset = 0;
  const stop = (problem: string): RecordScan => ({ payloads, validBytes: offset, problem });
  while (offset < data.length) {
    if (data.length - offset < HEADER_BYTES) return stop('torn record header');
    const length = data.readUInt32LE(offset);
    const checksum = data.readUInt32LE(offset + 4);
    if (length === 0) return stop('empty record');
    if (length > data.length - offset - HEADER_BYTES) return stop('torn record');
    const payload = data.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + length);
    if (crc32(payload) !== checksum) return stop('checksum mismatch');
    payloads.push(payload);
    offset += HEADER_BYTES + length;
  }
  return { payloads, validBytes: offset };
}

export class JournalFile {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private bytes: number,
  ) {}

  /** Opens (creating if needed) for appending; `bytes` is the current length. */
  static async open(path: string): Promise<JournalFile> {
    const handle = await open(path, 'a');
    const { size } = await handle.stat();
    return new JournalFile(path, handle, size);
  }

  get size(): number {
    return this.bytes;
  }

  /** Appends the records (each as `frameRecord` made it) and makes them durable. */
  async append(records: Buffer[][]): Promise<void> {
    const buffers = records.flat();
    const expected = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    const { bytesWritten } = await this.handle.writev(buffers);
    if (bytesWritten !== expected)
      throw new Error(`short journal write: ${bytesWritten} of ${expected} bytes`);
    await this.handle.datasync();
    this.bytes += expected;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
