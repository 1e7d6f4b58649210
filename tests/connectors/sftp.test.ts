import { FeedConfigSchema } from '../../adapters/connectors/registry.ts';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostKeyFingerprint, pullSftp } from '../../adapters/connectors/sftp/pull.ts';
import { configureSources } from '../../src/ingest/sourceAdmin.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { activityCsv, openIngestStore, SOURCES_FILE, type IngestStore } from '../ingest/ingestStore.ts';
import { generateEd25519OpenSsh } from './opensshKeys.ts';
import { generateHostKey, startSftpServer, type TestSftpServer } from './sftpServer.ts';

const PASSWORD_ENV = 'ENGAGE_TEST_SFTP_PASSWORD';
const env = { [PASSWORD_ENV]: 's3cret-drop' };
const silent = createLogger({ level: 'silent' });

describe('pulling a source from a remote SFTP server', () => {
  let ctx: IngestStore;
  let server: TestSftpServer;
  let outbox: string;
  let archive: string;
  beforeEach(async () => {
    ctx = await openIngestStore(3);
    const root = join(ctx.dataDir, 'sftp-root');
    outbox = join(root, 'outbox');
    archive = join(root, 'archive');
    await mkdir(outbox, { recursive: true });
    server = await startSftpServer({ root, username: 'engage', password: env[PASSWORD_ENV] });
  });
  afterEach(async () => {
    await server.close();
    await ctx.close();
  });

  const configure = async (
    completion: 'rename' | 'marker',
    hostKeySha256 = hostKeyFingerprint(server.hostPublicKey),
  ) => {
    const [vle, ...rest] = SOURCES_FILE.sources;
    await configureSources(
      ctx.repos,
      {
        sources: [
          {
            ...vle,
            feed: {
              ...vle?.feed,
              sftp: {
                host: '127.0.0.1',
                port: server.port,
                username: 'engage',
                passwordEnv: PASSWORD_ENV,
                hostKeySha256,
                dir: '/outbox',
                archiveDir: '/archive',
                completion,
              },
            },
          },
          ...rest,
        ],
      },
      FeedConfigSchema,
    );
  };
  const vleCounts = async (week: string) =>
    Object.fromEntries(
      (await ctx.repos.measures.measuresForWeek(week))
        .filter((m) => m.sourceId === 'vle')
        .map((m) => [m.studentId, m.count]),
    );
  const pull = () => pullSftp(ctx.repos, 'vle', silent, { env, now: new Date('2026-10-20T06:00:00Z') });

  it('pulls complete files (gzip too), leaves partial uploads alone and archives what it took on the server', async () => {
    await configure('rename');
    await writeFile(join(outbox, 'monday.csv'), activityCsv([['S1', '2026-10-05', 2]]));
    await writeFile(join(outbox, 'tuesday.csv.gz'), gzipSync(activityCsv([['S2', '2026-10-13', 3]])));
    await writeFile(join(outbox, 'wednesday.csv.part'), 'UserID,When,Events\nS3,2026-10');

    const result = await pull();
    expect(result.failed).toEqual([]);
    expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'applied']);
    expect((await vleCounts('2026-W41')).S1).toBe(2);
    expect((await vleCounts('2026-W42')).S2).toBe(3);
    expect(await readdir(outbox)).toEqual(['wednesday.csv.part']);
    expect((await readdir(archive)).sort()).toEqual([
      '2026-10-20T06-00-00-000Z-monday.csv',
      '2026-10-20T06-00-00-000Z-tuesday.csv.gz',
    ]);
  });

  it('with markers takes only files whose .done marker exists, archiving the marker too', async () => {
    await configure('marker');
    await writeFile(join(outbox, 'a.csv'), activityCsv([['S1', '2026-10-13', 1]]));
    await writeFile(join(outbox, 'a.csv.done'), '');
    await writeFile(join(outbox, 'b.csv'), activityCsv([['S2', '2026-10-13', 1]]));

    await pull();
    expect(await vleCounts('2026-W42')).toMatchObject({ S1: 1 });
    expect((await vleCounts('2026-W42')).S2).toBe(0);
    expect(await readdir(outbox)).toEqual(['b.csv']);
    expect((await readdir(archive)).sort()).toEqual([
      '2026-10-20T06-00-00-000Z-a.csv',
      '2026-10-20T06-00-00-000Z-a.csv.done',
    ]);
  });

  it('ingests nothing twice: a re-run finds nothing, and the same file delivered again is a duplicate', async () => {
    await configure('rename');
    const csv = activityCsv([['S1', '2026-10-13', 4]]);
    await writeFile(join(outbox, 'week.csv'), csv);
    await pull();
    expect((await pull()).outcomes).toEqual([]);
    await writeFile(join(outbox, 'week-again.csv'), csv);
    const again = await pull();
    expect(again.outcomes.map((outcome) => outcome.status)).toEqual(['duplicate']);
    expect((await vleCounts('2026-W42')).S1).toBe(4);
  });

  it('leaves a file that fails on the server with the reason, and still takes the others', async () => {
    await configure('rename');
    await writeFile(join(outbox, 'broken.csv.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]));
    await writeFile(join(outbox, 'good.csv'), activityCsv([['S3', '2026-10-13', 5]]));
    const result = await pull();
    expect(result.failed.map((failure) => failure.file)).toEqual(['broken.csv.gz']);
    expect(result.failed[0]?.reason).not.toBe('');
    expect((await vleCounts('2026-W42')).S3).toBe(5);
    expect(await readdir(outbox)).toEqual(['broken.csv.gz']);
  });

  it('refuses a server whose host key is not the pinned one, touching nothing', async () => {
    await configure('rename', hostKeyFingerprint(generateHostKey().publicKey));
    await writeFile(join(outbox, 'week.csv'), activityCsv([['S1', '2026-10-13', 4]]));
    await expect(pull()).rejects.toThrow(/host key other than the pinned/);
    expect(await readdir(outbox)).toEqual(['week.csv']);
    expect(await vleCounts('2026-W42')).toEqual({});
  });

  it('signs in with a private key file instead of a password', async () => {
    const keys = generateHostKey();
    const pair = generateEd25519OpenSsh();
    await server.close();
    server = await startSftpServer({
      root: join(ctx.dataDir, 'sftp-root'),
      username: 'engage',
      password: 'not-this-one',
      clientPublicKey: pair.public,
      hostKey: keys,
    });
    const keyPath = join(ctx.dataDir, 'engage_sftp');
    await writeFile(keyPath, pair.private, { mode: 0o600 });
    const [vle, ...rest] = SOURCES_FILE.sources;
    await configureSources(
      ctx.repos,
      {
        sources: [
          {
            ...vle,
            feed: {
              ...vle?.feed,
              sftp: {
                host: '127.0.0.1',
                port: server.port,
                username: 'engage',
                privateKeyPath: keyPath,
                hostKeySha256: hostKeyFingerprint(keys.publicKey),
                dir: '/outbox',
                archiveDir: '/archive',
              },
            },
          },
          ...rest,
        ],
      },
      FeedConfigSchema,
    );
    await writeFile(join(outbox, 'week.csv'), activityCsv([['S2', '2026-10-13', 6]]));
    const result = await pullSftp(ctx.repos, 'vle', silent, { env: {} });
    expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['applied']);
    expect((await vleCounts('2026-W42')).S2).toBe(6);
  });

  it('pulls from a server whose host key begins with zero bytes (one key in 256), pinned by its fingerprint', async () => {
    // This seed's public key starts 00 00 1f 8b…: the keys ssh2's own generator mangles.
    const keys = generateHostKey(Buffer.from('24'.padStart(64, '0'), 'hex'));
    expect([...keys.publicKey.subarray(-32, -30)]).toEqual([0, 0]);
    await server.close();
    server = await startSftpServer({
      root: join(ctx.dataDir, 'sftp-root'),
      username: 'engage',
      password: env[PASSWORD_ENV],
      hostKey: keys,
    });
    await configure('rename');
    await writeFile(join(outbox, 'week.csv'), activityCsv([['S3', '2026-10-13', 7]]));
    const result = await pull();
    expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['applied']);
    expect((await vleCounts('2026-W42')).S3).toBe(7);
  });

  it('names the missing password variable instead of connecting without it', async () => {
    await configure('rename');
    await expect(pullSftp(ctx.repos, 'vle', silent, { env: {} })).rejects.toThrow(PASSWORD_ENV);
  });
});
