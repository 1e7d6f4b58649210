// Feed incidents and a week's feed problems as pure functions, on worked cases: a weekly and a daily feed
// stale only once more than 48 hours past their next expected delivery, quality below 80% (not at 80%),
// a held delivery, a shared cause of the judged week only, and the digest's "arrived 3 days late".
import { describe, expect, it } from 'vitest';
import type { IsoWeek } from '../../src/domain/isoWeek.ts';
import {
  detectFeedIncidents,
  weekFeedProblems,
  type FeedDelivery,
  type SourceFeed,
} from '../../src/feedHealth/incidents.ts';
import type { WeekQuality } from '../../src/ingest/quality.ts';

const WEEK = '2026-W47' as IsoWeek; // Monday 16 to Sunday 22 November 2026

function delivery(id: string, receivedAt: string, overrides: Partial<FeedDelivery> = {}): FeedDelivery {
  return {
    id,
    name: `${id}.csv`,
    receivedAt: new Date(receivedAt),
    status: 'applied',
    rows: 1000,
    good: 1000,
    reason: null,
    weeks: [{ week: WEEK }],
    ...overrides,
  };
}

function quality(overall: number, week: IsoWeek = WEEK): WeekQuality {
  return {
    week,
    completeness: 0.5,
    population: 0.5,
    deliveries: 1,
    validity: 0.9,
    timeliness: 1,
    overall,
    flagged: overall < 80,
  };
}

function source(overrides: Partial<SourceFeed> = {}): SourceFeed {
  return {
    id: 'moodle',
    name: 'Moodle',
    owner: { name: 'Sam Lee', email: 'sam.lee@example.ac.uk', chatHandle: null },
    expectedDeliveriesPerWeek: 1,
    deliveries: [delivery('d1', '2026-11-20T06:00:00Z')],
    quality: [quality(95)],
    ...overrides,
  };
}

const detect = (now: string, sources: SourceFeed[], sharedCauses = []) =>
  detectFeedIncidents({ now: new Date(now), week: WEEK, sources, sharedCauses });

describe('detectFeedIncidents', () => {
  it('a weekly feed is stale only once its next delivery is more than 48 hours overdue', () => {
    // Last delivery Friday 20th 06:00; the next was due Friday 27th 06:00.
    expect(detect('2026-11-29T05:00:00Z', [source()])).toEqual([]); // 47 hours overdue
    const [stale, ...rest] = detect('2026-11-29T07:00:00Z', [source()]); // 49 hours overdue
    expect(rest).toEqual([]);
    expect(stale).toMatchObject({ kind: 'stale', key: 'feed:stale:moodle:d1', overdueHours: 49 });
    expect(stale?.what).toBe(
      'Moodle is stale: its last delivery arrived 9 days ago and the next was due 2 days ago (expected weekly).',
    );
  });

  it('a daily feed is judged against its own cadence, and keeps one key for one outage', () => {
    const daily = source({
      expectedDeliveriesPerWeek: 7,
      deliveries: [delivery('d9', '2026-11-28T02:00:00Z'), delivery('d8', '2026-11-27T02:00:00Z')],
    });
    expect(detect('2026-11-30T06:00:00Z', [daily])).toEqual([]); // due 29th 02:00: 28 hours overdue
    const first = detect('2026-12-01T03:00:00Z', [daily]);
    const later = detect('2026-12-03T03:00:00Z', [daily]);
    expect(first.map((incident) => incident.key)).toEqual(['feed:stale:moodle:d9']);
    expect(later.map((incident) => [incident.key, incident.week])).toEqual([
      ['feed:stale:moodle:d9', first[0]?.week],
    ]);
  });

  it('a delivery that was rejected or had no good rows does not count as the last delivery', () => {
    const feed = source({
      deliveries: [
        delivery('empty', '2026-11-27T06:00:00Z', { good: 0 }),
        delivery('bad', '2026-11-27T07:00:00Z', { status: 'rejected' }),
        delivery('d1', '2026-11-20T06:00:00Z'),
      ],
    });
    expect(detect('2026-11-29T07:00:00Z', [feed]).map((incident) => incident.key)).toEqual([
      'feed:stale:moodle:d1',
    ]);
  });

  it("flags the judged week's quality below 80%, not at 80% and not an earlier week's", () => {
    const at80 = source({ quality: [quality(80)] });
    const earlier = source({ quality: [quality(95), quality(40, '2026-W46' as IsoWeek)] });
    const poor = source({ quality: [quality(79)] });
    const now = '2026-11-23T09:00:00Z';
    expect(detect(now, [at80, earlier])).toEqual([]);
    const [incident] = detect(now, [poor]);
    expect(incident).toMatchObject({ kind: 'low-quality', key: 'feed:quality:moodle:2026-W47' });
    expect(incident?.what).toBe(
      "Moodle's data for 2026-W47 is 79% good, below 80% (complete 50%, valid 90%, on time 100%).",
    );
  });

  it('each held delivery is an incident of its own, keyed by the delivery', () => {
    const feed = source({
      deliveries: [
        delivery('h1', '2026-11-23T06:00:00Z', {
          status: 'held',
          rows: 12,
          reason: '12 rows is ten or more times fewer than the usual 1000',
        }),
        delivery('d1', '2026-11-20T06:00:00Z'),
      ],
    });
    const incidents = detect('2026-11-23T09:00:00Z', [feed]);
    expect(incidents.map((incident) => [incident.kind, incident.key])).toEqual([
      ['held', 'feed:held:moodle:h1'],
    ]);
    expect(incidents[0]?.what).toMatch(/h1\.csv \(12 rows\) is held by the volume guard: 12 rows is ten/);
  });

  it("reports the judged week's shared causes only", () => {
    const cause = (week: string) => ({
      peerGroup: 'programme=P1|yearOfStudy=2',
      week,
      level: 0.2,
      baseline: 0.8,
      drop: 0.75,
    });
    const incidents = detectFeedIncidents({
      now: new Date('2026-11-23T09:00:00Z'),
      week: WEEK,
      sources: [],
      sharedCauses: [cause('2026-W47'), cause('2026-W46')],
    });
    expect(incidents.map((incident) => incident.key)).toEqual([
      'feed:shared:programme=P1|yearOfStudy=2:2026-W47',
    ]);
    expect(incidents[0]?.what).toMatch(/fell together \(75% below its usual level\)/);
  });
});

