/**
 * Reads a CSV file with a header row as an async iterable of records keyed by column name (or an error
 * for the line), streaming: the file is decoded chunk by chunk and never held in memory whole. A name
 * ending in `.gz` is gunzipped on the way.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CsvReader, type CsvRecord } from '../../src/ingest/csv.ts';

export async function* readCsv(path: string): AsyncGenerator<CsvRecord> {
  const file = createReadStream(path);
  try {
    const text = decompressed(path, file);
    text.setEncoding('utf8');
    const reader = new CsvReader();
    for await (const chunk of text) yield* reader.push(chunk as string);
    yield* reader.end();
  } finally {
    file.destroy();
  }
}

function decompressed(path: string, file: Readable): Readable {
  if (!path.endsWith('.gz')) return file;
  const gunzip = createGunzip();
  file.on('error', (error) => gunzip.destroy(error));
  return file.pipe(gunzip);
}
