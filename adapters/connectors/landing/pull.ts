/**
 * The SFTP landing directory of a source, as the `ingest-source` job sees it: a file counts only once it
 * is complete — under its final name (uploaders write to a temporary name such as `.part`, `.tmp` or a
 * leading dot and rename into place) or, for sources configured with `completion: marker`, once its
 * `<name>.done` marker exists. Partial files are left alone. Each complete file is ingested as one delivery
 * and then moved, with its marker, into the archive folder under a time-stamped name, so a file is picked
 * up once; a file that could not be taken at all (no feed configuration) stays where it is.
 */
import { copyFile, mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { IngestError, ingestDelivery, type IngestOutcome } from '../../../src/ingest/ingestDelivery.ts';
import type { Repositories } from '../../../src/repositories/index.ts';
import { completeNames, DONE_MARKER } from '../../../src/ingest/completion.ts';
import { fileDelivery } from '../../files/fileDelivery.ts';

import type { LandingConfig as Landing } from './config.ts';

/** The complete files waiting in the landing directory, oldest name first. */
export async function completeFiles(landing: Landing): Promise<string[]> {
  const entries = await readdir(landing.dir, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
  return completeNames(names, landing.completion);
}

/** Ingests every complete file of the source's landing directory and archives it. */
export async function ingestLanding(
  repos: Repositories,
  sourceId: string,
  now = new Date(),
): Promise<IngestOutcome[]> {
  const feed = await repos.feeds.feed(sourceId);
  if (!feed?.landing) throw new IngestError(`source "${sourceId}" has no landing directory configured`);
  const landing = feed.landing as Landing;
  const outcomes: IngestOutcome[] = [];
  for (const name of await completeFiles(landing)) {
    const path = join(landing.dir, name);
    const { mtime } = await stat(path);
    outcomes.push(await ingestDelivery(repos, await fileDelivery(path, sourceId, { receivedAt: mtime })));
    await mkdir(landing.archiveDir, { recursive: true });
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    await move(path, join(landing.archiveDir, `${stamp}-${name}`));
    const marker = `${path}${DONE_MARKER}`;
    if (landing.completion === 'marker')
      await move(marker, join(landing.archiveDir, `${stamp}-${name}${DONE_MARKER}`));
  }
  return outcomes;
}

/** Renames, or copies and deletes when the archive is on another file system. */
async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, to);
    await unlink(from);
  }
}

/** One `ingest-source` schedule per source with a landing directory, on the source's own cron. */
export async function landingSchedules(repos: Repositories): Promise<{ sourceId: string; cron: string }[]> {
  return (await repos.feeds.listFeeds()).flatMap((feed) =>
    feed.landing ? [{ sourceId: feed.sourceId, cron: (feed.landing as Landing).cron }] : [],
  );
}
