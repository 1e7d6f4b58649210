import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBlocks } from '../../adapters/slack/blocks.ts';
import { renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import type { ChatContext, ChatPlace } from '../../src/chat/ports.ts';
import type { DigestView, StudentSelfView, View } from '../../src/chat/views/viewModel.ts';
import type { Staff, Student } from '../../src/domain/model.ts';
import { contextFor, openChatWorld, staffWithRole, type ChatWorld } from '../chat/support.ts';
import { setStudentView, VERDICT } from './support.ts';

const NOW = new Date('2026-12-01T10:32:00Z');
const TODAY = '2026-12-01';

/** Everything a person would see of a view, on every surface. */
const seen = (view: View) => JSON.stringify([view, renderAdaptiveCard(view), renderBlocks(view)]);

describe('a student in chat sees only their own engagement', () => {
  let world: ChatWorld;
  let tutor: Staff;
  let student: Student;
  let admin: Staff;

  /** The student's personal chat with Engage. */
  const asStudent = (who: Student = student, place: Partial<ChatPlace> = {}): ChatContext =>
    contextFor(
      who,
      { platform: 'teams', channelId: `a:personal-${who.id}`, kind: 'personal', ...place },
      { now: NOW },
    );
  const asTutor = (): ChatContext =>
    contextFor(tutor, { platform: 'teams', channelId: 'a:tutor-chat' }, { now: NOW });
  const digestRows = async () => {
    const view = (await world.app.command(asTutor(), 'digest')).view as DigestView;
    return view.sections.flatMap((section) => section.rows);
  };
  /** What the student did, as the audit recorded it (staff looks at them are audited too). */
  const auditOf = async (who: Student) =>
    (await world.seeded.repos.audit.forStudent(who.id)).filter(
      (entry) => entry.actor === `student:${who.id}`,
    );

  beforeAll(async () => {
    world = await openChatWorld({ students: 200, weeks: 8 });
    admin = staffWithRole(world, 'admin');
    // A student on their tutor's digest, so the context note marker has a row to appear on.
    for (const candidate of world.staff.filter((staff) => staff.roles.includes('tutor'))) {
      tutor = candidate;
      const rows = await digestRows();
      const onDigest = world.students.find(
        (s) =>
          s.status === 'active' && s.tutorId === candidate.id && rows.some((row) => row.studentId === s.id),
      );
      if (onDigest) {
        student = onDigest;
        break;
      }
    }
    expect(student).toBeDefined();
  }, 120_000);
  afterAll(async () => world.close());

  it('is off until the institution switches it on: the student is told so and shown nothing', async () => {
    const { view } = await world.app.command(asStudent(), 'me');
    expect(view).toMatchObject({ kind: 'notice', title: 'Not switched on' });
    expect(seen(view)).not.toContain(student.name);
    expect(await auditOf(student)).toEqual([]);
  });

  it('shows the trend in words, the chart without a score axis, the data used, the assurances and who to contact', async () => {
    await setStudentView(world, {
      enabled: true,
      contactLine: 'Talk to your personal tutor or email support@example.ac.uk.',
    });
    const { view } = await world.app.command(asStudent(), 'me');
    expect(view.kind).toBe('student-self');
    const own = view as StudentSelfView;
    expect(own.trend[0]).toMatch(
      /^Your engagement (has been|was) (lower than|higher than most of|about the same as) your peers'/,
    );
    expect(own.score).toBeNull();
    expect(own.trend.join(' ')).not.toMatch(/\d/);
    expect(own.dataKinds.some((line) => line.startsWith('Attendance: how many'))).toBe(true);
    expect(own.assurances.join(' ')).toContain('never used for decisions about your academic progression');
    expect(own.contact).toBe('Talk to your personal tutor or email support@example.ac.uk.');
    const chartId = /\/charts\/([^.]+)\.png/.exec(own.chart!.url)![1]!;
    expect((await world.seeded.repos.chartImages.find(chartId, NOW))?.kind).toBe('student-trend');
    expect(own.chart!.alt).not.toMatch(/\d{3}/);
    const audit = await auditOf(student);
    expect(audit[0]).toMatchObject({
      actor: `student:${student.id}`,
      action: 'student-view-own',
      where: `teams:a:personal-${student.id}`,
      at: NOW,
    });
  });

  it('shows the score and a score axis only when the institution enables it', async () => {
    await setStudentView(world, { showScore: true });
    const own = (await world.app.command(asStudent(), 'me')).view as StudentSelfView;
    const latest = (await world.seeded.repos.scores.historyFor(student.id)).at(-1)!;
    expect(own.score).toBe(latest.score);
    expect(own.trend.at(-1)).toBe(
      `Your score last week was ${latest.score}, where 500 is your peers' average.`,
    );
    const chartId = /\/charts\/([^.]+)\.png/.exec(own.chart!.url)![1]!;
    expect((await world.seeded.repos.chartImages.find(chartId, NOW))?.kind).toBe('student-trend-scored');
    await setStudentView(world, { showScore: false });
  });

  it('never shows another student, a peer group, a staff case note or a verdict in their own view', async () => {
    await world.app.action(asTutor(), {
      op: 'openCase',
      studentId: student.id,
      reason: 'Tutor worried about rent arrears',
    });
    const supportCase = (await world.seeded.repos.cases.activeCaseFor(student.id))!;
    await world.app.action(asTutor(), {
      op: 'addCaseNote',
      caseId: supportCase.id,
      note: 'Spoke to the landlord privately',
    });
    const text = seen((await world.app.command(asStudent(), 'me')).view);
    const peers = world.students.filter((s) => s.id !== student.id && s.programmeId === student.programmeId);
    expect(peers.length).toBeGreaterThan(0);
    for (const peer of peers) {
      expect(text).not.toContain(peer.name);
      expect(text).not.toContain(`"${peer.id}"`);
    }
    expect(text).not.toContain('rent arrears');
    expect(text).not.toContain('landlord');
    expect(text).not.toContain(supportCase.id);
    const own = (await world.app.command(asStudent(), 'me')).view as StudentSelfView;
    for (const line of [...own.trend, ...own.dataKinds, ...own.assurances, own.title])
      expect(line).not.toMatch(VERDICT);
  });

  it('refuses every staff command and button, says so, and records the refusal', async () => {
    const other = world.students.find((s) => s.id !== student.id && s.programmeId === student.programmeId)!;
    const supportCase = (await world.seeded.repos.cases.activeCaseFor(student.id))!;
    const commands = [
      `student ${other.id}`,
      `student ${other.name}`,
      `student ${student.id}`,
      'digest',
      'declining',
      'priority',
      'bands',
      'model',
      'channels',
    ];
    for (const command of commands) {
      const { view } = await world.app.command(asStudent(), command);
      expect(view, command).toMatchObject({ kind: 'notice', tone: 'denied' });
      expect(seen(view)).not.toContain(other.name);
    }
    const buttons = [
      { op: 'showStudent', studentId: other.id },
      { op: 'showStudent', studentId: student.id },
      { op: 'showCase', caseId: supportCase.id },
      { op: 'openCaseNoteForm', caseId: supportCase.id },
      { op: 'showList', list: 'declining', page: 1 },
      { op: 'showBand', band: 1, page: 1 },
      { op: 'showDigest', page: 1 },
      { op: 'logContact', studentId: other.id, channel: 'meeting', note: '' },
    ] as const;
    for (const action of buttons) {
      const { view } = await world.app.action(asStudent(), action);
      expect(view, action.op).toMatchObject({ kind: 'notice', tone: 'denied' });
      expect(seen(view)).not.toContain('landlord');
    }
    const refusals = (await auditOf(student)).filter((entry) => entry.action.startsWith('student-refused:'));
    expect(refusals.map((entry) => entry.action)).toEqual(
      expect.arrayContaining([
        'student-refused:student',
        'student-refused:digest',
        'student-refused:showCase',
      ]),
    );
    expect(refusals).toHaveLength(commands.length + buttons.length);
    expect(await auditOf(other)).toEqual([]);
  });

  it('shows nothing outside a personal chat, where others would see it', async () => {
    const { view } = await world.app.command(
      asStudent(student, { channelId: '19:course@thread.tacv2', kind: 'channel' }),
      'me',
    );
    expect(view).toMatchObject({ kind: 'notice', tone: 'denied' });
    expect(seen(view)).not.toMatch(/Your engagement/);
  });

  it('adds a context note that shows on the tutor’s digest row and student card, lists it, and withdraws it', async () => {
    expect((await digestRows()).find((row) => row.studentId === student.id)?.contextNote).toBeUndefined();
    const added = (await world.app.command(asStudent(), 'note Family bereavement this week until 2026-12-06'))
      .view as StudentSelfView;
    expect(added.confirmation).toBe('Note added: your tutor sees it until 2026-12-06.');
    expect(added.notes).toEqual([
      expect.objectContaining({
        text: 'Family bereavement this week',
        until: '2026-12-06',
        current: true,
        added: TODAY,
      }),
    ]);

    expect((await digestRows()).find((row) => row.studentId === student.id)?.contextNote).toBe(true);
    const card = (await world.app.command(asTutor(), `student ${student.id}`)).view;
    expect(card.kind).toBe('student');
    expect(seen(card)).toContain(
      'Context note from the student (added 2026-12-01, until 2026-12-06): Family bereavement this week',
    );
    expect(JSON.stringify(renderAdaptiveCard((await world.app.command(asTutor(), 'digest')).view))).toContain(
      `${student.name} · context note`,
    );

    // The digest posted to the tutor's linked channel on Monday carries the marker too.
    const posted = await world.app.buildDigests(
      [
        {
          platform: 'teams',
          channelId: '19:tutor-group@thread.tacv2',
          channelName: 'Tutor group',
          workspaceId: null,
          group: { kind: 'tutor', staffId: tutor.id },
          linkedBy: admin.id,
          linkedAt: NOW,
        },
      ],
      NOW,
    );
    const postedRows = (posted![0]!.view as DigestView).sections.flatMap((section) => section.rows);
    expect(postedRows.find((row) => row.studentId === student.id)?.contextNote).toBe(true);

    const listed = (await world.app.command(asStudent(), 'notes')).view as StudentSelfView;
    const note = listed.notes[0]!;
    expect(note.withdraw.action).toEqual({ op: 'withdrawContextNote', noteId: note.id });
    const withdrawn = await world.app.action(asStudent(), { op: 'withdrawContextNote', noteId: note.id });
    expect(withdrawn.mode).toBe('update');
    expect((withdrawn.view as StudentSelfView).notes).toEqual([]);
    expect((await digestRows()).find((row) => row.studentId === student.id)?.contextNote).toBeUndefined();
    expect(await world.seeded.repos.contextNotes.notesOf(student.id)).toEqual([]);
    const actions = (await auditOf(student)).map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['student-add-context-note', 'student-withdraw-context-note']),
    );
  });

  it('adds a note through the form, and refuses a last day in the past or a note that is not theirs', async () => {
    const form = await world.app.command(asStudent(), 'note');
    expect(form).toMatchObject({ mode: 'modal', view: { kind: 'form', form: 'context-note' } });
    const submitted = await world.app.action(asStudent(), {
      op: 'addContextNote',
      text: 'Hospital appointment',
    });
    expect(submitted.mode).toBe('update');
    expect((submitted.view as StudentSelfView).confirmation).toBe(
      'Note added: your tutor sees it until you withdraw it.',
    );

    const past = await world.app.command(asStudent(), 'note Flu until 2026-11-20');
    expect(past.view).toMatchObject({
      kind: 'notice',
      tone: 'error',
      text: 'The last day, 2026-11-20, is before today (2026-12-01).',
    });

    const classmate = world.students.find((s) => s.id !== student.id && s.status === 'active')!;
    const [mine] = await world.seeded.repos.contextNotes.notesOf(student.id);
    const theirs = await world.app.action(asStudent(classmate), {
      op: 'withdrawContextNote',
      noteId: mine!.id,
    });
    expect(theirs.view).toMatchObject({ kind: 'notice', title: 'No such note' });
    expect(await world.seeded.repos.contextNotes.notesOf(student.id)).toHaveLength(1);
  });

  it('keeps the student buttons away from staff', async () => {
    const { view } = await world.app.action(asTutor(), { op: 'addContextNote', text: 'written by staff' });
    expect(view).toMatchObject({ kind: 'notice', tone: 'denied' });
    expect(await world.seeded.repos.contextNotes.notesOf(tutor.id)).toEqual([]);
  });

  it('lets an administrator change the settings in chat with a reason, recorded with who and why', async () => {
    const asAdmin = contextFor(admin, { platform: 'slack', channelId: 'D-admin' }, { now: NOW });
    const noReason = await world.app.command(asAdmin, 'student-view score on');
    expect(noReason.view).toMatchObject({ kind: 'notice', tone: 'error', title: 'Say why' });
    const changed = await world.app.command(
      asAdmin,
      'student-view contact Email wellbeing@example.ac.uk why new support team',
    );
    expect(changed.view).toMatchObject({ kind: 'notice', tone: 'success' });
    expect(await world.seeded.repos.studentView.settings()).toMatchObject({
      contactLine: 'Email wellbeing@example.ac.uk',
    });
    expect((await world.seeded.repos.studentView.history())[0]).toMatchObject({
      by: admin.id,
      why: 'new support team',
      at: NOW,
      changes: [{ field: 'contactLine', after: 'Email wellbeing@example.ac.uk' }],
    });
    const byTutor = await world.app.command(asTutor(), 'student-view off why because');
    expect(byTutor.view).toMatchObject({ kind: 'notice', tone: 'denied' });
    expect((await world.seeded.repos.studentView.settings()).enabled).toBe(true);
  });
});
