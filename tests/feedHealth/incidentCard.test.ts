// The admins' feed-health card as data: a shared cause named in words with no buttons, a stale source
// offering its owner, the touched students as counts by programme cut to five with "and N more", and a
// source without an owner still offering to say how to record one.
import { describe, expect, it } from 'vitest';
import { incidentCard } from '../../src/feedHealth/incidentCard.ts';
import type { FeedIncident, SourceFeed } from '../../src/feedHealth/incidents.ts';

const label = (key: string) => (key === 'programme=cs|yearOfStudy=2' ? 'BSc Computer Science, year 2' : key);
const programmes = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `Programme ${i + 1}`, students: 60 - i }));

const source = (owner: SourceFeed['owner']): SourceFeed => ({
  id: 'moodle',
  name: 'Moodle',
  owner,
  expectedDeliveriesPerWeek: 1,
  deliveries: [],
  quality: [],
});

describe('incidentCard', () => {
  it('names a shared cause’s peer group in words, counts its students, and has no buttons', () => {
    const incident: FeedIncident = {
      kind: 'shared-cause',
      key: 'feed:shared:programme=cs|yearOfStudy=2:2026-W47',
      week: '2026-W47',
      what: 'A shared cause in 2026-W47.',
      cause: {
        peerGroup: 'programme=cs|yearOfStudy=2',
        week: '2026-W47',
        level: 0.2,
        baseline: 0.8,
        drop: 0.75,
      },
    };
    const card = incidentCard(
      incident,
      { students: 23, programmes: [{ name: 'BSc Computer Science', students: 23 }] },
      label,
    );
    expect(card.title).toBe('Feed health: BSc Computer Science, year 2 — shared cause');
    expect(card.text).toContain('It touches the scores of 23 students: BSc Computer Science (23).');
    expect(card.buttons).toEqual([]);
  });

  it('shows the five largest programmes and how many more, and offers the owner', () => {
    const incident: FeedIncident = {
      kind: 'stale',
      key: 'feed:stale:moodle:d1',
      week: '2026-W48',
      what: 'Moodle is stale.',
      source: source({ name: 'Sam Lee', email: 'sam.lee@example.ac.uk', chatHandle: null }),
      overdueHours: 50,
      lastDeliveryAt: new Date('2026-11-20T06:00:00Z'),
    };
    const card = incidentCard(incident, { students: 420, programmes: programmes(8) }, label);
    expect(card.text).toContain(
      'It touches the scores of 420 students: Programme 1 (60), Programme 2 (59), Programme 3 (58), Programme 4 (57), Programme 5 (56), and 3 more programmes.',
    );
    expect(card.buttons).toEqual([
      { label: 'Contact Sam Lee', action: { op: 'contactSourceOwner', sourceId: 'moodle' } },
    ]);
    const ownerless = incidentCard(
      { ...incident, source: source(null) },
      { students: 0, programmes: [] },
      label,
    );
    expect(ownerless.buttons.map((button) => button.label)).toEqual(['Contact the owner']);
    expect(ownerless.text).toContain('It touches no scored student yet.');
  });
});
