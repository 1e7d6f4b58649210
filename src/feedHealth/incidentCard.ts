/**
 * The admins' feed-health card of one incident: what happened, whose scores it touches (how many
 * students, in which programmes — counts only, never a name), what to do, and the buttons: Approve and
 * Discard for a held delivery, "Contact <owner>" for a source's technical owner. Also how the touched
 * students are counted from the latest scored week: every student scored while the source was in force
 * (a source feeds every such score), or every member of the peer group with the shared cause.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import type { Programme, Student } from '../domain/model.ts';
import type { Repositories } from '../repositories/index.ts';
import type { Button, NoticeView } from '../chat/views/viewModel.ts';
import type { FeedIncident } from './incidents.ts';

/** Programmes named on a card before "and N more programmes". */
const PROGRAMMES_SHOWN = 5;

export interface TouchedStudents {
  students: number;
  /** Programme name → students, largest first. */
  programmes: { name: string; students: number }[];
}

const TITLES: Record<FeedIncident['kind'], string> = {
  stale: 'is stale',
  'low-quality': 'data quality below 80%',
  held: 'delivery held for approval',
  'shared-cause': 'shared cause',
};

const ADVICE: Record<FeedIncident['kind'], string> = {
  stale:
    "Ask the source's owner why deliveries stopped; scores keep running without it (its weeks show as a data gap).",
  'low-quality':
    "Ask the source's owner to check the extract (missing students, rejected rows, late files); `engage quarantine` lists the rows it could not count.",
  held: 'Approve the delivery if its size is right (e.g. a new cohort), or discard it (a truncated or wrong extract).',
  'shared-cause':
    'If a feed broke for this group, fix it and re-score the week; if the week was unusual (exams, a cancelled event), nothing needs doing.',
};

/** `peerGroup` names a peer group in words ("BSc Computer Science, year 2"). */
export function incidentCard(
  incident: FeedIncident,
  touched: TouchedStudents,
  peerGroup: (key: string) => string,
): NoticeView {
  const subject =
    incident.kind === 'shared-cause' ? peerGroup(incident.cause.peerGroup) : incident.source.name;
  const buttons: Button[] = [];
  if (incident.kind === 'held') {
    const ids = { sourceId: incident.source.id, deliveryId: incident.delivery.id };
    buttons.push(
      { label: 'Approve', action: { op: 'approveHeldDelivery', ...ids }, style: 'primary' },
      { label: 'Discard', action: { op: 'discardHeldDelivery', ...ids }, style: 'danger' },
    );
  }
  if (incident.kind !== 'shared-cause') {
    const owner = incident.source.owner;
    buttons.push({
      label: owner ? `Contact ${owner.name}` : 'Contact the owner',
      action: { op: 'contactSourceOwner', sourceId: incident.source.id },
    });
  }
  return {
    kind: 'notice',
    tone: 'warning',
    title: `Feed health: ${subject} — ${TITLES[incident.kind]}`,
    text: [incident.what, touchedLine(touched), `What to do: ${ADVICE[incident.kind]}`].join('\n\n'),
    buttons,
  };
}

function touchedLine(touched: TouchedStudents): string {
  if (touched.students === 0) return 'It touches no scored student yet.';
  const shown = touched.programmes
    .slice(0, PROGRAMMES_SHOWN)
    .map((programme) => `${programme.name} (${programme.students})`);
  const more = touched.programmes.length - shown.length;
  if (more > 0) shown.push(`and ${more} more programme${more === 1 ? '' : 's'}`);
  const students = `${touched.students} student${touched.students === 1 ? '' : 's'}`;
  return `It touches the scores of ${students}: ${shown.join(', ')}.`;
}

/** Whose scores in `week` the incident touches, counted by programme. */
export async function touchedStudents(
  repos: Repositories,
  week: IsoWeek | undefined,
  incident: FeedIncident,
): Promise<TouchedStudents> {
  if (week === undefined) return { students: 0, programmes: [] };
  const [scores, students, programmes] = await Promise.all([
    repos.scores.scoresForWeek(week),
    repos.institution.listStudents(),
    repos.institution.listProgrammes(),
  ]);
  const touches =
    incident.kind === 'shared-cause'
      ? (score: (typeof scores)[number]) => score.peerGroup === incident.cause.peerGroup
      : (score: (typeof scores)[number]) => score.breakdown.sourceIds.includes(incident.source.id);
  const ids = new Set(scores.filter(touches).map((score) => score.studentId));
  return countByProgramme(
    students.filter((student) => ids.has(student.id)),
    programmes,
  );
}

function countByProgramme(students: readonly Student[], programmes: readonly Programme[]): TouchedStudents {
  const names = new Map(programmes.map((programme) => [programme.id, programme.name]));
  const counts = new Map<string, number>();
  for (const student of students) {
    const name = names.get(student.programmeId) ?? student.programmeId;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return {
    students: students.length,
    programmes: [...counts]
      .map(([name, count]) => ({ name, students: count }))
      .sort((a, b) => b.students - a.students || a.name.localeCompare(b.name)),
  };
}
