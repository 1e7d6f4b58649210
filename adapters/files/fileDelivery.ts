/**
 * A file (or standard input) as a delivery: fingerprinted by the SHA-256 of its bytes in a first streaming
 * pass, then streamed again as CSV bytes in large chunks, gunzipped on the way when it is gzip (by its
 * magic bytes, whatever its name). Standard input is spooled to a temporary file first, so it can be
 * fingerprinted before any row is applied; nothing is ever held in memory whole.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Delivery, DeliveryMode } from '../../src/ingest/delivery.ts';

const CHUNK_BYTES = 1 << 20;

export async function fingerprintFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function isGzip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await file.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await file.close();
  }
}

/** The file's bytes, decompressed if gzip; the file stream is closed when iteration ends or stops. */
async function* fileBytes(path: string, gzip: boolean): AsyncGenerator<Uint8Array> {
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let stream: Readable = file;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
    file.on('error', (error) => gunzip.destroy(error));
    stream = file.pipe(gunzip);
  }
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    file.destroy();
    stream.destroy();
  }
}

export async function fileDelivery(
  path: string,
  sourceId: string,
  options: { mode?: DeliveryMode; receivedAt?: Date; name?: string } = {},
): Promise<Delivery> {
  const [id, gzip] = await Promise.all([fingerprintFile(path), isGzip(path)]);
  return {
    sourceId,
    id,
    name: options.name ?? basename(path),
    mode: options.mode ?? 'snapshot',
    receivedAt: options.receivedAt ?? new Date(),
    content: { kind: 'csv', bytes: fileBytes(path, gzip) },
  };
}

/** Spools standard input (or any stream) to a temporary file and runs `use` on it as a delivery. */
export async function withSpooledDelivery<T>(
  input: Readable,
  sourceId: string,
  use: (delivery: Delivery) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'engage-stdin-'));
  try {
    const path = join(dir, 'stdin');
    await pipeline(input, createWriteStream(path));
    return await use(await fileDelivery(path, sourceId, { name: 'stdin' }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
