// Block Kit renderer: every view kind fits Slack's limits (blocks per surface, text lengths, fields,
// context elements, button labels and values) even with 2,000-row lists, and buttons and modal inputs
// carry what the Slack adapter needs to turn a click or submission back into a ChatAction.
import { describe, expect, it } from 'vitest';
import { renderBlocks, renderHome, renderModal, type Block } from '../../adapters/slack/blocks.ts';
import {
  SLACK_FALLBACK_TEXT_MAX,
  SLACK_MAX_MESSAGE_BLOCKS,
  SLACK_MAX_SURFACE_BLOCKS,
  SLACK_MODAL_TITLE_MAX,
} from '../../adapters/slack/limits.ts';
import type { View } from '../../src/chat/views/viewModel.ts';
import {
  digestOfOneDecliningStudent,
  everyRenderCase,
  programmeDigest,
  sparseViews,
  viewsOfEveryKind,
} from './sampleViews.ts';
import { limitProblems, opensStudent, type Loose } from './slackLimits.ts';

const allText = (blocks: Block[]) => JSON.stringify(blocks);

describe('renderBlocks', () => {
  it.each(everyRenderCase())(
    '%s keeps every Slack limit in a message and on the App Home tab',
    (_kind, view: View) => {
      const message = renderBlocks(view);
      expect(limitProblems(message.blocks, SLACK_MAX_MESSAGE_BLOCKS)).toEqual([]);
      expect(message.text.length).toBeGreaterThan(0);
      expect(message.text.length).toBeLessThanOrEqual(SLACK_FALLBACK_TEXT_MAX);
      const home = renderHome(view);
      expect(home.type).toBe('home');
      expect(limitProblems(home.blocks as Block[], SLACK_MAX_SURFACE_BLOCKS)).toEqual([]);
    },
  );

  it('the limit check catches a message that breaks a limit (the check is real)', () => {
    const { blocks } = renderBlocks(viewsOfEveryKind(3).digest);
    const tooMany = Array.from({ length: SLACK_MAX_MESSAGE_BLOCKS + 1 }, () => blocks[0]!);
    expect(limitProblems(tooMany, SLACK_MAX_MESSAGE_BLOCKS)).not.toEqual([]);
    expect(
      limitProblems([{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }], 50),
    ).not.toEqual([]);
  });

  it('lists each student with name, id, score, trend, attendance, contact and case, and an Open button', () => {
    const { row: claimable, view: digest } = digestOfOneDecliningStudent();
    // A row without buttons of its own (a list rather than a digest) opens the student from its own button.
    const { buttons: _buttons, ...row } = claimable;
    const view = { ...digest, sections: [{ ...digest.sections[0]!, rows: [row] }] };
    const { blocks } = renderBlocks(view);
    const rowBlock = (blocks as Loose[]).find((block) => block.accessory?.type === 'button');
    const text = typeof rowBlock?.text === 'object' ? rowBlock.text.text : '';
    for (const expected of [row.name, row.studentId, '287', '▼ −143', '61%', '19 d', 'open case'])
      expect(text).toContain(expected);
    expect(JSON.parse(rowBlock?.accessory?.value ?? '')).toEqual({
      op: 'showStudent',
      studentId: row.studentId,
    });
  });

  it('adds the predicted trajectory and top reason to a row when there is one', () => {
    const { row, view } = digestOfOneDecliningStudent();
    const predicted = {
      ...row,
      trajectory: 'At Risk',
      topReason: 'no coursework submission in the last four weeks',
    };
    const { blocks } = renderBlocks({ ...view, sections: [{ ...view.sections[0]!, rows: [predicted] }] });
    expect(allText(blocks)).toContain('trajectory At Risk · no coursework submission in the last four weeks');
  });

  it('offers Open and "I\'ll contact" (or Release) in a digest row\'s menu, and says who is contacting the student', () => {
    const { row, view } = digestOfOneDecliningStudent();
    const claimed = { ...row, claim: 'Sam Lee is contacting · 09:12' };
    const { blocks } = renderBlocks({ ...view, sections: [{ ...view.sections[0]!, rows: [claimed] }] });
    const rowBlock = (blocks as Loose[]).find((block) => block.accessory?.type === 'overflow');
    expect(rowBlock?.accessory?.options?.map((option) => option.text.text)).toEqual(['Open', "I'll contact"]);
    expect(rowBlock?.accessory?.options?.map((option) => JSON.parse(option.value))).toEqual([
      { op: 'showStudent', studentId: row.studentId },
      { op: 'claim', studentId: row.studentId, from: 'digest', page: 1 },
    ]);
    expect(typeof rowBlock?.text === 'object' ? rowBlock.text.text : '').toContain(
      'Sam Lee is contacting · 09:12',
    );
  });

  it('cuts a 2,000-row digest to fit 50 blocks, says how many more there are and keeps the paging button', () => {
    const view = viewsOfEveryKind(2000).digest;
    const { blocks } = renderBlocks(view);
    const shownRows = (blocks as Loose[]).filter(opensStudent).length;
    expect(shownRows).toBeGreaterThan(0);
    // Two non-empty sections share the row cap, so each shows half the rows; the first says how many it hides.
    const hidden = Number(/and (\d+) more/.exec(allText(blocks))?.[1]);
    expect(hidden + shownRows / 2).toBe(view.sections[0]!.total);
    // The button to the whole list sits beside "and N more".
    const buttons = (blocks as Loose[]).flatMap((block) =>
      block.type === 'actions' ? (block.elements ?? []) : block.accessory ? [block.accessory] : [],
    );
    expect(
      buttons
        .map((element) => JSON.parse(element.value ?? '{}') as { op: string })
        .map((action) => action.op),
    ).toContain('showList');
  });

  it("groups a programme digest by tutor within 50 blocks: tutor counts, 'and 20 more tutors', tutors on rows, who is not listed", () => {
    for (const rows of [8, 50]) {
      const view = programmeDigest(rows);
      const { blocks } = renderBlocks(view);
      expect(limitProblems(blocks, SLACK_MAX_MESSAGE_BLOCKS)).toEqual([]);
      const text = allText(blocks);
      expect(text).toContain('*By personal tutor*\\nDr Tutor-0: 12 need action · 30 listed');
      expect(text).toMatch(/and (20|2\d) more tutors/);
      expect(text).toContain('tutor Dr Tutor-0');
      expect(text).toContain('Not listed: 3 snoozed, 2 claimed and contacted, 1 with a known reason');
      // Every list still says how many follow, with its button to the whole list.
      expect(text.match(/and \d+ more_"/g)?.length).toBe(view.sections.length);
      // At most the platform's room: 7 of the 8 rows a list beside the tutor counts and "Not listed".
      const rowsShown = (blocks as Loose[]).filter(opensStudent);
      expect(rowsShown.length).toBe(7 * view.sections.length);
    }
  });

  it('escapes Slack markup in names and notes, so a name cannot mention @channel', () => {
    const notice = viewsOfEveryKind(0).notice;
    const message = renderBlocks({
      ...notice,
      title: '<!channel> Zoë & co',
      text: '<https://evil.example|click>',
    });
    const text = allText(message.blocks);
    expect(text).toContain('&lt;!channel&gt; Zoë &amp; co');
    expect(text).not.toContain('<!channel>');
    expect(message.text).toContain('&lt;!channel&gt;');
    expect(message.text).not.toContain('<https://evil.example');
  });

  it('shows chart images at absolute links and leaves out a relative one, which Slack would refuse', () => {
    const student = viewsOfEveryKind(0).student;
    const images = (view: View) =>
      (renderBlocks(view).blocks as Loose[]).filter((block) => block.type === 'image');
    expect(images(student)).toHaveLength(1);
    expect(images({ ...student, chart: { url: '/charts/abc.png?exp=1&sig=x', alt: 'trend' } })).toEqual([]);
  });

  it('counts the further matches a name search held back in "and N more"', () => {
    const choose = viewsOfEveryKind(3)['choose-student'];
    expect(allText(renderBlocks({ ...choose, more: 4 }).blocks)).toContain('and 4 more');
  });

  it('writes "—" for unknown values rather than "null"', () => {
    const student = sparseViews().find((view) => view.kind === 'student')!;
    const text = allText(renderBlocks(student).blocks);
    expect(text).toContain('—');
    expect(text).not.toMatch(/null|undefined|NaN/);
  });

  it('shows a form in a message as a button that opens it', () => {
    const { blocks } = renderBlocks(viewsOfEveryKind(0).form);
    expect(allText(blocks)).toContain(
      JSON.stringify(JSON.stringify({ op: 'openContactForm', studentId: 'S100042' })).slice(1, -1),
    );
  });
});

describe('renderModal', () => {
  it('has one input per form field, block_id and action_id equal to the field id, and keeps private_metadata', () => {
    const form = viewsOfEveryKind(0).form;
    const metadata = JSON.stringify({ submit: form.submit.action, channelId: 'C0123', kind: 'channel' });
    const modal = renderModal(form, metadata);
    expect(modal.callback_id).toBe('engage:log-contact');
    expect(modal.private_metadata).toBe(metadata);
    expect(modal.title.text.length).toBeLessThanOrEqual(SLACK_MODAL_TITLE_MAX);
    expect(modal.submit?.text).toBe('Log contact');
    const inputs = modal.blocks.filter((block) => block.type === 'input') as unknown as {
      block_id: string;
      optional?: boolean;
      element: {
        type: string;
        action_id: string;
        initial_option?: { value: string };
        initial_date?: string;
        max_length?: number;
      };
    }[];
    expect(inputs.map((input) => [input.block_id, input.element.action_id, input.element.type])).toEqual([
      ['channel', 'channel', 'static_select'],
      ['note', 'note', 'plain_text_input'],
      ['date', 'date', 'datepicker'],
    ]);
    expect(inputs[0]!.element.initial_option?.value).toBe('meeting');
    expect(inputs[1]).toMatchObject({ optional: true, element: { max_length: 500 } });
    expect(inputs[2]!.element.initial_date).toBe('2026-10-05');
  });

  it('cuts a long title to the 24 characters a modal title allows', () => {
    const form = viewsOfEveryKind(0).form;
    const modal = renderModal({ ...form, title: 'Open a case for this student now please' }, '{}');
    expect(modal.title.text.length).toBeLessThanOrEqual(SLACK_MODAL_TITLE_MAX);
    expect(modal.title.text.endsWith('…')).toBe(true);
  });

  it('refuses private_metadata longer than Slack accepts, naming the limit', () => {
    expect(() => renderModal(viewsOfEveryKind(0).form, 'x'.repeat(3001))).toThrow(/3000/);
  });
});
