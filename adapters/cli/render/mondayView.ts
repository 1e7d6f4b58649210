/** The Monday view as text: the band distribution bar chart, the three lists, the counts, shared causes. */
import { formatCount } from '../../../src/chat/views/viewFormat.ts';
import { LIST_KINDS } from '../../../src/signals/lists.ts';
import { LIST_TITLES, type MondayView } from '../../../src/weekly/mondayView.ts';
import { formatTable } from '../output.ts';
import { studentTable } from './studentRows.ts';
import { bar } from './text.ts';

export function renderMondayView(view: MondayView): string[] {
  const lines: string[] = [];
  lines.push(`Monday view for ${view.week} (as of ${view.asOf.slice(0, 10)})`);
  lines.push(
    `${formatCount(view.scored)} students scored of ${formatCount(view.students)}; ` +
      `${formatCount(view.students - view.scored)} not scored (suspended, placement, abroad, distance learning or no data).`,
  );
  lines.push('');
  lines.push('Distribution by band (500 = peer average)');
  const bands = [...view.distribution.bands].reverse();
  lines.push(
    ...formatTable(
      bands.map((band) => [
        `  ${band.range[0]}–${band.range[1]}`,
        formatCount(band.count),
        `${(band.share * 100).toFixed(1)}%`,
        bar(band.share, 40),
      ]),
    ),
  );
  if (view.sharedCauses.length > 0) {
    lines.push('');
    lines.push(
      `Shared cause this week: ${view.sharedCauses.length} peer group(s) whose activity fell together ` +
        '(not individual disengagement; nobody is reported as declining because of it):',
    );
    for (const cause of view.sharedCauses.slice(0, 5)) {
      lines.push(`  ${cause.peerGroup}: activity ${Math.round(cause.drop * 100)}% below its recent level`);
    }
    if (view.sharedCauses.length > 5) lines.push(`  and ${view.sharedCauses.length - 5} more`);
  }
  for (const section of view.sections) {
    lines.push('');
    const shown = section.rows.length < section.total ? ` — top ${section.rows.length}` : '';
    lines.push(`${section.title} (${section.rule}): ${formatCount(section.total)} students${shown}`);
    if (section.rows.length > 0) lines.push(...studentTable(section.rows).map((line) => `  ${line}`));
  }
  lines.push('');
  lines.push('Counts');
  lines.push(
    ...formatTable(
      LIST_KINDS.map((kind) => [`  ${LIST_TITLES[kind].title}`, formatCount(view.counts[kind])]),
    ),
  );
  return lines;
}
