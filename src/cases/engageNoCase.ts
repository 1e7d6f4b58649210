/**
 * The "Engage + No Case" list (docs/signals.md, docs/rules.md): students whose score dropped significantly (declining: more
 * than 100 points over four weeks) and who have no open or monitoring support case — the ones a
 * caseworker should look at first. Built from the same signals as the Monday lists
 * (src/signals/lists.ts `engage-no-case`), biggest drop first.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { StudentFilter } from '../repositories/institution.ts';
import type { Repositories } from '../repositories/index.ts';
import { buildList, type ListFilter } from '../signals/lists.ts';
import { toStudentRow, type StudentRow } from '../weekly/mondayView.ts';
import { loadSignals, reportWeek } from '../weekly/loadSignals.ts';

export interface EngageNoCaseList {
  week: IsoWeek;
  total: number;
  rows: StudentRow[];
}

export async function engageNoCaseList(
  repos: Repositories,
  options: { now: Date; week?: IsoWeek; students?: StudentFilter; filter?: ListFilter },
): Promise<EngageNoCaseList> {
  const week = await reportWeek(repos, options.week);
  const snapshot = await loadSignals(repos, {
    week,
    now: options.now,
    ...(options.students ? { filter: options.students } : {}),
  });
  const rows = buildList(snapshot.entries, 'engage-no-case', options.filter).map(toStudentRow);
  return { week, total: rows.length, rows };
}
