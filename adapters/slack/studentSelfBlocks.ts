/**
 * A student's own view as Slack blocks: the trend in words (and the score when shown), the chart, the kinds
 * of data used and the assurances, who to contact, and each context note with its Withdraw button.
 */
import type { StudentSelfView } from '../../src/chat/views/viewModel.ts';
import { noteDates } from '../../src/students/selfView.ts';
import {
  actions,
  button,
  context,
  divider,
  escapeMrkdwn,
  header,
  image,
  section,
  type ActionIds,
} from './blockParts.ts';
import type { Block } from './blocks.ts';

export function studentSelfBlocks(view: StudentSelfView, rowCap: number, ids: ActionIds): Block[] {
  const notes = view.notes.slice(0, Math.max(0, rowCap));
  return [
    header(view.title),
    ...(view.confirmation ? [context([`:white_check_mark: ${escapeMrkdwn(view.confirmation)}`])] : []),
    section(view.trend.map(escapeMrkdwn).join('\n')),
    ...image(view.chart),
    section(
      `*What this is worked out from*\n${view.dataKinds.map((kind) => `• ${escapeMrkdwn(kind)}`).join('\n')}`,
    ),
    context(view.assurances.map(escapeMrkdwn)),
    section(`*Who to contact*\n${escapeMrkdwn(view.contact)}`),
    divider(),
    section(
      view.notes.length === 0
        ? '*Your context notes*\nNone. A note tells your tutor something about a week, for example "family bereavement this week".'
        : '*Your context notes*',
    ),
    ...notes.map((note) =>
      section(
        `${escapeMrkdwn(note.text)}\n_${noteDates(note)}_ · \`${escapeMrkdwn(note.id)}\``,
        button(ids, note.withdraw) ?? undefined,
      ),
    ),
    ...(view.notes.length > notes.length ? [context([`and ${view.notes.length - notes.length} more`])] : []),
    ...actions(ids, view.buttons),
  ];
}
