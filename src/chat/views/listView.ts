/** One whole student list (declining, consistently low, priority contact, recovering) as a paged view. */
import type { IsoWeek } from '../../domain/isoWeek.ts';
import { buildList } from '../../signals/lists.ts';
import type { SignalEntry } from '../../weekly/loadSignals.ts';
import { LIST_PAGE_SIZE } from './displayLimits.ts';
import { listTitle, pageCount, sectionPage, type ChatListKind } from './rows.ts';
import type { Button, StudentListView } from './viewModel.ts';

export function buildListView(options: {
  scopeLabel: string;
  week: IsoWeek;
  entries: readonly SignalEntry[];
  list: ChatListKind;
  page: number;
}): StudentListView {
  const { list } = options;
  const members = buildList(options.entries, list);
  const pages = pageCount(members.length, LIST_PAGE_SIZE);
  const page = Math.min(options.page, pages);
  const { title, rule } = listTitle(list);
  const section = sectionPage({
    key: list,
    title,
    rule,
    entries: members,
    page,
    pageSize: LIST_PAGE_SIZE,
  });
  const buttons: Button[] = [];
  if (page > 1) buttons.push({ label: 'Previous page', action: { op: 'showList', list, page: page - 1 } });
  if (page < pages) buttons.push({ label: 'Next page', action: { op: 'showList', list, page: page + 1 } });
  buttons.push({ label: 'Digest', action: { op: 'showDigest' } });
  return {
    kind: 'student-list',
    title: `${title} — ${options.scopeLabel}`,
    week: options.week,
    section,
    page,
    pageCount: pages,
    buttons,
  };
}
