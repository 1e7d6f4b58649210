// The post-digests and governance-summary jobs end to end on the embedded store with the real Slack poster,
// nock standing in for the Slack Web API: exactly one post per linked channel per week, nothing on a
// second run, 429 Retry-After waited out (on an injected clock) then posted, a gone channel unlinked, and a
// post left pending by a crashed run sent again only once it is stale.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../adapters/slack/client.ts';
import { slackPoster } from '../../adapters/slack/poster.ts';
import { postingDelivery, postingJobHandlers } from '../../adapters/runtime/postingJobs.ts';
import { createChatApp } from '../../src/chat/app.ts';
import type { IsoWeek } from '../../src/domain/isoWeek.ts';
import { isTermWeek } from '../../src/domain/model.ts';
import { createLogger } from '../../src/logging/logger.ts';
import type { LinkedGroup } from '../../src/repositories/channelLinks.ts';
import { scoreAndStoreWeek } from '../../src/weekly/scoreAndStoreWeek.ts';
import { openSeededStore, type SeededStore } from '../helpers/demoStore.ts';
import {
  fakeClock,
  fixedCharts,
  forgetLinksAndPosts,
  linkSlackChannel,
  SLACK,
  slackAccepts,
  type PostedMessage,
} from './support.ts';

const LOCK_LIFETIME_MS = 10 * 60_000;
const logger = createLogger({ level: 'silent' });

let seeded: SeededStore;
let week: IsoWeek;
let tutorIds: string[];

beforeAll(async () => {
  seeded = await openSeededStore({ students: 300, weeks: 8, seed: 11 });
  const termWeeks = seeded.institution.calendar.filter(isTermWeek).map((entry) => entry.week);
  for (const termWeek of termWeeks) await scoreAndStoreWeek(seeded.repos, termWeek);
  week = termWeeks.at(-1) as IsoWeek;
  tutorIds = [...new Set(seeded.institution.students.map((student) => student.tutorId))].sort();
  nock.disableNetConnect();
});
afterAll(async () => {
  nock.enableNetConnect();
  await seeded.close();
});
beforeEach(async () => {
  await forgetLinksAndPosts(seeded);
});
afterEach(() => {
  nock.cleanAll();
});

const link = (channelId: string, group: LinkedGroup) => linkSlackChannel(seeded.repos, channelId, group);

function jobs(clock = fakeClock(), now = () => new Date()) {
  const chat = createChatApp({ repos: seeded.repos, charts: fixedCharts });
  const client = createSlackClient({ botToken: 'xoxb-test-token', logger });
  const delivery = postingDelivery({
    repos: seeded.repos,
    posters: { slack: slackPoster(client) },
    logger,
    lockLifetimeMs: LOCK_LIFETIME_MS,
    clock,
    random: () => 0.5,
    now,
  });
  return postingJobHandlers({ repos: seeded.repos, digests: chat, delivery, logger });
}

