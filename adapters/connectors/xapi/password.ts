/**
 * The xAPI endpoint's Basic-auth passwords, stored in a source's feed configuration only as a salted scrypt
 * hash (`scrypt$<salt hex>$<key hex>`) and checked in constant time; an unknown user's password is checked
 * against a dummy hash (UNKNOWN_USER_HASH), so that the answer takes as long as for a known user. Run this file with a password on
 * standard input to print the hash to configure: `printf %s "$PW" | npx tsx adapters/connectors/xapi/password.ts`.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const KEY_BYTES = 32;

/** A well-formed hash no password matches (its key is not scrypt's output), for unknown users. */
export const UNKNOWN_USER_HASH = `scrypt$${'00'.repeat(16)}$${'00'.repeat(KEY_BYTES)}`;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_BYTES, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${(await derive(password, salt)).toString('hex')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, saltHex, keyHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !keyHex) return false;
  const expected = Buffer.from(keyHex, 'hex');
  const actual = await derive(password, Buffer.from(saltHex, 'hex'));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8');
  if (password.length === 0) {
    process.stderr.write('usage: printf %s "$PASSWORD" | npx tsx adapters/connectors/xapi/password.ts\n');
    process.exitCode = 2;
  } else {
    process.stdout.write(`${await hashPassword(password)}\n`);
  }
}
