// Adaptive Card renderer: every view kind becomes a valid 1.5 card (official schema), under the Teams size
// limit even with 2,000-row lists, with buttons that send back parseable ChatActions.
import { describe, expect, it } from 'vitest';
import { cardBytes, ENGAGE_VERB, renderAdaptiveCard, type AdaptiveCard } from '../../adapters/teams/cards.ts';
import { TEAMS_CARD_MAX_BYTES, TEAMS_MAX_CARD_ACTIONS } from '../../adapters/teams/limits.ts';
import { chatActionSchema } from '../../src/chat/actions.ts';
import type { View } from '../../src/chat/views/viewModel.ts';
import { adaptiveCardErrors } from './adaptiveSchema.ts';
import {
  digestOfOneDecliningStudent,
  everyRenderCase,
  programmeDigest,
  studentRow,
  viewsOfEveryKind,
} from './sampleViews.ts';

/** Every object in the card, depth first. */
function* nodes(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) for (const item of value) yield* nodes(item);
  else if (value !== null && typeof value === 'object') {
    yield value as Record<string, unknown>;
    for (const child of Object.values(value)) yield* nodes(child);
  }
}

const texts = (card: AdaptiveCard) =>
  [...nodes(card)].filter((node) => node.type === 'TextBlock').map((node) => String(node.text));

const ordinary = Object.values(viewsOfEveryKind(4));

