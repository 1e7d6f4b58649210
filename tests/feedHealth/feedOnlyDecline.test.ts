// "A decline that comes only from the feed", on worked values: Moodle's normal score collapsed this week
// (a broken feed) for one student whose decline it alone explains, and for one whose attendance fell too;
// a Moodle that did not deliver at all (missing this week, its share spread over the others); no
// previous week, and a student who is not declining.
import { describe, expect, it } from 'vitest';
import {
  compositeWithPreviousLevels,
  declineOnlyFromFeed,
  scoreOfComposite,
  type FeedOnlyInput,
} from '../../src/feedHealth/feedOnlyDecline.ts';

const SOURCES = ['attendance', 'moodle', 'library'];
const previous = { sourceIds: SOURCES, weights: [0.5, 0.3, 0.2], normalScores: [0.2, 0.5, 0] };
const group = { compositeMean: 0, compositeSd: 0.5 };

function input(normalScores: (number | null)[], weights: number[], fourWeekChange: number): FeedOnlyInput {
  const breakdown = { sourceIds: SOURCES, weights, normalScores };
  const composite = weights.reduce((sum, weight, i) => sum + weight * (normalScores[i] ?? 0), 0);
  return {
    score: scoreOfComposite(composite, { group, scale: 100 }),
    composite,
    fourWeekChange,
    breakdown,
    previous,
    group,
    scale: 100,
    declineDrop: 100,
    affected: ['moodle'],
  };
}

describe('declineOnlyFromFeed', () => {
  it('Moodle alone fell: put back at last week’s level the student is not declining', () => {
    // composite 0.5·0.2 + 0.3·(−2) + 0 = −0.5 → score 400; four weeks ago 550, so −150.
    const only = input([0.2, -2, 0], [0.5, 0.3, 0.2], -150);
    expect(only.score).toBe(400);
    // Others alone: (−0.5 + 0.6) / 0.7; Moodle back at 0.5 with share 0.3: 0.1 + 0.15 = 0.25 → 550.
    expect(compositeWithPreviousLevels(only.composite, only.breakdown, previous, ['moodle'])).toBeCloseTo(
      0.25,
      10,
    );
    expect(declineOnlyFromFeed(only)).toBe(true);
  });

  it('attendance fell too: with Moodle put back the student is still 120 points down, so still listed', () => {
    // composite 0.5·(−1) − 0.6 = −1.1 → 280; four weeks ago 550, so −270; with Moodle back: −0.35 → 430, −120.
    const both = input([-1, -2, 0], [0.5, 0.3, 0.2], -270);
    expect(both.score).toBe(280);
    expect(
      scoreOfComposite(
        compositeWithPreviousLevels(both.composite, both.breakdown, previous, ['moodle']),
        both,
      ),
    ).toBe(430);
    expect(declineOnlyFromFeed(both)).toBe(false);
  });

  it('Moodle missing this week: its share last week is mixed back in at its old normal score', () => {
    // The others carry the whole composite: 0.625·(−0.4) + 0.375·(−0.2) = −0.325 → 435, four weeks ago 540: −105.
    const missing = input([-0.4, null, -0.2], [0.625, 0, 0.375], -105);
    expect(missing.score).toBe(435);
    // 0.7 · −0.325 + 0.3 · 0.5 = −0.0775 → 485: −55.
    expect(
      compositeWithPreviousLevels(missing.composite, missing.breakdown, previous, ['moodle']),
    ).toBeCloseTo(-0.0775, 10);
    expect(declineOnlyFromFeed(missing)).toBe(true);
    expect(declineOnlyFromFeed({ ...missing, affected: ['library'] })).toBe(false);
  });

  it('puts nothing down to the feed without a previous week, or for a student who is not declining', () => {
    expect(declineOnlyFromFeed({ ...input([0.2, -2, 0], [0.5, 0.3, 0.2], -150), previous: null })).toBe(
      false,
    );
    expect(declineOnlyFromFeed(input([0.2, -2, 0], [0.5, 0.3, 0.2], -100))).toBe(false);
  });
});
