/**
 * Ed25519 key pairs in OpenSSH's own formats, made from node:crypto for the test SFTP server and client.
 *
 * ssh2's `utils.generateKeyPairSync('ed25519')` is not used: while converting Node's DER public key it
 * strips every leading zero byte (meaning to strip only the BIT STRING's unused-bits byte), so the one
 * key in 256 whose first byte is zero comes out 31 bytes long and fails as "Malformed OpenSSH public
 * key". Here the raw 32-byte keys come from the JWK export and are framed exactly as OpenSSH frames them
 * (PROTOCOL.key: "openssh-key-v1", unencrypted).
 */
import { createPrivateKey, randomBytes } from 'node:crypto';

export interface OpenSshKeyPair {
  /** `-----BEGIN OPENSSH PRIVATE KEY-----` text, as ssh-keygen writes it. */
  private: string;
  /** `ssh-ed25519 AAAA… comment`, as an authorized_keys line. */
  public: string;
  /** The public key blob (string "ssh-ed25519", string key), as the SSH wire carries it. */
  publicBlob: Buffer;
}

const sshString = (value: Buffer | string): Buffer => {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
};

const uint32 = (value: number): Buffer => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
};

/** PKCS#8 DER framing of a raw ed25519 seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A fresh key pair, or the one a given 32-byte seed determines. */
export function generateEd25519OpenSsh(
  seed: Buffer = randomBytes(32),
  comment = 'engage-test',
): OpenSshKeyPair {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = privateKey.export({ format: 'jwk' });
  const pub = Buffer.from(jwk.x ?? '', 'base64url');
  if (seed.length !== 32 || pub.length !== 32) throw new Error('an ed25519 seed and key are 32 bytes');

  const publicBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
  const check = randomBytes(4).readUInt32BE();
  const unpadded = Buffer.concat([
    uint32(check),
    uint32(check),
    sshString('ssh-ed25519'),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ]);
  const padding = Buffer.from(Array.from({ length: (8 - (unpadded.length % 8)) % 8 }, (_, i) => i + 1));
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    uint32(1),
    sshString(publicBlob),
    sshString(Buffer.concat([unpadded, padding])),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return {
    private: ['-----BEGIN OPENSSH PRIVATE KEY-----', ...lines, '-----END OPENSSH PRIVATE KEY-----', ''].join(
      '\n',
    ),
    public: `ssh-ed25519 ${publicBlob.toString('base64')} ${comment}`,
    publicBlob,
  };
}
