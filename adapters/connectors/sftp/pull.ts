/**
 * Pulls a source's files from a remote SFTP server (the `ingest-source` job for a feed with `sftp`): connects
 * with ssh2 (private key file or a password from a named environment variable), refuses any host key but
 * the pinned SHA-256 fingerprint, takes only complete files (completion.ts), and for each streams it twice
 * — once to fingerprint it, once (gunzipped when gzip) into a delivery — never holding it whole; then moves
 * it, with its marker, to the archive folder on the server. A file that fails stays where it is and the
 * reason is logged (file name and message only); the other files still go ahead.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { createGunzip } from 'node:zlib';
import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import type { Delivery } from '../../../src/ingest/delivery.ts';
import { IngestError, ingestDelivery, type IngestOutcome } from '../../../src/ingest/ingestDelivery.ts';
import type { Logger } from '../../../src/logging/logger.ts';
import type { Repositories } from '../../../src/repositories/index.ts';
import { secretFromEnv } from '../shared/http.ts';
import { completeNames, DONE_MARKER } from '../../../src/ingest/completion.ts';

import type { SftpConfig as SftpFeed } from './config.ts';

const CHUNK_BYTES = 256 * 1024;
export const SFTP_READY_TIMEOUT_MS = 20_000;

export interface SftpPullResult {
  outcomes: IngestOutcome[];
  /** Files left on the server, with why. */
  failed: { file: string; reason: string }[];
}

/** `SHA256:<base64, unpadded>` of a raw SSH host key, as `ssh-keygen -lf` prints it. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

export async function pullSftp(
  repos: Repositories,
  sourceId: string,
  logger: Logger,
  options: { now?: Date; env?: NodeJS.ProcessEnv } = {},
): Promise<SftpPullResult> {
  const feed = await repos.feeds.feed(sourceId);
  if (!feed?.sftp) throw new IngestError(`source "${sourceId}" has no SFTP pull configured`);
  const config = feed.sftp as SftpFeed;
  const { client, sftp } = await connect(config, options.env ?? process.env);
  try {
    const entries = await call<{ filename: string; attrs: { mode: number; mtime: number } }[]>((done) =>
      sftp.readdir(config.dir, done),
    );
    const regular = entries.filter((entry) => (entry.attrs.mode & 0o170000) === 0o100000);
    const modified = new Map(regular.map((entry) => [entry.filename, new Date(entry.attrs.mtime * 1000)]));
    const files = [...modified.keys()];
    const result: SftpPullResult = { outcomes: [], failed: [] };
    const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
    let archiveReady = false;
    for (const name of completeNames(files, config.completion)) {
      const path = posix.join(config.dir, name);
      try {
        result.outcomes.push(
          await ingestDelivery(
            repos,
            await remoteDelivery(sftp, path, name, sourceId, modified.get(name) as Date),
          ),
        );
        if (!archiveReady) await ensureDir(sftp, config.archiveDir);
        archiveReady = true;
        await call((done) => sftp.rename(path, posix.join(config.archiveDir, `${stamp}-${name}`), done));
        if (config.completion === 'marker') {
          const marker = `${name}${DONE_MARKER}`;
          await call((done) =>
            sftp.rename(
              posix.join(config.dir, marker),
              posix.join(config.archiveDir, `${stamp}-${marker}`),
              done,
            ),
          );
        }
      } catch (error) {
        const reason = (error as Error).message;
        result.failed.push({ file: name, reason });
        logger.warn({ sourceId, file: name, reason }, 'sftp: file left on the server');
      }
    }
    return result;
  } finally {
    client.end();
  }
}

async function connect(
  config: SftpFeed,
  env: NodeJS.ProcessEnv,
): Promise<{ client: Client; sftp: SFTPWrapper }> {
  const connectConfig: ConnectConfig = {
    host: config.host,
    port: config.port,
    username: config.username,
    readyTimeout: SFTP_READY_TIMEOUT_MS,
    hostVerifier: (key: Buffer) => hostKeyFingerprint(key) === config.hostKeySha256,
  };
  if (config.privateKeyPath !== undefined) connectConfig.privateKey = await readFile(config.privateKeyPath);
  if (config.passwordEnv !== undefined)
    connectConfig.password = secretFromEnv('sftp', config.passwordEnv, env);
  const client = new Client();
  return new Promise((resolve, reject) => {
    client.once('error', (error) => {
      const mismatch = /host.*(verif|denied)/i.test(error.message);
      reject(
        new IngestError(
          mismatch
            ? `sftp: ${config.host}:${config.port} presented a host key other than the pinned ${config.hostKeySha256}; refused`
            : `sftp: cannot connect to ${config.host}:${config.port}: ${error.message}`,
        ),
      );
    });
    client.once('ready', () =>
      client.sftp((error, sftp) => {
        if (error) {
          client.end();
          reject(new IngestError(`sftp: ${config.host} refused the SFTP subsystem: ${error.message}`));
        } else resolve({ client, sftp });
      }),
    );
    client.connect(connectConfig);
  });
}

/** The remote file as a delivery: fingerprinted in a first streaming pass, streamed again as its content. */
async function remoteDelivery(
  sftp: SFTPWrapper,
  path: string,
  name: string,
  sourceId: string,
  receivedAt: Date,
): Promise<Delivery> {
  const hash = createHash('sha256');
  let head: Buffer | null = null;
  for await (const chunk of sftp.createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    head ??= chunk as Buffer;
    hash.update(chunk as Buffer);
  }
  const gzip = head !== null && head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  async function* bytes(): AsyncGenerator<Uint8Array> {
    const remote = sftp.createReadStream(path, { highWaterMark: CHUNK_BYTES });
    const stream = gzip ? remote.pipe(createGunzip()) : remote;
    if (gzip) remote.on('error', (error: Error) => stream.destroy(error));
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } finally {
      remote.destroy();
      stream.destroy();
    }
  }
  return {
    sourceId,
    id: hash.digest('hex'),
    name,
    mode: 'snapshot',
    receivedAt,
    content: { kind: 'csv', bytes: bytes() },
  };
}

async function ensureDir(sftp: SFTPWrapper, dir: string): Promise<void> {
  try {
    await call<unknown>((done) => sftp.stat(dir, done));
  } catch {
    await call((done) => sftp.mkdir(dir, done));
  }
}

/** An ssh2 callback call as a promise. */
function call<T = void>(
  run: (done: (error: Error | null | undefined, value: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));
}
