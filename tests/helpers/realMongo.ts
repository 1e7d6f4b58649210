/**
 * The one mechanism that marks a test "real MongoDB only". CI runs the MongoDB tests over FerretDB v1
 * (MONGODB_FLAVOUR=ferretdb, set by .ci/run), which lacks a few MongoDB features; a test that needs one is
 * declared with `realMongoOnly(reason)(title, fn)`: skipped over FerretDB with the reason in its title,
 * run as usual on real MongoDB and on the embedded store. The README's MongoDB section lists these tests.
 */
import { it, type TestFunction } from 'vitest';

/** The server behind MONGODB_URI: real MongoDB unless MONGODB_FLAVOUR says FerretDB. */
export const MONGODB_FLAVOUR: 'mongodb' | 'ferretdb' =
  process.env.MONGODB_FLAVOUR === 'ferretdb' ? 'ferretdb' : 'mongodb';

/** Marks the title of a test skipped for lack of a feature; .ci/run counts tests by it. */
export const REAL_MONGODB_ONLY = 'real MongoDB only';

/**
 * `it` for a test that needs a feature FerretDB v1 lacks. `onWire` is false where the test runs on the
 * embedded store (a suite shared by both stores), which has every feature.
 */
export function realMongoOnly(
  reason: string,
  onWire = true,
): (title: string, fn: TestFunction, timeout?: number) => void {
  if (!onWire || MONGODB_FLAVOUR !== 'ferretdb') return (title, fn, timeout) => it(title, fn, timeout);
  return (title, fn, timeout) => it.skip(`${title} [${REAL_MONGODB_ONLY}: ${reason}]`, fn, timeout);
}
