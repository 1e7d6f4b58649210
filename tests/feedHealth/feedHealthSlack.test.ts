// Feed health in Slack, end to end on the embedded store with the real Slack poster and the real Slack
// endpoint on loopback (nock standing in for the Web API): a stale source's card reaches the admins'
// channel once across two runs and two concurrent runs, with whose scores it touches in counts and no
// names; a held delivery's Approve button is refused to a tutor and applies the delivery for an
// administrator, the card replaced by who approved it; and the tutors' digest of a week whose Moodle
// data arrived late says so in one line and leaves out a student whose decline is Moodle's alone.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { feedHealthJobHandlers } from '../../adapters/runtime/feedHealthJob.ts';
import { postingDelivery, postingJobHandlers } from '../../adapters/runtime/postingJobs.ts';
import { createSlackClient } from '../../adapters/slack/client.ts';
import { slackPoster } from '../../adapters/slack/poster.ts';
import { createChatApp } from '../../src/chat/app.ts';
import { addWeeks, isoWeekStart, type IsoWeek } from '../../src/domain/isoWeek.ts';
import { isTermWeek, type Staff } from '../../src/domain/model.ts';
import { declineOnlyFromFeed } from '../../src/feedHealth/feedOnlyDecline.ts';
import { setSourceOwner } from '../../src/ingest/sourceOwner.ts';
import { createLogger } from '../../src/logging/logger.ts';
import type { DeliveryRecord } from '../../src/repositories/deliveries.ts';
import { COLLECTIONS } from '../../src/store/collections.ts';
import { loadSignals } from '../../src/weekly/loadSignals.ts';
import { scoreAndStoreWeek } from '../../src/weekly/scoreAndStoreWeek.ts';
import { openSeededStore, type SeededStore } from '../helpers/demoStore.ts';
import { loggedDelivery } from './loggedDelivery.ts';
import {
  fakeClock,
  fixedCharts,
  forgetLinksAndPosts,
  linkSlackChannel,
  slackAccepts,
  type PostedMessage,
} from '../posting/support.ts';
import {
  BOT_TOKEN,
  fixture,
  HOOKS,
  interactionBody,
  interceptOnce,
  sendToSlackEvents,
  SLACK_API,
  slackUsers,
  startSlackServer,
  type SlackServer,
} from '../slack/harness.ts';

const DAY_MS = 86_400_000;
const logger = createLogger({ level: 'silent' });

let seeded: SeededStore;
let week: IsoWeek;
/** The scored week's end: Monday 00:00 after it. */
let weekEnd: number;
let admin: Staff;
let tutor: Staff;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  seeded = await openSeededStore({ students: 200, weeks: 6, seed: 3 });
  const termWeeks = seeded.institution.calendar.filter(isTermWeek).map((entry) => entry.week);
  for (const termWeek of termWeeks) await scoreAndStoreWeek(seeded.repos, termWeek);
  week = termWeeks.at(-1) as IsoWeek;
  weekEnd = isoWeekStart(addWeeks(week, 1)).getTime();
  admin = seeded.institution.staff.find((staff) => staff.roles.includes('admin'))!;
  tutor = seeded.institution.staff.find((staff) => staff.roles.includes('tutor'))!;
  await setSourceOwner(seeded.repos, 'moodle', { name: 'Sam Lee', email: 'sam.lee@example.ac.uk' });
});
afterAll(async () => {
  nock.enableNetConnect();
  await seeded.close();
});
beforeEach(async () => {
  await forgetLinksAndPosts(seeded);
  await seeded.store.db.collection(COLLECTIONS.deliveries.name).deleteMany({});
  await seeded.store.db.collection(COLLECTIONS.heldCounts.name).deleteMany({});
});
afterEach(() => {
  nock.cleanAll();
});

/** Logs a Moodle snapshot covering the scored week, as ingestion does. */
async function logDelivery(id: string, receivedAt: Date, overrides: Partial<DeliveryRecord> = {}) {
  await seeded.repos.deliveries.save(
    loggedDelivery({ sourceId: 'moodle', id, week, receivedAt, rows: 900, students: 200 }, overrides),
  );
}

function job(now: Date) {
  const delivery = postingDelivery({
    repos: seeded.repos,
    posters: { slack: slackPoster(createSlackClient({ botToken: BOT_TOKEN, logger })) },
    logger,
    lockLifetimeMs: 600_000,
    clock: fakeClock(),
    random: () => 0.5,
    now: () => now,
  });
  return {
    feedHealth: () => feedHealthJobHandlers({ repos: seeded.repos, delivery, logger })['feed-health']({}),
    postDigests: () =>
      postingJobHandlers({
        repos: seeded.repos,
        digests: createChatApp({ repos: seeded.repos, charts: fixedCharts }),
        delivery,
        logger,
      })['post-digests']({}),
  };
}

