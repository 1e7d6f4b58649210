// The chat TutorNotifier with the real Slack poster (nock at the Web API): an alert card with the student's
// buttons lands in the tutor's linked channel once, even when the notification is retried; with no tutor
// channel it goes to the student's programme channel; with neither it is refused and stays in the outbox.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postingDelivery } from '../../adapters/runtime/postingJobs.ts';
import { createSlackClient } from '../../adapters/slack/client.ts';
import { slackPoster } from '../../adapters/slack/poster.ts';
import { chatTutorNotifier } from '../../src/chat/posting/tutorNotifier.ts';
import type { IsoWeek } from '../../src/domain/isoWeek.ts';
import type { Student } from '../../src/domain/model.ts';
import { createLogger } from '../../src/logging/logger.ts';
import type { TutorNotification } from '../../src/rules/ports.ts';
import { openSeededStore, type SeededStore } from '../helpers/demoStore.ts';
import {
  fakeClock,
  forgetLinksAndPosts,
  linkSlackChannel,
  slackAccepts,
  type PostedMessage,
} from './support.ts';

const logger = createLogger({ level: 'silent' });
let seeded: SeededStore;
let student: Student;

beforeAll(async () => {
  seeded = await openSeededStore({ students: 120, weeks: 4, seed: 5 });
  student = seeded.institution.students[0]!;
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

function notifier() {
  const client = createSlackClient({ botToken: 'xoxb-test-token', logger });
  const delivery = postingDelivery({
    repos: seeded.repos,
    posters: { slack: slackPoster(client) },
    logger,
    lockLifetimeMs: 600_000,
    clock: fakeClock(),
    random: () => 0,
  });
  return chatTutorNotifier(seeded.repos, delivery);
}

const notification = (id: string): TutorNotification => ({
  id,
  kind: 'alert',
  rule: { id: 'default', name: 'Significant concern, no contact' },
  studentId: student.id,
  tutorStaffId: student.tutorId,
  week: '2026-W10' as IsoWeek,
  reason: 'Score below 300 and no staff contact for 21 days.',
});

describe('chat tutor notifier', () => {
  it('posts the alert with the student’s buttons to the tutor’s channel, once per notification', async () => {
    await linkSlackChannel(seeded.repos, 'C0TUTOR', { kind: 'tutor', staffId: student.tutorId });
    await linkSlackChannel(seeded.repos, 'C0OTHER', { kind: 'tutor', staffId: 'STF9999' });
    const posted: PostedMessage[] = [];
    slackAccepts(posted);
    const tutorNotifier = notifier();

    await tutorNotifier.notify(notification('n-1'));
    expect(posted.map((message) => message.channel)).toEqual(['C0TUTOR']);
    expect(posted[0]!.text).toContain('Significant concern, no contact');
    const blocks = posted[0]!.blocks;
    expect(blocks).toContain(student.id);
    for (const op of ['showStudent', 'openContactForm', 'openCaseForm']) expect(blocks).toContain(op);

    await tutorNotifier.notify(notification('n-1'));
    expect(posted).toHaveLength(1);
    await tutorNotifier.notify(notification('n-2'));
    expect(posted).toHaveLength(2);
  });

  it('uses the student’s programme channel when the tutor has no channel of their own', async () => {
    await linkSlackChannel(seeded.repos, 'C0PROG', {
      kind: 'programme',
      programmeId: student.programmeId,
      yearOfStudy: student.yearOfStudy,
    });
    await linkSlackChannel(seeded.repos, 'C0OTHERYEAR', {
      kind: 'programme',
      programmeId: student.programmeId,
      yearOfStudy: student.yearOfStudy + 1,
    });
    const posted: PostedMessage[] = [];
    slackAccepts(posted);
    await notifier().notify(notification('n-3'));
    expect(posted.map((message) => message.channel)).toEqual(['C0PROG']);
  });

  it('refuses (the outbox keeps it) when no channel is linked, and when the only channel is gone', async () => {
    await expect(notifier().notify(notification('n-4'))).rejects.toThrow(/no linked channel/);

    await linkSlackChannel(seeded.repos, 'C0ARCHIVED', { kind: 'tutor', staffId: student.tutorId });
    nock('https://slack.com').post('/api/chat.postMessage').reply(200, { ok: false, error: 'is_archived' });
    await expect(notifier().notify(notification('n-5'))).rejects.toThrow(/not delivered \(gone\)/);
    expect(await seeded.repos.channelLinks.list()).toEqual([]);
  });
});