describe('post-digests', () => {
  it('posts one digest to each linked tutor channel and nothing on a second run', async () => {
    await link('C0TUTOR1', { kind: 'tutor', staffId: tutorIds[0]! });
    await link('C0TUTOR2', { kind: 'tutor', staffId: tutorIds[1]! });
    await link('C0MANAGERS', { kind: 'managers' });
    const posted: PostedMessage[] = [];
    slackAccepts(posted);
    const handlers = jobs();

    await handlers['post-digests']!({});
    expect(posted.map((message) => message.channel).sort()).toEqual(['C0TUTOR1', 'C0TUTOR2']);
    for (const message of posted) expect(message.text).toMatch(/digest/i);
    const records = await seeded.repos.digestPosts.forWeek(week);
    expect(records.map((record) => [record.channelId, record.kind, record.status])).toEqual([
      ['C0TUTOR1', 'digest', 'posted'],
      ['C0TUTOR2', 'digest', 'posted'],
    ]);
    expect(records.every((record) => /^\d+\.000100$/.test(record.messageId ?? ''))).toBe(true);

    await handlers['post-digests']!({});
    expect(posted).toHaveLength(2);
  });

  it('a tutor channel digest names that tutor’s students only', async () => {
    const tutorId = tutorIds[0]!;
    await link('C0TUTOR1', { kind: 'tutor', staffId: tutorId });
    const posted: PostedMessage[] = [];
    slackAccepts(posted);
    await jobs()['post-digests']!({});
    expect(posted).toHaveLength(1);
    const others = seeded.institution.students.filter((student) => student.tutorId !== tutorId);
    const mine = seeded.institution.students.filter((student) => student.tutorId === tutorId);
    const blocks = posted[0]!.blocks;
    expect(mine.some((student) => blocks.includes(student.id))).toBe(true);
    expect(others.filter((student) => blocks.includes(student.id))).toEqual([]);
  });

  it('a posted digest leaves out a student exempt for a known reason that day, and the next one after marks them returning', async () => {
    const tutorId = tutorIds[0]!;
    const monday = new Date('2026-12-07T06:30:00Z');
    const nextMonday = new Date('2026-12-14T06:30:00Z');
    const postOn = async (now: Date) => {
      await forgetLinksAndPosts(seeded);
      await link('C0TUTOR1', { kind: 'tutor', staffId: tutorId });
      nock.cleanAll();
      const posted: PostedMessage[] = [];
      slackAccepts(posted);
      await jobs(fakeClock(), () => now)['post-digests']!({});
      expect(posted).toHaveLength(1);
      return posted[0]!.blocks;
    };
    const before = await postOn(monday);
    const student = seeded.institution.students.find((s) => s.tutorId === tutorId && before.includes(s.id))!;
    await seeded.repos.exemptions.add({
      studentId: student.id,
      category: 'bereavement',
      note: '',
      from: '2026-12-04',
      until: '2026-12-13',
      setBy: tutorId,
      setAt: new Date('2026-12-04T11:00:00Z'),
    });
    const during = await postOn(monday);
    expect(during).not.toContain(student.id);
    expect(during).toContain('1 with a known reason');
    const after = await postOn(nextMonday);
    expect(after).toMatch(new RegExp(`${student.id}[^"]*returning from exemption`));
  });

  it('waits out a 429 Retry-After (with jitter) and then posts once', async () => {
    await link('C0TUTOR1', { kind: 'tutor', staffId: tutorIds[0]! });
    const posted: PostedMessage[] = [];
    nock(SLACK)
      .post('/api/chat.postMessage')
      .reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '3' });
    slackAccepts(posted, 1);
    const clock = fakeClock();
    await jobs(clock)['post-digests']!({});
    expect(posted).toHaveLength(1);
    expect(clock.waits).toHaveLength(1);
    expect(clock.waits[0]).toBeGreaterThanOrEqual(3000);
    expect(clock.waits[0]).toBeLessThan(3000 + 1000);
    expect(
      await seeded.repos.digestPosts.find({ platform: 'slack', channelId: 'C0TUTOR1', week, kind: 'digest' }),
    ).toMatchObject({ status: 'posted', attempts: 1 });
  });

  it('gives up after a bounded number of 429s and leaves the post for the next run', async () => {
    await link('C0TUTOR1', { kind: 'tutor', staffId: tutorIds[0]! });
    const throttled = nock(SLACK)
      .post('/api/chat.postMessage')
      .times(5)
      .reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '1' });
    await jobs()['post-digests']!({});
    expect(throttled.isDone()).toBe(true);
    const key = { platform: 'slack' as const, channelId: 'C0TUTOR1', week, kind: 'digest' as const };
    expect(await seeded.repos.digestPosts.find(key)).toMatchObject({ status: 'failed' });

    const posted: PostedMessage[] = [];
    slackAccepts(posted);
    await jobs()['post-digests']!({});
    expect(posted).toHaveLength(1);
    expect(await seeded.repos.digestPosts.find(key)).toMatchObject({ status: 'posted', attempts: 2 });
  });

  it('unlinks an archived or deleted channel and does not post to it again', async () => {
    await link('C0ARCHIVED', { kind: 'tutor', staffId: tutorIds[0]! });
    await link('C0MISSING', { kind: 'tutor', staffId: tutorIds[1]! });
    await link('C0TUTOR3', { kind: 'tutor', staffId: tutorIds[2]! });
    const posted: PostedMessage[] = [];
    nock(SLACK)
      .post('/api/chat.postMessage', (body: PostedMessage) => body.channel === 'C0ARCHIVED')
      .reply(200, { ok: false, error: 'is_archived' })
      .post('/api/chat.postMessage', (body: PostedMessage) => body.channel === 'C0MISSING')
      .reply(200, { ok: false, error: 'channel_not_found' });
    slackAccepts(posted);

    await jobs()['post-digests']!({});
    expect(posted.map((message) => message.channel)).toEqual(['C0TUTOR3']);
    expect((await seeded.repos.channelLinks.list()).map((entry) => entry.channelId)).toEqual(['C0TUTOR3']);
    const records = await seeded.repos.digestPosts.forWeek(week);
    expect(records.map((record) => [record.channelId, record.status, record.reason])).toEqual([
      ['C0ARCHIVED', 'gone', 'is_archived'],
      ['C0MISSING', 'gone', 'channel_not_found'],
      ['C0TUTOR3', 'posted', null],
    ]);
  });

  it('re-sends a post a crashed run left pending only once the claim is stale', async () => {
    await link('C0TUTOR1', { kind: 'tutor', staffId: tutorIds[0]! });
    const key = { platform: 'slack' as const, channelId: 'C0TUTOR1', week, kind: 'digest' as const };
    const crashedAt = new Date('2026-03-09T08:00:00Z');
    await seeded.repos.digestPosts.claim(key, crashedAt, crashedAt);
    const posted: PostedMessage[] = [];
    slackAccepts(posted);

    const soon = new Date(crashedAt.getTime() + LOCK_LIFETIME_MS / 4);
    await jobs(fakeClock(), () => soon)['post-digests']!({});
    expect(posted).toHaveLength(0);

    const later = new Date(crashedAt.getTime() + LOCK_LIFETIME_MS);
    await jobs(fakeClock(), () => later)['post-digests']!({});
    expect(posted).toHaveLength(1);
    expect(await seeded.repos.digestPosts.find(key)).toMatchObject({ status: 'posted', attempts: 2 });
  });
});

describe('governance-summary', () => {
  it('posts aggregates to the managers’ channel only, naming no student', async () => {
    await link('C0TUTOR1', { kind: 'tutor', staffId: tutorIds[0]! });
    await link('C0MANAGERS', { kind: 'managers' });
    const posted: PostedMessage[] = [];
    slackAccepts(posted);
    const handlers = jobs();
    await handlers['governance-summary']!({});
    expect(posted.map((message) => message.channel)).toEqual(['C0MANAGERS']);
    const body = JSON.stringify(posted[0]);
    expect(body).toMatch(/Governance summary/);
    const named = seeded.institution.students.filter(
      (student) => body.includes(student.id) || body.includes(student.name),
    );
    expect(named).toEqual([]);

    await handlers['governance-summary']!({});
    expect(posted).toHaveLength(1);
  });
});
