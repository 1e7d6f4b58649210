// The evidence harness on real data: OULAD module AAA imported and scored as `engage import oulad` does,
// then measured by `engage evaluate --json` against the recorded outcomes. These are the list properties
// the product promises (docs/evidence.md), checked in every term week from 4 to 12 of both presentations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../adapters/cli/main.ts';
import type { StoreEvaluation } from '../../src/evaluation/evaluateStore.ts';
import type { WeekFigures } from '../../src/evaluation/evaluateTerm.ts';
import { captureOutput } from '../helpers/captureOutput.ts';

const OULAD_AAA = join(fileURLToPath(new URL('../..', import.meta.url)), '..', 'shared', 'data', 'oulad-aaa');

describe('the lists and the score measured against outcomes on OULAD AAA', () => {
  let dataDir: string;
  let evaluation: StoreEvaluation;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'engage-evidence-'));
    expect(
      await runCli(['import', 'oulad', OULAD_AAA, '--data-dir', dataDir, '--json'], captureOutput(), {}),
    ).toBe(0);
    const out = captureOutput();
    expect(await runCli(['evaluate', '--data-dir', dataDir, '--json'], out, {})).toBe(0);
    evaluation = out.parsedJson() as StoreEvaluation;
  }, 120_000);
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  const weeks4to12 = (term: StoreEvaluation['terms'][number]): WeekFigures[] =>
    term.weeks.filter((week) => week.termWeek >= 4 && week.termWeek <= 12);

  it('measures both presentations, with a base rate of a bad outcome near a quarter', () => {
    expect(evaluation.terms.map((term) => term.term)).toEqual(['OULAD 2013J', 'OULAD 2014J']);
    for (const term of evaluation.terms) {
      for (const week of weeks4to12(term)) expect(week.baseRate).toBeGreaterThan(0.2);
    }
  });

  it('Consistently low, Attention and Priority contact flag students every week, at twice the base rate or more', () => {
    for (const term of evaluation.terms) {
      for (const week of weeks4to12(term)) {
        for (const list of ['consistently-low', 'attention', 'priority-contact']) {
          const figures = week.lists[list];
          expect(figures?.flagged, `${term.term} week ${week.termWeek} ${list}`).toBeGreaterThan(0);
          expect(figures?.precision as number).toBeGreaterThanOrEqual(2 * (week.baseRate as number));
        }
      }
    }
  });

  it('Declining ranks at 1.5 times the base rate or more whenever it flags anyone', () => {
    for (const term of evaluation.terms) {
      for (const week of weeks4to12(term)) {
        const figures = week.lists.declining;
        if (figures?.precision === null || figures === undefined) continue;
        expect(figures.precision, `${term.term} week ${week.termWeek}`).toBeGreaterThanOrEqual(
          1.5 * (week.baseRate as number),
        );
      }
    }
  });

  it('Recovering is rare: at most a tenth of the scored students in any week', () => {
    for (const term of evaluation.terms) {
      for (const week of term.weeks) {
        expect(week.lists.recovering?.flagged as number).toBeLessThanOrEqual(0.1 * week.scored);
      }
    }
  });

  it('the score ranks students who later withdraw or fail lower than those who pass, every week', () => {
    for (const term of evaluation.terms) {
      for (const week of weeks4to12(term)) expect(week.scoreAuc as number).toBeGreaterThan(0.6);
    }
  });
});
