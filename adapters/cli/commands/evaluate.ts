/**
 * `engage evaluate`: the evidence harness. Measures every list and the score against recorded outcomes
 * (withdrawn or failed), term week by term week, with only what was known at the end of each week.
 */
import { evaluateStore } from '../../../src/evaluation/evaluateStore.ts';
import { EXIT, stringOption, UsageError, type Command } from '../command.ts';
import { renderEvaluation } from '../render/evaluation.ts';
import { withRepositories } from '../session.ts';

const DEFAULT_WEEKS = [4, 6, 8, 10, 12];

export const evaluateCommand: Command = {
  usage: 'engage evaluate [--term <label>] [--weeks <k,k,...>] [--json]',
  options: { term: { type: 'string' }, weeks: { type: 'string' } },
  optionHelp: [
    '--term <label>     only this term, e.g. "OULAD 2014J" (default: every term with outcomes)',
    '--weeks <k,...>    term weeks shown as text (default: 4,6,8,10,12; --json gives every week)',
  ],
  examples: ['engage evaluate', 'engage evaluate --term "OULAD 2014J" --weeks 2,4,6,8 --json'],
  async run(context) {
    const raw = stringOption(context, 'weeks');
    const weeks = raw === undefined ? DEFAULT_WEEKS : raw.split(',').map((part) => Number(part.trim()));
    if (weeks.some((k) => !Number.isInteger(k) || k < 1 || k > 60)) {
      throw new UsageError(`--weeks takes term weeks from 1 to 60, comma-separated (got "${raw}")`);
    }
    const term = stringOption(context, 'term');
    const evaluation = await withRepositories(context.env, (repos) =>
      evaluateStore(repos, term === undefined ? {} : { terms: [term] }),
    );
    if (term !== undefined && evaluation.terms.length === 0) {
      throw new UsageError(`no outcomes are recorded for term "${term}"`);
    }
    if (context.json) context.out.json(evaluation);
    else for (const line of renderEvaluation(evaluation, weeks)) context.out.line(line);
    return EXIT.ok;
  },
};