const ledgerOf = (kind: string) =>
  seeded.store.db.collection(COLLECTIONS.digestPosts.name).find({ kind }).toArray();

describe('the feed-health card in Slack', () => {
  it("posts a stale source's card to the admins' channel once, across hourly runs and two at once", async () => {
    await linkSlackChannel(seeded.repos, 'C0ADMINS', { kind: 'admins' });
    await linkSlackChannel(seeded.repos, 'C0TUTOR', { kind: 'tutor', staffId: tutor.id });
    const lastDelivery = new Date(weekEnd + DAY_MS);
    await logDelivery('d1', lastDelivery);
    const posted: PostedMessage[] = [];
    slackAccepts(posted);

    // A weekly feed: its next delivery was due a week later; 47 hours past that it is not yet stale.
    await job(new Date(lastDelivery.getTime() + 7 * DAY_MS + 47 * 3_600_000)).feedHealth();
    expect(posted).toHaveLength(0);

    const now = new Date(lastDelivery.getTime() + 7 * DAY_MS + 50 * 3_600_000);
    await job(now).feedHealth();
    // The next hour's run, still stale, and two runs at once.
    const hourLater = new Date(now.getTime() + 3_600_000);
    await job(hourLater).feedHealth();
    await Promise.all([job(hourLater).feedHealth(), job(hourLater).feedHealth()]);
    expect(posted.map((message) => message.channel)).toEqual(['C0ADMINS']);
    const card = JSON.stringify(posted[0]);
    expect(card).toContain('Feed health: Moodle VLE logins — is stale');
    expect(card).toContain('next was due 2 days ago (expected weekly)');
    const scored = (await seeded.repos.scores.scoresForWeek(week)).length;
    expect(card).toContain(`It touches the scores of ${scored} students: `);
    expect(card).toContain('Contact Sam Lee');
    expect(card).not.toContain('Approve');
    const named = seeded.institution.students.filter(
      (student) => card.includes(student.id) || card.includes(student.name),
    );
    expect(named).toEqual([]);
    expect((await ledgerOf('feed:stale:moodle:d1')).map((post) => [post.channelId, post.status])).toEqual([
      ['C0ADMINS', 'posted'],
    ]);
  });

  describe('a held delivery', () => {
    let slack: SlackServer;
    const ADMIN_USER = 'U0ADMIN01';
    const TUTOR_USER = 'U0TUTOR01';

    beforeAll(async () => {
      slack = await startSlackServer(createChatApp({ repos: seeded.repos, charts: fixedCharts }));
    });
    afterAll(async () => {
      await slack.close();
    });

    it('is approved from its card by an administrator only, and the card says who approved it', async () => {
      slackUsers({
        [ADMIN_USER]: { email: admin.email, name: admin.name },
        [TUTOR_USER]: { email: tutor.email, name: tutor.name },
      });
      await linkSlackChannel(seeded.repos, 'C0ADMINS', { kind: 'admins' });
      const now = new Date(weekEnd + 2 * DAY_MS);
      await logDelivery('d1', new Date(weekEnd + DAY_MS));
      const studentIds = seeded.institution.students.slice(0, 3).map((student) => student.id);
      await logDelivery('h1', new Date(weekEnd + 1.5 * DAY_MS), {
        status: 'held',
        rows: 3,
        good: 3,
        reason: '3 rows is ten or more times fewer than the usual 900',
        appliedAt: null,
      });
      await seeded.repos.deliveries.hold('moodle', 'h1', [
        { week, sourceId: 'moodle', studentIds, counts: [41, 42, 43] },
      ]);
      const posted: PostedMessage[] = [];
      slackAccepts(posted);
      await job(now).feedHealth();
      expect(posted).toHaveLength(1);
      const card = JSON.stringify(posted[0]);
      expect(card).toContain('delivery held for approval');
      expect(card).toContain('3 rows is ten or more times fewer than the usual 900');

      const blocks = JSON.parse(posted[0]!.blocks) as {
        type: string;
        elements?: { text: { text: string }; value: string }[];
      }[];
      const buttons = blocks
        .filter((block) => block.type === 'actions')
        .flatMap((block) => block.elements ?? []);
      expect(buttons.map((button) => button.text.text)).toEqual(['Approve', 'Discard', 'Contact Sam Lee']);
      const approve = buttons[0]!.value;
      const base = fixture<{ actions: Record<string, unknown>[]; container: Record<string, unknown> }>(
        'block-actions',
      );
      const press = (user: string, trigger: string) =>
        interactionBody(
          fixture('block-actions', {
            trigger_id: trigger,
            user: { id: user, username: user, name: user, team_id: 'T0001' },
            channel: { id: 'C0ADMINS', name: 'engage-admins' },
            container: { ...base.container, channel_id: 'C0ADMINS' },
            actions: [{ ...base.actions[0], value: approve }],
          }),
        );

      const refused = interceptOnce(HOOKS, '/actions/T0001/1395872398/6f0c4c1b3e2f5b8a9d7e6c5b', {});
      expect((await sendToSlackEvents(slack, press(TUTOR_USER, 'trigger-tutor'))).status).toBe(200);
      expect(JSON.stringify((await refused).body)).toContain('for administrators');
      expect(await seeded.repos.deliveries.find('moodle', 'h1')).toMatchObject({ status: 'held' });

      const updated = interceptOnce(SLACK_API, '/api/chat.update', { ok: true });
      expect((await sendToSlackEvents(slack, press(ADMIN_USER, 'trigger-admin'))).status).toBe(200);
      const { body: update } = await updated;
      expect(update).toMatchObject({ channel: 'C0ADMINS', ts: '1732350000.000200' });
      expect(JSON.stringify(update.blocks)).toContain(`approved and applied by ${admin.name}`);
      expect(await seeded.repos.deliveries.find('moodle', 'h1')).toMatchObject({ status: 'applied' });
      expect(await seeded.repos.deliveries.heldColumns('moodle', 'h1')).toEqual([]);
      const measures = await seeded.repos.measures.measuresForWeek(week);
      const counts = studentIds.map(
        (id) => measures.find((m) => m.studentId === id && m.sourceId === 'moodle')?.count,
      );
      expect(counts).toEqual([41, 42, 43]);
    });
  });
});

