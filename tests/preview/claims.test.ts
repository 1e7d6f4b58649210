// "I'll contact" in the local preview, through its HTTP API on a real Fastify on loopback with an injected
// clock: two personas whose preview conversations are linked to the same tutor group, as two members of
// staff in one channel. A claim answers with the card updated in place (the Teams card, rendered), the
// other persona sees it and cannot take or release it, the claimant's contact closes it, and seven days
// without one lapse it, which the next digest says on the row.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewFeedHealth } from '../../adapters/preview/feedHealth.ts';
import { previewChannelId, type PreviewPersona } from '../../adapters/preview/personas.ts';
import { registerPreview } from '../../adapters/preview/routes.ts';
import { renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import type { Staff, Student } from '../../src/domain/model.ts';
import { openChatWorld, staffWithRole, type ChatWorld } from '../chat/support.ts';

const MONDAY = new Date('2026-12-01T09:12:00Z');

interface Answer {
  mode: string;
  kind: string;
  card: unknown;
}

describe('claiming a student in the local preview', () => {
  let world: ChatWorld;
  let server: FastifyInstance;
  let url: string;
  let sam: Staff;
  let alex: Staff;
  let student: Student;
  let now = MONDAY;

  beforeAll(async () => {
    world = await openChatWorld({ students: 120 });
    sam = staffWithRole(world, 'tutor', (staff) =>
      world.students.some((s) => s.tutorId === staff.id && s.status === 'active'),
    );
    alex = staffWithRole(world, 'tutor', (staff) => staff.id !== sam.id);
    student = world.students.find((s) => s.tutorId === sam.id && s.status === 'active')!;
    const group = { kind: 'tutor' as const, staffId: sam.id };
    const personas: PreviewPersona[] = [sam, alex].map((staff) => ({
      id: staff.id,
      name: staff.name,
      email: staff.email,
      role: 'Personal tutor',
      detail: 'in the channel of the tutor group',
      channelGroup: group,
    }));
    for (const persona of personas) {
      await world.seeded.repos.channelLinks.link({
        platform: 'preview',
        channelId: previewChannelId(persona.id),
        channelName: 'Local preview',
        workspaceId: null,
        group,
        linkedBy: persona.id,
        linkedAt: MONDAY,
      });
    }
    server = Fastify();
    registerPreview(server, {
      chat: world.app,
      render: renderAdaptiveCard,
      feedHealthCards: previewFeedHealth(world.seeded.repos),
      personas: async () => personas,
      now: () => now,
    });
    url = await server.listen({ host: '127.0.0.1', port: 0 });
  }, 60_000);
  afterAll(async () => {
    await server.close();
    await world.close();
  });

  async function act(as: Staff, data: Record<string, unknown>): Promise<Answer> {
    const response = await fetch(`${url}/preview/api/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: as.id, data }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Answer;
  }
  async function command(as: Staff, text: string): Promise<Answer> {
    const response = await fetch(`${url}/preview/api/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: as.id, text }),
    });
    return (await response.json()) as Answer;
  }
  const shown = (answer: Answer) => JSON.stringify(answer.card);

  it('claims, refuses the second claim and a release by the other persona, then releases for the claimant', async () => {
    const claimed = await act(sam, { op: 'claim', studentId: student.id });
    expect(claimed).toMatchObject({ mode: 'update', kind: 'student' });
    expect(shown(claimed)).toContain(`${sam.name} is contacting · 09:12`);

    now = new Date(MONDAY.getTime() + 4 * 60_000);
    expect(shown(await command(alex, `student ${student.id}`))).toContain(
      `${sam.name} is contacting · 09:12`,
    );
    const second = await act(alex, { op: 'claim', studentId: student.id });
    expect(second).toMatchObject({ mode: 'reply', kind: 'notice' });
    expect(shown(second)).toContain(`${sam.name} is already contacting ${student.name} (since 09:12).`);
    expect(shown(await act(alex, { op: 'releaseClaim', studentId: student.id }))).toContain(
      'Only they can release it',
    );

    const released = await act(sam, { op: 'releaseClaim', studentId: student.id });
    expect(released).toMatchObject({ mode: 'update', kind: 'student' });
    expect(shown(released)).not.toContain(`${sam.name} is contacting`);
    expect(shown(released)).toContain("I'll contact");
  });

  it('lets one of two personas clicking "I\'ll contact" at the same instant win; the other is told who has the student', async () => {
    const other = world.students.find(
      (s) => s.tutorId === sam.id && s.status === 'active' && s.id !== student.id,
    )!;
    const clickers = [sam, alex, sam, alex];
    const answers = await Promise.all(clickers.map((who) => act(who, { op: 'claim', studentId: other.id })));
    const holder = (await world.seeded.repos.claims.activeFor(other.id, now))!;
    const holderName = holder.claimantName;
    answers.forEach((answer, index) => {
      if (clickers[index]!.id === holder.claimantId) {
        // The winner, and the winner's own second click, answer with the card showing their claim.
        expect(answer).toMatchObject({ mode: 'update', kind: 'student' });
        expect(shown(answer)).toContain(`${holderName} is contacting`);
      } else {
        expect(answer).toMatchObject({ mode: 'reply', kind: 'notice' });
        expect(shown(answer)).toContain(`${holderName} is already contacting ${other.name}`);
      }
    });
    await act(holder.claimantId === sam.id ? sam : alex, { op: 'releaseClaim', studentId: other.id });
  });

  it("closes the claim with the claimant's contact", async () => {
    await act(alex, { op: 'claim', studentId: student.id });
    now = new Date(MONDAY.getTime() + 50 * 60_000);
    const logged = await act(alex, { op: 'logContact', studentId: student.id, channel: 'message' });
    expect(shown(logged)).toContain(`${alex.name} contacted them · 10:02`);
    expect(await world.seeded.repos.claims.activeFor(student.id, now)).toBeNull();
  });

  it('lapses a claim after seven days without a contact: the next digest says so on the row', async () => {
    const digest = await command(sam, 'digest');
    const listed = shown(digest).match(/S\d{7}/g) ?? [];
    const rowStudent = listed.find((id) => id !== student.id);
    if (!rowStudent) throw new Error('the tutor’s digest lists nobody else');
    const claimed = await act(alex, { op: 'claim', studentId: rowStudent, from: 'digest', page: 1 });
    expect(claimed).toMatchObject({ mode: 'update', kind: 'digest' });
    expect(shown(claimed)).toContain(`${alex.name} is contacting · 10:02`);

    now = new Date(now.getTime() + 7 * 86_400_000);
    const next = await command(sam, 'digest');
    expect(shown(next)).toContain(`Claim by ${alex.name} lapsed without a contact`);
    expect(shown(next)).not.toContain(`${alex.name} is contacting`);
  });
});
