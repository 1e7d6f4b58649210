/** The template data of the risk model scorecard card (cards/model-scorecard.json). */
import type { ModelScorecardView } from '../../src/chat/views/viewModel.ts';
import { truncate } from '../../src/chat/views/viewFormat.ts';
import { TEAMS_MAX_LABEL_CHARS, TEAMS_MAX_TEXT_CHARS } from './limits.ts';

export function modelScorecardData(view: ModelScorecardView): Record<string, unknown> {
  const label = (value: string) => truncate(value, TEAMS_MAX_LABEL_CHARS);
  const text = (value: string) => truncate(value, TEAMS_MAX_TEXT_CHARS);
  return {
    fallbackText: label(`${view.title}: ${view.subtitle}`),
    title: label(view.title),
    subtitle: text(view.subtitle),
    facts: view.facts.map((fact) => ({ title: label(fact.label), value: text(fact.value) })),
    hasChart: view.chart !== null,
    chart: view.chart ?? { url: '', alt: '' },
    notes: view.notes.map((note) => ({ text: text(note) })),
  };
}