describe('weekFeedProblems', () => {
  // Week 47 ends Monday 23rd 00:00; its data is due 48 hours later, Wednesday 25th 00:00.
  it('says data arrived 3 days late when the first delivery covering the week came 72 hours after it was due', () => {
    const late = source({ deliveries: [delivery('d2', '2026-11-28T00:00:00Z')] });
    expect(weekFeedProblems([late], WEEK, new Date('2026-11-30T08:00:00Z'))).toEqual([
      { sourceId: 'moodle', sourceName: 'Moodle', sentence: 'Moodle data for this week arrived 3 days late' },
    ]);
  });

  it('says data has not arrived once it is due, and nothing before', () => {
    const none = source({
      deliveries: [delivery('d0', '2026-11-17T06:00:00Z', { weeks: [{ week: '2026-W46' as IsoWeek }] })],
      quality: [],
    });
    expect(weekFeedProblems([none], WEEK, new Date('2026-11-24T23:00:00Z'))).toEqual([]);
    expect(weekFeedProblems([none], WEEK, new Date('2026-11-26T00:00:00Z'))[0]?.sentence).toBe(
      'Moodle data for this week has not arrived (due 24 hours ago)',
    );
  });

  it("says a stale daily feed's data is missing on Monday morning, before the week's own deadline", () => {
    const W46 = [{ week: '2026-W46' as IsoWeek }];
    const daily = source({
      expectedDeliveriesPerWeek: 7,
      deliveries: [delivery('d5', '2026-11-15T02:00:00Z', { weeks: W46 })],
      quality: [],
    });
    // Monday 23rd 08:00: the next daily delivery was due on the 16th at 02:00, 174 hours ago.
    expect(weekFeedProblems([daily], WEEK, new Date('2026-11-23T08:00:00Z'))[0]?.sentence).toBe(
      'Moodle data for this week has not arrived (the feed is 7 days overdue)',
    );
    // A weekly feed that delivered last Monday is not overdue: nothing to say yet.
    const weekly = source({
      deliveries: [delivery('w1', '2026-11-16T06:00:00Z', { weeks: [{ week: '2026-W46' as IsoWeek }] })],
    });
    expect(weekFeedProblems([weekly], WEEK, new Date('2026-11-23T08:00:00Z'))).toEqual([]);
  });

  it('names a held delivery and poor quality, and leaves a sound feed alone', () => {
    const held = source({ deliveries: [delivery('h1', '2026-11-24T06:00:00Z', { status: 'held' })] });
    const poor = source({
      id: 'library',
      name: 'Library',
      deliveries: [delivery('l1', '2026-11-24T06:00:00Z')],
      quality: [quality(62)],
    });
    const sound = source({
      id: 'panopto',
      name: 'Panopto',
      deliveries: [delivery('p1', '2026-11-24T06:00:00Z')],
    });
    expect(
      weekFeedProblems([held, poor, sound], WEEK, new Date('2026-11-30T08:00:00Z')).map((p) => p.sentence),
    ).toEqual([
      "Moodle data for this week is held for an administrator's approval",
      'Library data for this week is only 62% good',
    ]);
  });
});
