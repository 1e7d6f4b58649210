import { FeedConfigSchema } from '../../adapters/connectors/registry.ts';
import { readFile } from 'node:fs/promises';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectorSchedules } from '../../adapters/connectors/ingestSource.ts';
import { ingestAndScoreHandlers } from '../../adapters/runtime/ingestAndScoreJobs.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { pullMoodle } from '../../adapters/connectors/moodle/pull.ts';
import { configureSources } from '../../src/ingest/sourceAdmin.ts';
import { openIngestStore, type IngestStore } from '../ingest/ingestStore.ts';

const MOODLE = 'https://moodle.example.ac.uk';
const env = { MOODLE_TOKEN: 'a1b2c3d4e5f6' };
const now = new Date('2026-10-20T06:00:00Z');
const fixture = async (name: string): Promise<unknown> =>
  JSON.parse(await readFile(new URL(`../fixtures/moodle/${name}`, import.meta.url), 'utf8'));

/** Answers one Moodle web-service function (with the token) from a payload. */
const moodleAnswers = (wsfunction: string, body: unknown) =>
  nock(MOODLE)
    .get('/webservice/rest/server.php')
    .query(
      (query) =>
        query.wsfunction === wsfunction &&
        query.wstoken === env.MOODLE_TOKEN &&
        query.moodlewsrestformat === 'json',
    )
    .reply(200, body as nock.Body);

describe('polling Moodle web services', () => {
  let ctx: IngestStore;
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  beforeEach(async () => {
    ctx = await openIngestStore(4);
    await configureSources(
      ctx.repos,
      {
        sources: [
          { id: 'coursework', name: 'Coursework', kind: 'submissions' },
          {
            id: 'moodle',
            name: 'Moodle',
            kind: 'vle',
            feed: {
              format: 'activity',
              sourceValues: { submission: 'coursework' },
              moodle: {
                baseUrl: MOODLE,
                tokenEnv: 'MOODLE_TOKEN',
                courseIds: [42],
                submissionsSourceId: 'coursework',
              },
            },
          },
        ],
      },
      FeedConfigSchema,
    );
  });
  afterEach(async () => {
    nock.cleanAll();
    await ctx.close();
  });

  const counts = async (sourceId: string) =>
    Object.fromEntries(
      (await ctx.repos.measures.measuresForWeek('2026-W42'))
        .filter((m) => m.sourceId === sourceId)
        .map((m) => [m.studentId, m.count]),
    );
  const answerAll = async (users: unknown) => {
    moodleAnswers('core_enrol_get_enrolled_users', users);
    moodleAnswers('mod_assign_get_assignments', await fixture('assignments.json'));
    moodleAnswers('mod_assign_get_submissions', await fixture('submissions.json'));
  };

  it("counts students' course access and submitted work, quarantining a submission by someone not enrolled", async () => {
    await answerAll(await fixture('enrolled-users.json'));
    const [outcome] = await pullMoodle(ctx.repos, 'moodle', { env, now });
    expect(outcome).toMatchObject({ status: 'applied', good: 3, quarantined: 1 });
    expect(await counts('moodle')).toEqual({ S1: 1, S2: 1 });
    expect(await counts('coursework')).toEqual({ S1: 1 });
    const [entry] = await ctx.repos.quarantine.list({ sourceId: 'moodle' }, 10);
    expect(entry?.reason).toMatch(/user 777.*not enrolled/);
    expect(nock.isDone()).toBe(true);
  });

  it('polling again counts only what is new since the last poll', async () => {
    const users = (await fixture('enrolled-users.json')) as { idnumber: string; lastcourseaccess: number }[];
    await answerAll(users);
    await pullMoodle(ctx.repos, 'moodle', { env, now });
    await answerAll(users);
    expect(await pullMoodle(ctx.repos, 'moodle', { env, now })).toEqual([]);
    expect(await counts('moodle')).toEqual({ S1: 1, S2: 1 });

    const later = users.map((user) =>
      user.idnumber === 'S2'
        ? { ...user, lastcourseaccess: Date.parse('2026-10-16T09:00:00Z') / 1000 }
        : user,
    );
    await answerAll(later);
    await pullMoodle(ctx.repos, 'moodle', { env, now });
    expect(await counts('moodle')).toEqual({ S1: 1, S2: 2 });
    expect(await counts('coursework')).toEqual({ S1: 1 });
  });

  it("treats Moodle's HTTP 200 error body as an error naming the errorcode, counting nothing", async () => {
    moodleAnswers('core_enrol_get_enrolled_users', await fixture('error-invalidtoken.json'));
    await expect(pullMoodle(ctx.repos, 'moodle', { env, now })).rejects.toThrow(
      /moodle: course 42 enrolled users: invalidtoken: Invalid token/,
    );
    expect(await counts('moodle')).toEqual({});
  });

  it('refuses a malformed page with the connector and page named', async () => {
    moodleAnswers('core_enrol_get_enrolled_users', [{ id: 'one', lastaccess: 'yesterday' }]);
    await expect(pullMoodle(ctx.repos, 'moodle', { env, now })).rejects.toThrow(
      /moodle: course 42 enrolled users: unexpected response: 0\.id/,
    );
  });

  it('runs as the ingest-source job of the source, on its own schedule', async () => {
    expect(await connectorSchedules(ctx.repos)).toEqual([{ sourceId: 'moodle', cron: '0 2 * * *' }]);
    await answerAll(await fixture('enrolled-users.json'));
    vi.stubEnv('MOODLE_TOKEN', env.MOODLE_TOKEN);
    try {
      await ingestAndScoreHandlers(ctx.repos, createLogger({ level: 'silent' }))['ingest-source']?.({
        sourceId: 'moodle',
      });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(await counts('moodle')).toEqual({ S1: 1, S2: 1 });
  });

  it('names the token variable when it is not set', async () => {
    await expect(pullMoodle(ctx.repos, 'moodle', { env: {}, now })).rejects.toThrow(
      /MOODLE_TOKEN is not set/,
    );
  });
});
