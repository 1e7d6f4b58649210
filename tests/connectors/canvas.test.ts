import { FeedConfigSchema } from '../../adapters/connectors/registry.ts';
import { readFile } from 'node:fs/promises';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nextLink, pullCanvas } from '../../adapters/connectors/canvas/pull.ts';
import { LOW_RATE_PAUSE_MS } from '../../adapters/connectors/shared/http.ts';
import { configureSources } from '../../src/ingest/sourceAdmin.ts';
import { openIngestStore, type IngestStore } from '../ingest/ingestStore.ts';

const CANVAS = 'https://canvas.example.ac.uk';
const env = { CANVAS_TOKEN: '7~canvas-token' };
const now = new Date('2026-10-16T06:00:00Z');
const fixture = async (name: string): Promise<nock.Body> =>
  JSON.parse(await readFile(new URL(`../fixtures/canvas/${name}`, import.meta.url), 'utf8')) as nock.Body;

describe('polling Canvas REST', () => {
  let ctx: IngestStore;
  let waits: number[];
  const wait = async (ms: number) => {
    waits.push(ms);
  };
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  beforeEach(async () => {
    waits = [];
    ctx = await openIngestStore(4);
    await configureSources(
      ctx.repos,
      {
        sources: [
          { id: 'coursework', name: 'Coursework', kind: 'submissions' },
          {
            id: 'canvas',
            name: 'Canvas',
            kind: 'vle',
            feed: {
              format: 'activity',
              sourceValues: { submission: 'coursework' },
              canvas: {
                baseUrl: CANVAS,
                tokenEnv: 'CANVAS_TOKEN',
                courseIds: [1201],
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

  const canvas = () => nock(CANVAS, { reqheaders: { authorization: `Bearer ${env.CANVAS_TOKEN}` } });
  const enrollments = async () => {
    canvas()
      .get('/api/v1/courses/1201/enrollments')
      .query(true)
      .reply(200, await fixture('enrollments-page1.json'), {
        link: `<${CANVAS}/api/v1/courses/1201/enrollments?page=2&per_page=100>; rel="next", <${CANVAS}/api/v1/courses/1201/enrollments?page=1&per_page=100>; rel="first"`,
      });
    canvas()
      .get('/api/v1/courses/1201/enrollments')
      .query({ page: '2', per_page: '100' })
      .reply(200, await fixture('enrollments-page2.json'), {
        link: `<${CANVAS}/api/v1/courses/1201/enrollments?page=1&per_page=100>; rel="first"`,
      });
  };
  const summaries = async (name: string, headers: Record<string, string> = {}) =>
    canvas()
      .get('/api/v1/courses/1201/analytics/student_summaries')
      .query(true)
      .reply(200, await fixture(name), headers);
  const submissions = async () =>
    canvas()
      .get('/api/v1/courses/1201/students/submissions')
      .query(true)
      .reply(200, await fixture('submissions.json'));
  const counts = async (sourceId: string) =>
    Object.fromEntries(
      (await ctx.repos.measures.measuresForWeek('2026-W42'))
        .filter((m) => m.sourceId === sourceId)
        .map((m) => [m.studentId, m.count]),
    );

  it('follows Link pages, counts submissions, and counts activity as the rise since the previous poll', async () => {
    await enrollments();
    await summaries('student-summaries-1.json');
    await submissions();
    await pullCanvas(ctx.repos, 'canvas', { env, wait, now });
    expect(nock.isDone()).toBe(true);
    expect(await counts('coursework')).toEqual({ S1: 1, S3: 1 });
    expect(await counts('canvas')).toEqual({});

    await enrollments();
    await summaries('student-summaries-2.json');
    await submissions();
    const [outcome] = await pullCanvas(ctx.repos, 'canvas', { env, wait, now });
    // S2 did nothing new; user 777, first seen now, only sets a baseline.
    expect(outcome).toMatchObject({ status: 'applied', good: 2, quarantined: 0 });
    expect(await counts('canvas')).toEqual({ S1: 14, S3: 3 });
    expect(await counts('coursework')).toEqual({ S1: 1, S3: 1 });
  });

  it('backs off when throttled (403 Rate Limit Exceeded, 429) and slows down when the quota runs low', async () => {
    canvas()
      .get('/api/v1/courses/1201/enrollments')
      .query(true)
      .reply(403, '403 Forbidden (Rate Limit Exceeded)');
    canvas().get('/api/v1/courses/1201/enrollments').query(true).reply(429, '', { 'retry-after': '3' });
    await enrollments();
    await summaries('student-summaries-1.json', { 'x-rate-limit-remaining': '12.5' });
    await submissions();
    await pullCanvas(ctx.repos, 'canvas', { env, wait, now });
    expect(waits).toEqual([1000, 3000, LOW_RATE_PAUSE_MS]);
    expect(await counts('coursework')).toEqual({ S1: 1, S3: 1 });
  });

  it('a 403 that is not throttling fails at once, naming the connector and page', async () => {
    canvas()
      .get('/api/v1/courses/1201/enrollments')
      .query(true)
      .reply(403, { errors: [{ message: 'user not authorized to perform that action' }] });
    await expect(pullCanvas(ctx.repos, 'canvas', { env, wait, now })).rejects.toThrow(
      /canvas: course 1201 enrollments page 1: HTTP 403/,
    );
    expect(waits).toEqual([]);
  });

  it('a malformed page fails naming the page, and nothing of the course is counted', async () => {
    await enrollments();
    await summaries('student-summaries-1.json');
    canvas()
      .get('/api/v1/courses/1201/students/submissions')
      .query(true)
      .reply(200, [{ user_id: 501, submitted_at: 'last tuesday', workflow_state: 'submitted' }]);
    await expect(pullCanvas(ctx.repos, 'canvas', { env, wait, now })).rejects.toThrow(
      /canvas: course 1201 submissions page 1: unexpected response: 0\.submitted_at/,
    );
    expect(await counts('coursework')).toEqual({});
  });

  it('reads rel="next" among other Link relations', () => {
    expect(nextLink('<https://x/a?page=3>; rel="current", <https://x/a?page=4>; rel="next"')).toBe(
      'https://x/a?page=4',
    );
    expect(nextLink('<https://x/a?page=1>; rel="first"')).toBeNull();
    expect(nextLink(null)).toBeNull();
  });
});
