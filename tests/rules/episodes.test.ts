import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWeeks } from '../../src/domain/isoWeek.ts';
import { DEFAULT_RULE } from '../../src/rules/defaults.ts';
import { evaluateRule } from '../../src/rules/evaluate.ts';
import { NO_EPISODE, stepEpisode } from '../../src/rules/episodes.ts';
import type { EpisodeState } from '../../src/rules/episodes.ts';
import { context, history, rule, student } from './fixtures.ts';

const FIRST = '2026-W40';

/** Steps an episode through consecutive weeks; returns the weeks (indexes) that fired. */
function run(holdsByWeek: readonly boolean[], state: EpisodeState | null = null): number[] {
  const fired: number[] = [];
  holdsByWeek.forEach((holds, i) => {
    const step = stepEpisode(state, addWeeks(FIRST, i), holds);
    if (step.fire) fired.push(i);
    state = step.next;
  });
  return fired;
}

describe('episodes', () => {
  it('fires once across a run of holding weeks, again only after it stops and starts again', () => {
    expect(run([false, true, true, true, false, false, true, true])).toEqual([1, 6]);
  });

  it('records when the episode started and the last week evaluated', () => {
    const first = stepEpisode(NO_EPISODE, '2026-W41', true);
    const second = stepEpisode(first.next, '2026-W42', true);
    expect(second).toEqual({ fire: false, next: { active: true, since: '2026-W41', lastWeek: '2026-W42' } });
    expect(stepEpisode(second.next, '2026-W43', false).next).toEqual({
      active: false,
      since: null,
      lastWeek: '2026-W43',
    });
  });

  it('re-running the same week fires nothing new and leaves the state as it was', () => {
    const first = stepEpisode(null, '2026-W41', true);
    expect(first.fire).toBe(true);
    expect(stepEpisode(first.next, '2026-W41', true)).toEqual({ fire: false, next: first.next });
    // Re-running a week whose condition ended the episode does not restart it either.
    const ended = stepEpisode(first.next, '2026-W42', false).next;
    expect(stepEpisode(ended, '2026-W42', true)).toEqual({ fire: false, next: ended });
    expect(stepEpisode(ended, '2026-W41', true)).toEqual({ fire: false, next: ended });
  });

  it('the default rule fires once per episode over a score history', () => {
    const scores = [400, 290, 280, 270, 350, 290, 250, 240];
    let state: EpisodeState | null = null;
    const fired: string[] = [];
    for (let end = 1; end <= scores.length; end++) {
      const points = history(scores.slice(0, end));
      const week = points[points.length - 1]!.week;
      const { holds } = evaluateRule(DEFAULT_RULE, student(), points, context());
      const step = stepEpisode(state, week, holds);
      if (step.fire) fired.push(week);
      state = step.next;
      // The weekly cycle run twice: the second run fires nothing.
      expect(stepEpisode(state, week, holds).fire).toBe(false);
    }
    expect(fired).toEqual([addWeeks(FIRST, 2), addWeeks(FIRST, 6)]);
  });

  it('a shared-cause week never fires a drop rule', () => {
    const drop = rule({ trigger: { kind: 'dropInWeek', points: 100 } });
    let state: EpisodeState | null = null;
    const scores = [600, 600, 200, 610, 300];
    const fired: number[] = [];
    for (let end = 1; end <= scores.length; end++) {
      const points = history(scores.slice(0, end), { 2: { sharedCause: true }, 4: { sharedCause: true } });
      const { holds } = evaluateRule(drop, student(), points, context());
      const step = stepEpisode(state, points[end - 1]!.week, holds);
      if (step.fire) fired.push(end - 1);
      state = step.next;
    }
    expect(fired).toEqual([]);
  });

  it('property: the number of fires equals the number of maximal runs of holding weeks', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 60 }), fc.boolean(), (weeks, rerun) => {
        let state: EpisodeState | null = null;
        let fires = 0;
        weeks.forEach((holds, i) => {
          const week = addWeeks(FIRST, i);
          const step = stepEpisode(state, week, holds);
          if (step.fire) fires += 1;
          state = step.next;
          if (rerun && stepEpisode(state, week, holds).fire) fires += 1;
        });
        const runs = weeks.filter((holds, i) => holds && !weeks[i - 1]).length;
        expect(fires).toBe(runs);
      }),
    );
  });
});
