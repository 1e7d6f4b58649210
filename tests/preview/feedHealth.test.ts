// Feed health in the local preview, through its HTTP API on a real Fastify on loopback with the preview's
// own personas and an injected clock: the Administrator persona's conversation is the admins' channel, so
// "feed health" shows it the card of a source gone stale (what happened, whose scores, what to do) once
// the feed is more than 48 hours overdue; a held delivery's Approve is refused to a tutor persona, whose
// own conversation gets no feed-health cards, and its Discard works for the administrator.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servePreview } from '../../adapters/preview/index.ts';
import { addWeeks, isoWeekStart, type IsoWeek } from '../../src/domain/isoWeek.ts';
import { setSourceOwner } from '../../src/ingest/sourceOwner.ts';
import type { DeliveryRecord } from '../../src/repositories/deliveries.ts';
import { openChatWorld, type ChatWorld } from '../chat/support.ts';
import { loggedDelivery } from '../feedHealth/loggedDelivery.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

interface Card {
  body: unknown[];
  actions?: { title: string; data: Record<string, unknown> }[];
}
interface Answer {
  mode: string;
  kind: string;
  card: Card;
}
interface Persona {
  id: string;
  name: string;
  role: string;
}

describe('feed health in the local preview', () => {
  let world: ChatWorld;
  let server: FastifyInstance;
  let url: string;
  let week: IsoWeek;
  let lastDelivery: Date;
  let now: Date;
  let admin: Persona;
  let tutor: Persona;

  beforeAll(async () => {
    world = await openChatWorld({ students: 120, weeks: 6 });
    const repos = world.seeded.repos;
    week = (await repos.scores.scoredWeeks()).at(-1)!;
    lastDelivery = new Date(isoWeekStart(addWeeks(week, 1)).getTime() + DAY_MS);
    await logMoodleDelivery('d1', lastDelivery);
    await setSourceOwner(repos, 'moodle', { name: 'Sam Lee', email: 'sam.lee@example.ac.uk' });
    now = lastDelivery;
    server = Fastify();
    servePreview(server, { chat: world.app, repos, now: () => now });
    url = await server.listen({ host: '127.0.0.1', port: 0 });
    const { personas } = (await (await fetch(`${url}/preview/api/personas`)).json()) as {
      personas: Persona[];
    };
    admin = personas.find((persona) => persona.role === 'Administrator')!;
    tutor = personas.find((persona) => persona.role === 'Personal tutor')!;
  }, 60_000);
  afterAll(async () => {
    await server.close();
    await world.close();
  });

  /** Logs a Moodle snapshot covering the scored week, as ingestion does. */
  async function logMoodleDelivery(id: string, receivedAt: Date, overrides: Partial<DeliveryRecord> = {}) {
    await world.seeded.repos.deliveries.save(
      loggedDelivery({ sourceId: 'moodle', id, week, receivedAt, rows: 600, students: 120 }, overrides),
    );
  }

  async function post(path: string, body: unknown) {
    const response = await fetch(`${url}/preview/api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return response.json();
  }
  const feedHealth = async (as: Persona) =>
    ((await post('feed-health', { as: as.id })) as { cards: Answer[] }).cards;
  const act = async (as: Persona, data: Record<string, unknown>) =>
    (await post('action', { as: as.id, data })) as Answer;
  const shown = (answer: Answer) => JSON.stringify(answer.card.body);
  const titled = (cards: Answer[], title: string) => cards.find((card) => shown(card).includes(title));
  const button = (answer: Answer, title: string) => {
    const found = answer.card.actions?.find((action) => action.title === title);
    if (!found) throw new Error(`the card has no "${title}" button`);
    return found.data;
  };

  it("shows the administrator a stale feed's card once it is 48 hours overdue: what happened, whose scores, what to do", async () => {
    // A weekly feed: its next delivery was due a week later; 47 hours past that it is not yet stale.
    now = new Date(lastDelivery.getTime() + 7 * DAY_MS + 47 * HOUR_MS);
    const before = await feedHealth(admin);
    expect(before.map(shown)).toEqual([expect.stringContaining('Feed health: nothing to report')]);

    now = new Date(lastDelivery.getTime() + 7 * DAY_MS + 50 * HOUR_MS);
    const cards = await feedHealth(admin);
    expect(cards).toHaveLength(1);
    const stale = cards[0]!;
    expect(stale).toMatchObject({ mode: 'reply', kind: 'notice' });
    const text = shown(stale);
    expect(text).toContain('Feed health: Moodle VLE logins — is stale');
    expect(text).toContain('its last delivery arrived 9 days ago and the next was due 2 days ago');
    const scored = (await world.seeded.repos.scores.scoresForWeek(week)).length;
    expect(text).toContain(`It touches the scores of ${scored} students: `);
    expect(text).toContain("What to do: Ask the source's owner why deliveries stopped");
    expect(stale.card.actions?.map((action) => action.title)).toEqual(['Contact Sam Lee']);
    const named = world.students.filter(
      (student) => text.includes(student.id) || text.includes(student.name),
    );
    expect(named).toEqual([]);

    const contact = await act(admin, button(stale, 'Contact Sam Lee'));
    expect(shown(contact)).toContain(
      "Moodle VLE logins's technical owner: Sam Lee (sam.lee@example.ac.uk, mailto:sam.lee@example.ac.uk).",
    );
  });

  it("refuses a held delivery's Approve to a tutor persona, whose conversation gets no feed-health cards; the administrator discards it", async () => {
    now = new Date(lastDelivery.getTime() + 2 * DAY_MS);
    const studentId = world.students[0]!.id;
    await logMoodleDelivery('h1', new Date(now.getTime() - HOUR_MS), {
      status: 'held',
      rows: 6000,
      good: 6000,
      reason: '6000 rows is ten or more times more than the usual 600',
      appliedAt: null,
    });
    await world.seeded.repos.deliveries.hold('moodle', 'h1', [
      { week, sourceId: 'moodle', studentIds: [studentId], counts: [75] },
    ]);
    const held = titled(await feedHealth(admin), 'delivery held for approval');
    if (!held) throw new Error('the administrator has no card for the held delivery');
    expect(shown(held)).toContain('6000 rows is ten or more times more than the usual 600');
    expect(held.card.actions?.map((action) => action.title)).toEqual([
      'Approve',
      'Discard',
      'Contact Sam Lee',
    ]);

    const tutorsCards = await feedHealth(tutor);
    expect(tutorsCards.map(shown)).toEqual([
      expect.stringContaining("Feed-health cards go to the admins' channel only"),
    ]);
    const refused = await act(tutor, button(held, 'Approve'));
    expect(refused).toMatchObject({ mode: 'reply', kind: 'notice' });
    expect(shown(refused)).toContain('Approving, discarding and feed owners are for administrators.');
    expect((await world.seeded.repos.deliveries.find('moodle', 'h1'))?.status).toBe('held');

    const discarded = await act(admin, button(held, 'Discard'));
    expect(discarded).toMatchObject({ mode: 'update', kind: 'notice' });
    expect(shown(discarded)).toContain(`moodle: delivery h1.csv (6000 rows) discarded by ${admin.name}`);
    expect((await world.seeded.repos.deliveries.find('moodle', 'h1'))?.status).toBe('discarded');
    expect(titled(await feedHealth(admin), 'delivery held for approval')).toBeUndefined();
  });
});
