/**
 * Child process for the lock tests: tries to open the embedded store in argv[2]; prints `opened` (and
 * closes it) or `error: <message>` and exits 1.
 */
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';

try {
  const store = await openEmbeddedStore({
    dataDir: process.argv[2] ?? '',
    logger: { warn: () => undefined },
  });
  process.stdout.write('opened\n');
  await store.close();
} catch (error) {
  process.stdout.write(`error: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
