import { FeedConfigSchema } from '../../adapters/connectors/registry.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { configureSources } from '../../src/ingest/sourceAdmin.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { ingestAndScoreHandlers } from '../../adapters/runtime/ingestAndScoreJobs.ts';
import { landingSchedules } from '../../adapters/connectors/landing/pull.ts';
import { activityCsv, openIngestStore, SOURCES_FILE, type IngestStore } from './ingestStore.ts';

describe('the ingest-source job on a landing directory', () => {
  let ctx: IngestStore;
  let landing: string;
  let archive: string;
  beforeEach(async () => {
    ctx = await openIngestStore(3);
    landing = join(ctx.dataDir, 'landing');
    archive = join(ctx.dataDir, 'archive');
    await mkdir(landing);
  });
  afterEach(async () => ctx.close());

  const configure = async (completion: 'rename' | 'marker') => {
    const [vle, ...rest] = SOURCES_FILE.sources;
    await configureSources(
      ctx.repos,
      {
        sources: [
          {
            ...vle,
            feed: {
              ...vle?.feed,
              landing: { dir: landing, archiveDir: archive, completion, cron: '0 3 * * *' },
            },
          },
          ...rest,
        ],
      },
      FeedConfigSchema,
    );
  };
  const runJob = async () => {
    const job = ingestAndScoreHandlers(ctx.repos, createLogger({ level: 'silent' }))['ingest-source'];
    await job?.({ sourceId: 'vle' });
  };
  const vleCounts = async (week: string) =>
    Object.fromEntries(
      (await ctx.repos.measures.measuresForWeek(week))
        .filter((m) => m.sourceId === 'vle')
        .map((m) => [m.studentId, m.count]),
    );

  it('takes files renamed into place (gzip too), leaves partial uploads alone and archives what it took', async () => {
    await configure('rename');
    await writeFile(join(landing, 'monday.csv'), activityCsv([['S1', '2026-10-05', 2]]));
    await writeFile(join(landing, 'tuesday.csv.gz'), gzipSync(activityCsv([['S2', '2026-10-13', 1]])));
    await writeFile(join(landing, 'wednesday.csv.part'), 'UserID,When,Events\nS3,2026-10');
    await writeFile(join(landing, '.thursday.csv'), 'UserID,When');

    await runJob();
    expect((await vleCounts('2026-W41')).S1).toBe(2);
    expect((await vleCounts('2026-W42')).S2).toBe(1);
    expect((await readdir(landing)).sort()).toEqual(['.thursday.csv', 'wednesday.csv.part']);
    const archived = await readdir(archive);
    expect(archived).toHaveLength(2);
    expect(archived.some((name) => name.endsWith('-monday.csv'))).toBe(true);

    await runJob();
    expect(await ctx.repos.deliveries.forSource('vle')).toHaveLength(2);
  });

  it('with markers, takes a file only once its .done marker exists', async () => {
    await configure('marker');
    await writeFile(join(landing, 'a.csv'), activityCsv([['S1', '2026-10-05', 4]]));
    await runJob();
    expect(await vleCounts('2026-W41')).toEqual({});

    await writeFile(join(landing, 'a.csv.done'), '');
    await runJob();
    expect((await vleCounts('2026-W41')).S1).toBe(4);
    expect(await readdir(landing)).toEqual([]);
  });

  it("gives each source with a landing directory its own schedule on the source's cron", async () => {
    await configure('rename');
    expect(await landingSchedules(ctx.repos)).toEqual([{ sourceId: 'vle', cron: '0 3 * * *' }]);
  });
});
