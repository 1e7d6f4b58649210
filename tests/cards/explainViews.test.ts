// What a tutor sees is explained on both renderers: what a score of 500 means, "Why this score" in plain
// words, a case by when it was opened (never its internal id), and a governance summary whose labels sit
// under their figures rather than in a narrow column beside them.
import { describe, expect, it } from 'vitest';
import { renderBlocks } from '../../adapters/slack/blocks.ts';
import { renderAdaptiveCard } from '../../adapters/teams/cards.ts';
import type { View } from '../../src/chat/views/viewModel.ts';
import { adaptiveCardErrors } from './adaptiveSchema.ts';
import { viewsOfEveryKind } from './sampleViews.ts';

const views = viewsOfEveryKind(4);

/** Every text a person reads on the Teams card and in the Slack blocks, as one string each. */
function rendered(view: View): { teams: string; slack: string } {
  return {
    teams: JSON.stringify(renderAdaptiveCard(view)),
    slack: JSON.stringify(renderBlocks(view).blocks),
  };
}

describe('explaining what a tutor sees', () => {
  it.each(['digest', 'student', 'student-list', 'bands'] as const)(
    'the %s card says 500 = peer average',
    (kind) => {
      for (const text of Object.values(rendered(views[kind]))) expect(text).toContain('500 = peer average');
    },
  );

  it('"Why this score" says in words how each source compares with peers and moves the score', () => {
    const student = views.student;
    const card = renderAdaptiveCard(student);
    expect(adaptiveCardErrors(card)).toEqual([]);
    for (const text of Object.values(rendered(student))) {
      expect(text).toMatch(/well below peers|below peers|about the same as peers|above peers/);
      expect(text).toMatch(/raises it|lowers it|little effect/);
      expect(text).toContain('40% of the score');
      expect(text).not.toMatch(/"Normal"|"Effect"|normal [−+]|effect [−+]/);
    }
  });

  it('the case card names the case by its student and opening day, not its internal id', () => {
    const supportCase = { ...views.case, caseId: '00ed9ae2-5b1c-4e7a-9f0e-1c2d3e4f5a6b' };
    for (const text of Object.values(rendered(supportCase))) {
      expect(text).not.toContain('00ed9ae2');
      expect(text).toContain('case opened 2026-09-28 by Sam Lee');
    }
  });

  it('the governance summary puts each label under its figure, with counts formatted', () => {
    const governance = {
      ...views.governance,
      summary: { ...views.governance.summary, scored: 1895 },
    };
    const card = renderAdaptiveCard(governance);
    expect(adaptiveCardErrors(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).not.toContain('"FactSet"');
    expect(text).toContain('"text":"Declining over six weeks","wrap":true');
    for (const shown of Object.values(rendered(governance))) expect(shown).toContain('1,895 scored');
  });
});
