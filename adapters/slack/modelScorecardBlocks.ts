/** The risk model scorecard (the `model` command) as Slack blocks: headline figures, calibration chart, notes. */
import type { ModelScorecardView } from '../../src/chat/views/viewModel.ts';
import { context, escapeMrkdwn, fieldSections, header, image, section } from './blockParts.ts';
import type { Block } from './blocks.ts';

export function modelScorecardBlocks(view: ModelScorecardView): Block[] {
  return [
    header(view.title),
    view.facts.length > 1 ? context([escapeMrkdwn(view.subtitle)]) : section(escapeMrkdwn(view.subtitle)),
    ...fieldSections(view.facts.map((fact) => ({ title: fact.label, value: fact.value }))),
    ...image(view.chart),
    ...(view.notes.length > 0 ? [context(view.notes.map(escapeMrkdwn))] : []),
  ];
}