describe('renderAdaptiveCard', () => {
  it.each(everyRenderCase())(
    '%s renders a valid Adaptive Card 1.5 within the Teams size limit',
    (_kind, view: View) => {
      const card = renderAdaptiveCard(view);
      expect(adaptiveCardErrors(card)).toEqual([]);
      expect(card.version).toBe('1.5');
      expect(JSON.stringify(card)).not.toContain('${');
      expect(cardBytes(card)).toBeLessThanOrEqual(TEAMS_CARD_MAX_BYTES);
      expect((card.actions ?? []).length).toBeLessThanOrEqual(TEAMS_MAX_CARD_ACTIONS);
    },
  );

  it('rejects a card the schema does not allow (the validation is real)', () => {
    const card = renderAdaptiveCard(viewsOfEveryKind(2).notice);
    const broken = { ...card, body: [{ type: 'TextBlock', text: 'x', colour: 'Good' }] };
    expect(adaptiveCardErrors(broken)).not.toEqual([]);
  });

  it('sends every button as Action.Execute with an equivalent Action.Submit fallback carrying a valid ChatAction', () => {
    for (const view of ordinary) {
      for (const node of nodes(renderAdaptiveCard(view))) {
        if (node.type !== 'Action.Execute') continue;
        expect(node.verb).toBe(ENGAGE_VERB);
        expect(chatActionSchema.safeParse(node.data).success).toBe(true);
        expect(node.fallback).toMatchObject({ type: 'Action.Submit', data: node.data });
        if (node.title !== undefined) expect((node.fallback as { title?: string }).title).toBe(node.title);
      }
    }
  });

  it('shows each student row with name, id, score, trend arrow and change, attendance, contact and case', () => {
    const { row, view } = digestOfOneDecliningStudent();
    const card = renderAdaptiveCard(view);
    const shown = texts(card);
    for (const expected of [row.name, row.studentId, '287', '▼ −143', '61%', '19 d', 'open'])
      expect(shown).toContain(expected);
    const select = [...nodes(card)].find(
      (node) => node.type === 'Action.Execute' && (node.data as { op?: string }).op === 'showStudent',
    );
    expect(select?.data).toEqual({ op: 'showStudent', studentId: row.studentId });
  });

  it('shows the predicted trajectory and top reason under a row when there is one, and nothing when not', () => {
    const { row, view } = digestOfOneDecliningStudent();
    const predicted = {
      ...row,
      trajectory: 'At Risk',
      topReason: 'no coursework submission in the last four weeks',
    };
    const card = renderAdaptiveCard({ ...view, sections: [{ ...view.sections[0]!, rows: [predicted] }] });
    expect(texts(card)).toContain('At Risk · no coursework submission in the last four weeks');
    expect(adaptiveCardErrors(card)).toEqual([]);
    expect(texts(renderAdaptiveCard(view)).some((text) => text.includes('At Risk'))).toBe(false);
  });

  it('shows who is contacting a student under their row, with the row\'s own Release or "I\'ll contact" button', () => {
    const { row, view } = digestOfOneDecliningStudent();
    const claimed = {
      ...row,
      claim: 'Sam Lee is contacting · 09:12',
      buttons: [
        {
          label: 'Release',
          action: { op: 'releaseClaim' as const, studentId: row.studentId, from: 'digest' as const, page: 1 },
        },
      ],
    };
    const card = renderAdaptiveCard({ ...view, sections: [{ ...view.sections[0]!, rows: [claimed] }] });
    expect(adaptiveCardErrors(card)).toEqual([]);
    expect(texts(card)).toContain('Sam Lee is contacting · 09:12');
    const rowButtons = [...nodes(card)].filter((node) => node.type === 'ActionSet');
    expect(rowButtons.flatMap((set) => set.actions as { title: string; data: unknown }[])).toEqual([
      expect.objectContaining({ title: 'Release', data: claimed.buttons[0]!.action }),
    ]);
    const unclaimed = renderAdaptiveCard(view);
    expect(texts(unclaimed).some((text) => text.includes('is contacting'))).toBe(false);
    expect(JSON.stringify(unclaimed)).toContain("I'll contact");
  });

  it("shows the week's feed line above the lists in a valid card, and nothing of it when the feeds are sound", () => {
    const { view } = digestOfOneDecliningStudent();
    const line =
      'Moodle data for this week arrived 3 days late: declines in Moodle this week may be the feed, not the students.';
    const card = renderAdaptiveCard({ ...view, feedNotes: [line] });
    expect(adaptiveCardErrors(card)).toEqual([]);
    expect(texts(card)).toContain(line);
    expect(JSON.stringify(renderAdaptiveCard(view))).not.toContain('arrived');
  });

  it('writes "—" for unknown values rather than "null"', () => {
    const row = studentRow(2, { fourWeekChange: null, trend: null, attendancePct: null });
    const view = viewsOfEveryKind(0)['student-list'];
    const card = renderAdaptiveCard({ ...view, section: { ...view.section, total: 1, rows: [row] } });
    expect(texts(card).filter((text) => text === '—').length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(card)).not.toMatch(/null|undefined|NaN/);
  });

  it('cuts a 2,000-row section to what fits and says how many more there are, keeping the paging button', () => {
    const view = viewsOfEveryKind(2000).digest;
    const card = renderAdaptiveCard(view);
    const declining = view.sections[0];
    const shownRows = [...nodes(card)].filter((node) => node.type === 'TableRow').length;
    expect(shownRows).toBeGreaterThan(0);
    const moreLines = texts(card).filter((text) => /^and \d+ more$/.test(text));
    expect(moreLines.length).toBe(2);
    const hidden = Number(/\d+/.exec(moreLines[0] ?? '')?.[0]);
    expect(hidden).toBeGreaterThan(declining!.total - 100);
    const titles = [...nodes(card)]
      .filter((node) => node.type === 'Action.Execute')
      .map((node) => node.title);
    expect(titles).toContain('Show more');
  });

  it("groups a programme digest by tutor within the size limit: tutor counts, 'and 20 more tutors', tutors on rows", () => {
    for (const rows of [8, 50]) {
      const view = programmeDigest(rows);
      const card = renderAdaptiveCard(view);
      expect(adaptiveCardErrors(card)).toEqual([]);
      expect(cardBytes(card)).toBeLessThanOrEqual(TEAMS_CARD_MAX_BYTES);
      const shown = texts(card);
      expect(shown).toContain('By personal tutor');
      expect(shown).toContain('Dr Tutor-0: 12 need action · 30 listed');
      expect(shown.some((text) => /^and (20|2\d) more tutors$/.test(text))).toBe(true);
      expect(shown).toContain('Tutor: Dr Tutor-0');
      expect(shown).toContain('Not listed: 3 snoozed, 2 claimed and contacted, 1 with a known reason');
      expect(shown.filter((text) => /^and \d+ more$/.test(text))).toHaveLength(view.sections.length);
    }
  });

  it('shows the student card with chart, score and band, explanation table, contacts, notes and confirmation', () => {
    const view = viewsOfEveryKind(2).student;
    const card = renderAdaptiveCard(view);
    const all = [...nodes(card)];
    expect(all.find((node) => node.type === 'Image')).toMatchObject({
      url: view.chart!.url,
      altText: view.chart!.alt,
    });
    expect(all.some((node) => node.type === 'Table')).toBe(true);
    const factValues = all
      .filter((node) => 'title' in node && 'value' in node && !('type' in node))
      .map((fact) => fact.value);
    expect(factValues).toEqual(
      expect.arrayContaining(['287 · band 200–399 (500 = peer average)', '▼ −143', '61%', '19 days ago']),
    );
    expect(texts(card)).toEqual(
      expect.arrayContaining(['Contact logged by Sam Lee, 10:32', view.student.name]),
    );
  });

  it('builds forms whose input ids match the field ids, with the submit action carrying the rest', () => {
    const view = viewsOfEveryKind(0).form;
    const card = renderAdaptiveCard(view);
    const inputs = [...nodes(card)].filter((node) => String(node.type).startsWith('Input.'));
    expect(inputs.map((input) => [input.type, input.id])).toEqual([
      ['Input.ChoiceSet', 'channel'],
      ['Input.Text', 'note'],
      ['Input.Date', 'date'],
    ]);
    expect(inputs[0]).toMatchObject({
      value: 'meeting',
      choices: expect.arrayContaining([{ title: 'Call', value: 'call' }]),
    });
    expect(inputs[1]).toMatchObject({ isMultiline: true, maxLength: 500 });
    expect(inputs[2]).toMatchObject({ value: '2026-10-05' });
    expect(card.actions?.[0]).toMatchObject({ type: 'Action.Execute', data: view.submit.action });
  });

  it('counts the further matches a name search held back in "and N more"', () => {
    const choose = viewsOfEveryKind(3)['choose-student'];
    const shown = texts(renderAdaptiveCard({ ...choose, more: 4 }));
    expect(shown).toContain('and 4 more — type more of the name, or the student id');
    expect(shown).toContain('7 students match “Lee”, best matches first. Choose one:');
  });

  it('keeps unicode names intact and never lets a name be read as a template expression', () => {
    const view = viewsOfEveryKind(0).notice;
    const card = renderAdaptiveCard({ ...view, title: '李小龍 ${title}', text: 'Zoë “quoted” \\ back' });
    expect(texts(card)).toEqual(['李小龍 ${title}', 'Zoë “quoted” \\ back']);
  });
});
