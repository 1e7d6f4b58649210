/**
 * `engage evaluate` as text: per term, the base rate and the score's ROC AUC for the chosen term weeks, then
 * each list's flagged count, precision and recall in those weeks, and its lead time before withdrawals.
 */
import type { StoreEvaluation } from '../../../src/evaluation/evaluateStore.ts';
import type { WeekFigures } from '../../../src/evaluation/evaluateTerm.ts';
import { formatTable } from '../output.ts';

const two = (value: number | null) => (value === null ? '—' : value.toFixed(2));

export function renderEvaluation(evaluation: StoreEvaluation, termWeeks: readonly number[]): string[] {
  const lines: string[] = [];
  if (evaluation.terms.length === 0) {
    return ['No term has recorded outcomes to measure against (import OULAD, or ingest an outcomes feed).'];
  }
  for (const term of evaluation.terms) {
    const weeks = termWeeks
      .map((k) => term.weeks.find((week) => week.termWeek === k))
      .filter((week): week is WeekFigures => week !== undefined);
    lines.push(
      `${term.term}: ${term.students} students with an outcome, ${term.weeks.length} term weeks scored`,
    );
    if (weeks.length === 0) {
      lines.push('  none of the chosen term weeks is scored', '');
      continue;
    }
    const lists = Object.keys(weeks[0]?.lists ?? {});
    lines.push(
      ...formatTable([
        ['term week', ...weeks.map((week) => `${week.termWeek} (${week.week})`)],
        ['registered', ...weeks.map((week) => String(week.registered))],
        ['base rate', ...weeks.map((week) => two(week.baseRate))],
        ['score AUC', ...weeks.map((week) => two(week.scoreAuc))],
        ...lists.map((list) => [
          list,
          ...weeks.map((week) => {
            const figures = week.lists[list];
            return figures ? `${figures.flagged} · ${two(figures.precision)} · ${two(figures.recall)}` : '—';
          }),
        ]),
      ]).map((line) => `  ${line}`),
      '  (each list: flagged · precision · recall among students still registered that week)',
      '  lead time before withdrawing (caught of withdrawals, median weeks ahead):',
      ...formatTable(
        lists.map((list) => {
          const lead = term.leadTime[list];
          return [
            list,
            lead ? `${lead.caught} of ${lead.withdrawals}` : '—',
            lead?.medianWeeks === null || lead === undefined ? '—' : `${lead.medianWeeks} weeks`,
          ];
        }),
      ).map((line) => `    ${line}`),
      '',
    );
  }
  if (evaluation.outcomesLeftOut > 0) {
    lines.push(`${evaluation.outcomesLeftOut} outcomes left out (no term, or an interruption).`);
  }
  return lines;
}
