/**
 * A real SFTP server for tests: ssh2's Server on loopback with a fresh ed25519 host key, password or
 * public-key auth for one user, and an SFTP subsystem serving a temp directory (open/read, directory
 * listing, stat, mkdir, rename) — what a university's file drop offers the pull connector.
 */
import {
  openSync,
  closeSync,
  readSync,
  readdirSync,
  statSync,
  mkdirSync,
  renameSync,
  type Stats,
} from 'node:fs';
import { join, normalize } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import ssh2, { type Attributes, type Connection } from 'ssh2';
import { generateEd25519OpenSsh } from './opensshKeys.ts';

const { Server, utils } = ssh2;
const { STATUS_CODE } = utils.sftp;

export interface TestSftpServer {
  port: number;
  /** The raw public host key, whose fingerprint the client pins. */
  hostPublicKey: Buffer;
  close(): Promise<void>;
}

function attrsOf(stats: Stats): Attributes {
  return {
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    size: stats.size,
    atime: Math.floor(stats.atimeMs / 1000),
    mtime: Math.floor(stats.mtimeMs / 1000),
  };
}

/** A fresh ed25519 host key, or the one a 32-byte seed determines (see opensshKeys.ts for why not ssh2's). */
export function generateHostKey(seed?: Buffer): { privateKey: string; publicKey: Buffer } {
  const pair = generateEd25519OpenSsh(seed);
  return { privateKey: pair.private, publicKey: pair.publicBlob };
}

export async function startSftpServer(options: {
  root: string;
  username: string;
  password: string;
  /** An OpenSSH public key also accepted for the user. */
  clientPublicKey?: string;
  hostKey?: { privateKey: string; publicKey: Buffer };
}): Promise<TestSftpServer> {
  const hostKey = options.hostKey ?? generateHostKey();
  const resolve = (path: string) => join(options.root, normalize(`/${path}`));
  const connections = new Set<Connection>();
  const server = new Server({ hostKeys: [hostKey.privateKey] }, (client) => {
    connections.add(client);
    client.on('close', () => connections.delete(client));
    client.on('error', () => undefined);
    const allowedKey = options.clientPublicKey === undefined ? null : utils.parseKey(options.clientPublicKey);
    if (allowedKey instanceof Error) throw allowedKey;
    client.on('authentication', (context) => {
      if (context.method === 'publickey' && allowedKey && context.username === options.username) {
        const sameKey =
          context.key.algo === allowedKey.type && context.key.data.equals(allowedKey.getPublicSSH());
        if (
          sameKey &&
          (!context.signature ||
            allowedKey.verify(context.blob as Buffer, context.signature, context.hashAlgo) === true)
        )
          return context.accept();
        return context.reject(['password', 'publickey']);
      }
      const ok =
        context.method === 'password' &&
        context.username === options.username &&
        context.password.length === options.password.length &&
        timingSafeEqual(Buffer.from(context.password), Buffer.from(options.password));
      if (ok) context.accept();
      else context.reject(['password', 'publickey']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        accept().on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          const handles = new Map<number, { fd?: number; dir?: string; listed?: boolean }>();
          let next = 0;
          const handleOf = (buffer: Buffer) => handles.get(buffer.readUInt32BE(0));
          const newHandle = (value: { fd?: number; dir?: string }) => {
            const handle = Buffer.alloc(4);
            handle.writeUInt32BE(next);
            handles.set(next++, value);
            return handle;
          };
          const guard = (reqid: number, run: () => void) => {
            try {
              run();
            } catch (error) {
              const code = (error as NodeJS.ErrnoException).code;
              sftp.status(reqid, code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : STATUS_CODE.FAILURE);
            }
          };
          sftp.on('OPEN', (reqid, filename) =>
            guard(reqid, () => sftp.handle(reqid, newHandle({ fd: openSync(resolve(filename), 'r') }))),
          );
          sftp.on('READ', (reqid, handle, offset, length) =>
            guard(reqid, () => {
              const fd = handleOf(handle)?.fd;
              if (fd === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE);
              const buffer = Buffer.alloc(length);
              const read = readSync(fd, buffer, 0, length, offset);
              if (read === 0) sftp.status(reqid, STATUS_CODE.EOF);
              else sftp.data(reqid, buffer.subarray(0, read));
            }),
          );
          sftp.on('OPENDIR', (reqid, path) =>
            guard(reqid, () => {
              statSync(resolve(path));
              sftp.handle(reqid, newHandle({ dir: resolve(path) }));
            }),
          );
          sftp.on('READDIR', (reqid, handle) =>
            guard(reqid, () => {
              const entry = handleOf(handle);
              if (!entry?.dir || entry.listed) return sftp.status(reqid, STATUS_CODE.EOF);
              entry.listed = true;
              const names = readdirSync(entry.dir).map((filename) => ({
                filename,
                longname: filename,
                attrs: attrsOf(statSync(join(entry.dir as string, filename))),
              }));
              sftp.name(reqid, names);
            }),
          );
          sftp.on('CLOSE', (reqid, handle) =>
            guard(reqid, () => {
              const entry = handleOf(handle);
              if (entry?.fd !== undefined) closeSync(entry.fd);
              handles.delete(handle.readUInt32BE(0));
              sftp.status(reqid, STATUS_CODE.OK);
            }),
          );
          const stat = (reqid: number, path: string) =>
            guard(reqid, () => sftp.attrs(reqid, attrsOf(statSync(resolve(path)))));
          sftp.on('STAT', stat);
          sftp.on('LSTAT', stat);
          sftp.on('MKDIR', (reqid, path) =>
            guard(reqid, () => {
              mkdirSync(resolve(path));
              sftp.status(reqid, STATUS_CODE.OK);
            }),
          );
          sftp.on('RENAME', (reqid, from, to) =>
            guard(reqid, () => {
              renameSync(resolve(from), resolve(to));
              sftp.status(reqid, STATUS_CODE.OK);
            }),
          );
        });
      });
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as { port: number };
  return {
    port,
    hostPublicKey: hostKey.publicKey,
    close: () =>
      new Promise<void>((closed) => {
        for (const connection of connections) connection.end();
        server.close(() => closed());
      }),
  };
}
