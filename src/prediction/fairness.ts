/**
 * The risk model's fairness table (issue 17): at one term week, for each grouping the institution has —
 * the student record's programme, faculty, year, cohort, entry band and study mode, and any audit-only
 * attribute (gender, disability, age band, deprivation band, …) — the flag rate, precision and recall of
 * At Risk in each group. A group of fewer than MIN_GROUP_STUDENTS students is not shown ("too few to
 * show"), and when that leaves exactly one group hidden, the next smallest is hidden with it so the small
 * one cannot be worked out from the total. Pure: the caller hands in the rows and each student's groups.
 */

/** Groups smaller than this are not shown (privacy). */
export const MIN_GROUP_STUDENTS = 10;

/** Said with every fairness table. */
export const HOW_TO_READ =
  'Each group is the students still registered at the end of the week. Flag rate: the share flagged At Risk. ' +
  'Precision: of those flagged, the share who went on to withdraw or fail. Recall: of those who withdrew or ' +
  'failed, the share flagged. A gap in recall means the model misses more at-risk students in that group; a ' +
  'gap in precision means more of its flags there are false alarms; a gap in flag rate alone may just follow ' +
  'a difference in outcomes. Groups of fewer than 10 students are not shown.';

/** One student at one week: whether the outcome was bad and whether the model flagged them. */
export interface FairnessRow {
  studentId: string;
  bad: boolean;
  flagged: boolean;
}

export interface Grouping {
  name: string;
  /** `record`: from the student record; `audit`: an audit-only attribute. */
  kind: 'record' | 'audit';
  /** The student's group, or null when it is not recorded. */
  groupOf(studentId: string): string | null;
}

export interface GroupFigures {
  group: string;
  /** False: too few to show (or hidden so a too-small group cannot be worked out); no figures then. */
  shown: boolean;
  students: number | null;
  flagged: number | null;
  flagRate: number | null;
  /** Null when nobody in the group was flagged. */
  precision: number | null;
  /** Null when nobody in the group had a bad outcome. */
  recall: number | null;
}

export interface GroupingTable {
  name: string;
  kind: Grouping['kind'];
  groups: GroupFigures[];
}

export interface FairnessTable {
  termWeek: number;
  overall: GroupFigures;
  groupings: GroupingTable[];
  /** Groupings in which every student is in one group: nothing to compare. */
  oneGroupOnly: string[];
  howToRead: string;
}

export const NOT_RECORDED = 'not recorded';

function figures(group: string, rows: readonly FairnessRow[]): GroupFigures {
  let flagged = 0;
  let bad = 0;
  let caught = 0;
  for (const row of rows) {
    if (row.flagged) flagged++;
    if (row.bad) bad++;
    if (row.flagged && row.bad) caught++;
  }
  return {
    group,
    shown: true,
    students: rows.length,
    flagged,
    flagRate: rows.length === 0 ? null : flagged / rows.length,
    precision: flagged === 0 ? null : caught / flagged,
    recall: bad === 0 ? null : caught / bad,
  };
}

const hidden = (group: string): GroupFigures => ({
  group,
  shown: false,
  students: null,
  flagged: null,
  flagRate: null,
  precision: null,
  recall: null,
});

/** One grouping's groups, in natural order ("not recorded" last), small ones hidden. */
function groupingTable(grouping: Grouping, rows: readonly FairnessRow[]): GroupingTable {
  const byGroup = new Map<string, FairnessRow[]>();
  for (const row of rows) {
    const group = grouping.groupOf(row.studentId) ?? NOT_RECORDED;
    const members = byGroup.get(group) ?? [];
    members.push(row);
    byGroup.set(group, members);
  }
  const names = [...byGroup.keys()].sort((a, b) =>
    a === NOT_RECORDED ? 1 : b === NOT_RECORDED ? -1 : a.localeCompare(b, 'en', { numeric: true }),
  );
  const small = new Set(
    names.filter((name) => (byGroup.get(name) as FairnessRow[]).length < MIN_GROUP_STUDENTS),
  );
  if (small.size === 1 && names.length > 1) {
    // One hidden group could be worked out from the total and the rest: hide the next smallest too.
    const next = names
      .filter((name) => !small.has(name))
      .sort((a, b) => (byGroup.get(a) as FairnessRow[]).length - (byGroup.get(b) as FairnessRow[]).length)[0];
    if (next !== undefined) small.add(next);
  }
  return {
    name: grouping.name,
    kind: grouping.kind,
    groups: names.map((name) =>
      small.has(name) ? hidden(name) : figures(name, byGroup.get(name) as FairnessRow[]),
    ),
  };
}

export function fairnessTable(
  termWeek: number,
  rows: readonly FairnessRow[],
  groupings: readonly Grouping[],
): FairnessTable {
  const tables = groupings.map((grouping) => groupingTable(grouping, rows));
  return {
    termWeek,
    overall: rows.length < MIN_GROUP_STUDENTS ? hidden('everyone') : figures('everyone', rows),
    groupings: tables.filter((table) => table.groups.length > 1),
    oneGroupOnly: tables.filter((table) => table.groups.length <= 1).map((table) => table.name),
    howToRead: HOW_TO_READ,
  };
}