describe("the tutors' digest of a week whose Moodle data arrived late", () => {
  it('says so in one line and does not list a student whose decline is Moodle’s alone', async () => {
    // Which declining students Moodle alone explains, and their tutor's channel.
    const snapshot = await loadSignals(seeded.repos, { week, now: new Date(weekEnd) });
    const declining = snapshot.entries.filter((entry) => entry.signals.declining);
    const [current, previous, groups] = await Promise.all([
      seeded.repos.scores.scoresForWeek(week),
      seeded.repos.scores.scoresForWeek(addWeeks(week, -1)),
      seeded.repos.scores.peerGroupsOfWeek(week),
    ]);
    const moodleOnly = declining.filter((entry) => {
      const score = current.find((s) => s.studentId === entry.student.id)!;
      return declineOnlyFromFeed({
        score: score.score,
        composite: score.composite,
        fourWeekChange: entry.signals.fourWeekChange!,
        breakdown: score.breakdown,
        previous: previous.find((s) => s.studentId === entry.student.id)?.breakdown ?? null,
        group: groups.find((g) => g.peerGroup === score.peerGroup)!,
        scale: 100,
        declineDrop: 100,
        affected: ['moodle'],
      });
    });
    expect(moodleOnly.length).toBeGreaterThan(0);
    const student = moodleOnly[0]!.student;
    await linkSlackChannel(seeded.repos, 'C0TUTOR', { kind: 'tutor', staffId: student.tutorId });
    const now = new Date(weekEnd + 6 * DAY_MS);
    const declineSection = (message: PostedMessage) => {
      const blocks = JSON.stringify(message.blocks);
      return blocks.slice(blocks.indexOf('Declining'), blocks.indexOf('Consistently low'));
    };

    // On time: the student is listed as declining and no feed line is shown.
    await logDelivery('ontime', new Date(weekEnd + DAY_MS));
    const onTime: PostedMessage[] = [];
    slackAccepts(onTime);
    await job(now).postDigests();
    expect(declineSection(onTime[0]!)).toContain(student.id);
    expect(JSON.stringify(onTime[0])).not.toContain('arrived');

    // Three days late (due 48 hours after the week's end).
    await forgetLinksAndPosts(seeded);
    await linkSlackChannel(seeded.repos, 'C0TUTOR', { kind: 'tutor', staffId: student.tutorId });
    await seeded.store.db.collection(COLLECTIONS.deliveries.name).deleteMany({});
    await logDelivery('late', new Date(weekEnd + 5 * DAY_MS));
    nock.cleanAll();
    const late: PostedMessage[] = [];
    slackAccepts(late);
    await job(now).postDigests();
    const digest = JSON.stringify(late[0]);
    expect(digest).toContain(
      'Moodle VLE logins data for this week arrived 3 days late: declines in Moodle VLE logins this week may be the feed, not the students.',
    );
    expect(digest).toMatch(
      /\d+ students? whose declines? comes? only from it (is|are) not listed as declining/,
    );
    expect(declineSection(late[0]!)).not.toContain(student.id);
    // Still scored: the band distribution counts the same students.
    expect(digest.match(/\d+ scored/)?.[0]).toBe(JSON.stringify(onTime[0]).match(/\d+ scored/)?.[0]);
  });
});
