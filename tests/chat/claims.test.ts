// "I'll contact" in the chat core, two members of staff in one linked channel: a claim shows on the card
// and on the digest row for both, a second claim is refused naming the holder, only the claimant releases
// it, a contact by the claimant closes it, and it lapses after seven days without one (the next digest
// says so); someone not entitled to the student cannot claim them. Claims and releases are audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createChartLinker } from '../../adapters/http/charts.ts';
import { createChatApp } from '../../src/chat/app.ts';
import { chatActionSchema } from '../../src/chat/actions.ts';
import type { ChatPlace, ChatResponse } from '../../src/chat/ports.ts';
import type { DigestView, StudentListRow } from '../../src/chat/views/viewModel.ts';
import type { Staff } from '../../src/domain/model.ts';
import { contextFor, openChatWorld, PUBLIC_BASE_URL, staffWithRole, type ChatWorld } from './support.ts';

const CHANNEL: ChatPlace = { platform: 'slack', channelId: 'C-CLAIMS', kind: 'channel' };
const MONDAY = new Date('2026-12-01T09:12:00Z');
const minutesLater = (minutes: number) => new Date(MONDAY.getTime() + minutes * 60_000);
const daysLater = (days: number) => new Date(MONDAY.getTime() + days * 86_400_000);

