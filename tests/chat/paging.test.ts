// Paging text on both renderers: "and N more" counts what follows this page, not what came before it; a
// band page offers "Next page" once; a later digest page leaves out lists that ended on earlier pages.
import { describe, expect, it } from 'vitest';
import { renderBlocks } from '../../adapters/slack/blocks.ts';
import { renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import { buildBandListView } from '../../src/chat/views/bands.ts';
import { buildDigestView } from '../../src/chat/views/digestView.ts';
import { DIGEST_ROWS_PER_SECTION, LIST_PAGE_SIZE } from '../../src/chat/views/displayLimits.ts';
import type { View } from '../../src/chat/views/viewModel.ts';
import { computeSignals } from '../../src/signals/studentSignals.ts';
import type { SignalEntry } from '../../src/weekly/loadSignals.ts';
import { student } from '../scoring/fixtures.ts';
import { AS_OF, history } from '../signals/fixtures.ts';

function entry(id: string, scores: number[]): SignalEntry {
  const points = history(scores).map((point) => ({ ...point, studentId: id }));
  return {
    student: student(id),
    history: points,
    signals: computeSignals({ scores: points, contacts: [], openCase: false, asOf: AS_OF }),
  };
}

const WEEK = '2026-W44';
const NAMES = { programme: (id: string) => id, staff: (id: string) => id };

/** Every object in a rendered card or block list, depth first. */
function* nodes(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) for (const item of value) yield* nodes(item);
  else if (value !== null && typeof value === 'object') {
    yield value as Record<string, unknown>;
    for (const child of Object.values(value)) yield* nodes(child);
  }
}

/** What a person reads: Teams text blocks and buttons (not their fallbacks), Slack texts. */
function shown(view: View): { teams: string[]; slack: string[] } {
  const teams = [...nodes(renderAdaptiveCard(view))].flatMap((node) =>
    node.type === 'TextBlock'
      ? [String(node.text)]
      : node.type === 'Action.Execute'
        ? [String(node.title)]
        : [],
  );
  const slack = [...nodes(renderBlocks(view).blocks)].flatMap((node) =>
    typeof node.text === 'string' ? [node.text] : [],
  );
  return { teams, slack };
}

describe('paging text', () => {
  it('band page 2 of 29 students says "and 9 more", with one "Next page"', () => {
    const entries = Array.from({ length: 29 }, (_, i) => entry(`S${100 + i}`, [450, 455, 450, 452]));
    const view = buildBandListView({ scopeLabel: 'your tutees', week: WEEK, entries, band: 2, page: 2 });
    expect(view.section.rows).toHaveLength(LIST_PAGE_SIZE);
    const remaining = 29 - 2 * LIST_PAGE_SIZE;
    for (const texts of Object.values(shown(view))) {
      expect(texts.filter((t) => /and \d+ more/.test(t))).toEqual([
        expect.stringContaining(`and ${remaining} more`),
      ]);
      expect(texts.filter((t) => t.includes('Next page'))).toHaveLength(1);
    }
    const last = buildBandListView({ scopeLabel: 'your tutees', week: WEEK, entries, band: 2, page: 3 });
    for (const texts of Object.values(shown(last))) {
      expect(texts.some((t) => /and \d+ more/.test(t))).toBe(false);
      expect(texts.some((t) => t.includes('Next page'))).toBe(false);
    }
  });

  it('digest page 2 leaves out a list whose one student was on page 1, and counts only what follows', () => {
    const falling = Array.from({ length: DIGEST_ROWS_PER_SECTION + 2 }, (_, i) =>
      entry(`S${200 + i}`, [700, 650, 600, 550, 500 - i]),
    );
    const low = entry('S300', [300, 300, 300, 300, 300]);
    const page = (n: number) =>
      buildDigestView({
        groupLabel: 'your tutees',
        week: WEEK,
        asOf: AS_OF,
        entries: [...falling, low],
        snoozedCount: 0,
        page: n,
        chart: null,
        names: NAMES,
      });
    expect(page(1).sections.map((s) => `${s.title} (${s.total})`)).toEqual([
      `Declining (${falling.length})`,
      'Consistently low (1)',
      'Priority contact (1)',
    ]);
    const second = page(2);
    expect(second.sections.map((s) => s.title)).toEqual(['Declining']);
    expect(second.sections[0]!.rows).toHaveLength(2);
    for (const texts of Object.values(shown(second))) {
      expect(texts.some((t) => /and \d+ more/.test(t))).toBe(false);
      expect(texts.some((t) => t.includes('Consistently low'))).toBe(false);
    }
  });
});
