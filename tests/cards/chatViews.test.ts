// The views the real chat app builds on a seeded institution (digest, student, bands and a band, lists,
// case, forms, governance, help, channels, choices, denials) render on both platforms: valid Adaptive
// Cards 1.5 under the Teams size limit, and Block Kit within every Slack limit, with signed chart images.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBlocks, renderHome, renderModal, type Block } from '../../adapters/slack/blocks.ts';
import { SLACK_MAX_MESSAGE_BLOCKS, SLACK_MAX_SURFACE_BLOCKS } from '../../adapters/slack/limits.ts';
import { cardBytes, renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import { TEAMS_CARD_MAX_BYTES } from '../../adapters/teams/limits.ts';
import { chatActionSchema, type ChatAction } from '../../src/chat/actions.ts';
import type { ChatContext } from '../../src/chat/ports.ts';
import type { View } from '../../src/chat/views/viewModel.ts';
import {
  contextFor,
  openChatWorld,
  PUBLIC_BASE_URL,
  staffWithRole,
  type ChatWorld,
} from '../chat/support.ts';
import { adaptiveCardErrors } from './adaptiveSchema.ts';
import { limitProblems } from './slackLimits.ts';

describe('cards for the chat app’s real views', () => {
  let world: ChatWorld;
  const views: View[] = [];

  beforeAll(async () => {
    world = await openChatWorld({ students: 300, weeks: 8 });
    const tutor = staffWithRole(world, 'tutor');
    const admin = staffWithRole(world, 'admin');
    const manager = staffWithRole(world, 'manager');
    const tutee = world.students.find((student) => student.tutorId === tutor.id)!;
    const stranger = world.students.find(
      (student) => student.tutorId !== tutor.id && !tutor.programmeIds.includes(student.programmeId),
    )!;
    const asTutor = contextFor(tutor);
    const command = async (context: ChatContext, text: string) =>
      views.push((await world.app.command(context, text)).view);
    const action = async (context: ChatContext, input: ChatAction) =>
      (await world.app.action(context, chatActionSchema.parse(input))).view;

    for (const text of [
      'digest',
      'declining',
      'priority',
      'bands',
      'help',
      `student ${tutee.id}`,
      `student ${stranger.id}`,
    ]) {
      await command(asTutor, text);
    }
    await command(asTutor, `student ${tutee.name.split(' ').at(-1)!}`);
    await command(contextFor(admin), 'channels');
    await command(contextFor(manager), 'digest');
    views.push(await action(asTutor, { op: 'showBand', band: 2, page: 1 }));
    views.push(await action(asTutor, { op: 'openContactForm', studentId: tutee.id }));
    views.push(await action(asTutor, { op: 'openCaseForm', studentId: tutee.id }));
    views.push(
      await action(asTutor, {
        op: 'logContact',
        studentId: tutee.id,
        channel: 'call',
        note: 'Spoke after the lab — all fine',
      }),
    );
    const opened = await action(asTutor, {
      op: 'openCase',
      studentId: tutee.id,
      reason: 'Missed three tutorials',
    });
    views.push(opened);
    const caseId =
      opened.kind === 'case' ? opened.caseId : opened.kind === 'student' ? opened.activeCase?.id : undefined;
    if (caseId) {
      views.push(await action(asTutor, { op: 'openCaseNoteForm', caseId }));
      views.push(await action(asTutor, { op: 'addCaseNote', caseId, note: 'Agreed a catch-up plan' }));
    }
    views.push(await world.app.home(asTutor));
  }, 120_000);
  afterAll(async () => world.close());

  it('covers the view kinds a tutor, an admin and a manager meet', () => {
    const kinds = new Set(views.map((view) => view.kind));
    for (const kind of [
      'digest',
      'student',
      'bands',
      'student-list',
      'help',
      'notice',
      'channels',
      'form',
      'governance',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it('renders every one as a valid Adaptive Card under the Teams size limit', () => {
    for (const view of views) {
      const card = renderAdaptiveCard(view);
      expect({ kind: view.kind, errors: adaptiveCardErrors(card) }).toEqual({ kind: view.kind, errors: [] });
      expect(JSON.stringify(card)).not.toContain('${');
      expect(cardBytes(card)).toBeLessThanOrEqual(TEAMS_CARD_MAX_BYTES);
    }
  });

  it('renders every one as Block Kit within Slack’s limits, in a message, on App Home and as a modal', () => {
    for (const view of views) {
      expect({
        kind: view.kind,
        problems: limitProblems(renderBlocks(view).blocks, SLACK_MAX_MESSAGE_BLOCKS),
      }).toEqual({
        kind: view.kind,
        problems: [],
      });
      expect(limitProblems(renderHome(view).blocks as Block[], SLACK_MAX_SURFACE_BLOCKS)).toEqual([]);
      if (view.kind === 'form')
        expect(renderModal(view, '{}').blocks.some((block) => block.type === 'input')).toBe(true);
    }
  });

  it('shows the student’s trend chart at a signed link under the public base URL', () => {
    const student = views.find((view) => view.kind === 'student');
    if (student?.kind !== 'student') throw new Error('no student view');
    expect(student.chart?.url).toMatch(
      new RegExp(`^${PUBLIC_BASE_URL}/charts/[A-Za-z0-9_-]+\\.png\\?exp=\\d+&sig=`),
    );
    const images = JSON.stringify(renderAdaptiveCard(student));
    expect(images).toContain(student.chart!.url);
    expect(student.chart!.url).not.toContain(student.student.id);
  });
});