describe('claiming a student from chat', () => {
  let world: ChatWorld;
  let sam: Staff;
  let alex: Staff;
  let outsider: Staff;
  let studentIds: string[];

  beforeAll(async () => {
    world = await openChatWorld({ students: 300 });
    const admin = staffWithRole(world, 'admin');
    sam = staffWithRole(world, 'tutor', (staff) => world.students.some((s) => s.tutorId === staff.id));
    alex = staffWithRole(world, 'tutor', (staff) => staff.id !== sam.id);
    await world.app.command(contextFor(admin, CHANNEL), `link ${sam.id}`);
    const digest = digestOf(await world.app.command(contextFor(alex, CHANNEL, { now: MONDAY }), 'digest'));
    studentIds = [...new Set(rowsOf(digest).map((row) => row.studentId))];
    if (studentIds.length < 3) throw new Error('the linked tutor’s digest lists fewer than three students');
    const target = world.students.find((s) => s.id === studentIds[1])!;
    outsider = staffWithRole(
      world,
      'tutor',
      (staff) => ![sam.id, alex.id].includes(staff.id) && !staff.programmeIds.includes(target.programmeId),
    );
  }, 60_000);
  afterAll(async () => world.close());

  const act = (staff: Staff, input: unknown, now = MONDAY, place = CHANNEL) =>
    world.app.action(contextFor(staff, place, { now }), chatActionSchema.parse(input));
  const digestAt = async (staff: Staff, now: Date) =>
    digestOf(await world.app.command(contextFor(staff, CHANNEL, { now }), 'digest'));
  const rowOf = (digest: DigestView, studentId: string) =>
    rowsOf(digest).find((row) => row.studentId === studentId);

  it('shows the claim on the card and the digest row for everyone in the channel, refuses a second claim and lets only the claimant release it', async () => {
    const studentId = studentIds[0]!;
    const name = world.students.find((s) => s.id === studentId)!.name;

    const claimed = await act(sam, { op: 'claim', studentId });
    expect(claimed).toMatchObject({ mode: 'update', shared: true });
    expect(claimed.view).toMatchObject({
      kind: 'student',
      claim: `${sam.name} is contacting · 09:12`,
      confirmation: `${sam.name} is contacting ${name} · 09:12`,
    });
    expect(labels(claimed)).toContain('Release');
    expect(labels(claimed)).not.toContain("I'll contact");

    const alexCard = await act(alex, { op: 'showStudent', studentId }, minutesLater(5));
    expect(alexCard.view).toMatchObject({ kind: 'student', claim: `${sam.name} is contacting · 09:12` });
    expect(rowOf(await digestAt(alex, minutesLater(5)), studentId)?.claim).toBe(
      `${sam.name} is contacting · 09:12`,
    );

    const second = await act(alex, { op: 'claim', studentId }, minutesLater(6));
    expect(second.mode).toBe('reply');
    expect(second.view).toMatchObject({
      kind: 'notice',
      title: 'Already claimed',
      text: `${sam.name} is already contacting ${name} (since 09:12).`,
    });
    const notHers = await act(alex, { op: 'releaseClaim', studentId }, minutesLater(7));
    expect(notHers.view).toMatchObject({
      kind: 'notice',
      text: expect.stringContaining('Only they can release it'),
    });

    const released = await act(sam, { op: 'releaseClaim', studentId }, minutesLater(8));
    expect(released).toMatchObject({ mode: 'update', shared: true });
    expect(released.view).toMatchObject({ kind: 'student', claim: null });
    expect(labels(released)).toContain("I'll contact");
    expect(await act(alex, { op: 'claim', studentId }, minutesLater(9))).toMatchObject({
      view: { claim: `${alex.name} is contacting · 09:21` },
    });

    const audit = await world.seeded.repos.audit.forStudent(studentId);
    const trail = audit.filter((entry) => entry.action.includes('claim')).map((e) => [e.action, e.actor]);
    expect(trail).toEqual(
      expect.arrayContaining([
        ['claim-student', sam.id],
        ['release-claim', sam.id],
        ['claim-student', alex.id],
      ]),
    );
    expect(trail).toHaveLength(3);
  });

  it('claims from a digest row: the same digest page comes back with the row claimed and its button turned to Release', async () => {
    const studentId = studentIds[1]!;
    const before = rowOf(await digestAt(sam, MONDAY), studentId);
    expect(before?.buttons?.[0]).toEqual({
      label: "I'll contact",
      action: { op: 'claim', studentId, from: 'digest', page: 1 },
    });
    const claimed = await act(sam, before!.buttons![0]!.action, minutesLater(1));
    expect(claimed).toMatchObject({ mode: 'update', shared: true, view: { kind: 'digest' } });
    const row = rowOf(digestOf(claimed), studentId);
    expect(row?.claim).toBe(`${sam.name} is contacting · 09:13`);
    expect(row?.buttons?.[0]?.label).toBe('Release');
  });

  it('closes the claim when the claimant logs a contact: the card says they contacted the student, and anyone may claim again', async () => {
    const studentId = studentIds[2]!;
    await act(sam, { op: 'claim', studentId });
    // A contact by someone else leaves Sam's claim as it is.
    await act(alex, { op: 'logContact', studentId, channel: 'email' }, minutesLater(10));
    expect((await act(alex, { op: 'showStudent', studentId }, minutesLater(11))).view).toMatchObject({
      claim: `${sam.name} is contacting · 09:12`,
    });
    await act(sam, { op: 'logContact', studentId, channel: 'call' }, minutesLater(30));
    const card = await act(alex, { op: 'showStudent', studentId }, minutesLater(31));
    expect(card.view).toMatchObject({ claim: `${sam.name} contacted them · 09:42` });
    expect(labels(card)).toContain("I'll contact");
    expect(await world.seeded.repos.claims.activeFor(studentId, minutesLater(31))).toBeNull();
  });

  it('lapses a claim after seven days without a contact: the next digest says so on the row, and the student can be claimed again', async () => {
    const studentId = studentIds[0]!;
    // Alex has held this student since 09:21 on Monday (the first test) without a contact.
    const stillHeld = await act(sam, { op: 'claim', studentId }, daysLater(6));
    expect(stillHeld.view).toMatchObject({ kind: 'notice', title: 'Already claimed' });
    expect(stillHeld.view).toMatchObject({ text: expect.stringContaining('since 2026-12-01 09:21') });

    const nextDigest = await digestAt(sam, daysLater(7.1));
    expect(rowOf(nextDigest, studentId)?.claim).toBe(`Claim by ${alex.name} lapsed without a contact`);
    expect(rowOf(nextDigest, studentId)?.buttons?.[0]?.label).toBe("I'll contact");
    expect(await act(sam, { op: 'claim', studentId }, daysLater(7.1))).toMatchObject({
      mode: 'update',
      view: { claim: expect.stringMatching(new RegExp(`^${sam.name} is contacting · \\d\\d:\\d\\d$`)) },
    });
  });

  it('lapses after the configured number of days (CLAIM_LAPSE_DAYS)', async () => {
    const threeDays = createChatApp({
      repos: world.seeded.repos,
      charts: createChartLinker({
        charts: world.seeded.repos.chartImages,
        publicBaseUrl: PUBLIC_BASE_URL,
        signingKey: randomBytes(32),
      }),
      options: { claimLapseDays: 3 },
    });
    const studentId = studentIds[2]!;
    const claimAt = (staff: Staff, now: Date) =>
      threeDays.action(
        contextFor(staff, CHANNEL, { now }),
        chatActionSchema.parse({ op: 'claim', studentId }),
      );
    await claimAt(alex, daysLater(20));
    expect((await claimAt(sam, daysLater(22.9))).view).toMatchObject({ title: 'Already claimed' });
    expect((await claimAt(sam, daysLater(23))).view).toMatchObject({
      kind: 'student',
      claim: `${sam.name} is contacting · 09:12`,
    });
  });

  it('refuses a claim by someone not entitled to the student, and records the refusal', async () => {
    const studentId = studentIds[1]!;
    const elsewhere: ChatPlace = { platform: 'slack', channelId: `D-${outsider.id}`, kind: 'personal' };
    const refused = await act(outsider, { op: 'claim', studentId }, minutesLater(40), elsewhere);
    expect(refused.view).toMatchObject({ kind: 'notice', tone: 'denied' });
    const audit = await world.seeded.repos.audit.forStudent(studentId);
    expect(audit.some((e) => e.actor === outsider.id && e.action === 'view-student-denied')).toBe(true);
    expect(audit.some((e) => e.actor === outsider.id && e.action === 'claim-student')).toBe(false);
  });
});

function digestOf(response: ChatResponse): DigestView {
  if (response.view.kind !== 'digest') throw new Error(`expected a digest, got ${response.view.kind}`);
  return response.view;
}

function rowsOf(digest: DigestView): StudentListRow[] {
  return digest.sections.flatMap((section) => section.rows);
}

function labels(response: ChatResponse): string[] {
  return 'buttons' in response.view ? response.view.buttons.map((button) => button.label) : [];
}
