/**
 * One student, looked up by id or name: the score trend for the year, the latest week's signals and the
 * per-source explanation ("why is this student flagged?"), the open case and recent contacts. Showing a
 * named student is always audited (who, which student, when, where) before the view is returned.
 */
import type { IsoWeek } from '../domain/isoWeek.ts';
import { EXCLUDED_STATUSES, type Student } from '../domain/model.ts';
import { opensDirectly, rankByName } from '../domain/nameSearch.ts';
import type { Repositories } from '../repositories/index.ts';
import type { Contact } from '../repositories/contacts.ts';
import type { SupportCase } from '../repositories/cases.ts';
import type { ScoreHistoryPoint } from '../repositories/scores.ts';
import { explainScore, type ScoreExplanation } from '../scoring/explain.ts';
import { computeSignals, type StudentSignals } from '../signals/studentSignals.ts';
import { viewDate } from './loadSignals.ts';
import { studentPrediction } from '../prediction/shownPredictions.ts';
import type { ModelTarget } from '../prediction/targets.ts';

export interface TrendPoint {
  week: IsoWeek;
  score: number;
  attendancePct: number | null;
  sharedCause: boolean;
}

export interface StudentView {
  student: Student;
  /** Set when the student's status keeps them out of scoring and alerts. */
  notScoredBecause: string | null;
  week: IsoWeek | null;
  signals: StudentSignals;
  trend: TrendPoint[];
  explanation: (ScoreExplanation & { sourceNames: Record<string, string> }) | null;
  activeCase: SupportCase | null;
  contacts: Contact[];
  /** The AI layer's prediction for the latest scored week: trajectory, calibrated risk, reasons in words. */
  prediction: StudentPrediction | null;
}

export interface StudentPrediction {
  trajectory: string;
  probability: number;
  reasons: string[];
  modelVersion: string;
  /** What the probability is of (docs/prediction.md, "Targets"). */
  target: ModelTarget;
}

/** The shown prediction of a student for a week, as the views carry it (null when off or none). */
export async function predictionOf(
  repos: Repositories,
  studentId: string,
  week: IsoWeek | undefined,
): Promise<StudentPrediction | null> {
  if (week === undefined) return null;
  const stored = await studentPrediction(repos, studentId, week);
  return stored === null
    ? null
    : {
        trajectory: stored.trajectory,
        probability: stored.probability,
        reasons: stored.reasons.map((reason) => reason.sentence),
        modelVersion: stored.modelVersion,
        target: stored.target ?? 'outcome',
      };
}

export type StudentLookup =
  | { kind: 'found'; view: StudentView }
  | {
      kind: 'ambiguous';
      /** How many students match in all. */
      total: number;
      /** The best matches, best first (domain/nameSearch.ts), at most `maxCandidates`. */
      candidates: Pick<Student, 'id' | 'name' | 'programmeId' | 'yearOfStudy'>[];
    }
  | { kind: 'not-found' };

export interface Viewer {
  /** Staff id, or "cli:<os user>". */
  actor: string;
  /** "cli", "teams:<conversation>", "slack:<channel>". */
  where: string;
}

/** Candidates a lookup offers when a name matches several students. */
export const LOOKUP_CANDIDATES = 10;

/**
 * A student by id, or by name: the one match opens (audited) unless the query is a single letter; several
 * give the best `maxCandidates` of them, ranked exact, prefix, then contains, and how many match in all.
 */
export async function lookupStudent(
  repos: Repositories,
  query: string,
  viewer: Viewer,
  options: { now: Date; maxCandidates?: number },
): Promise<StudentLookup> {
  const matches = await repos.institution.findStudentsByIdOrName(query);
  if (matches.length === 0) return { kind: 'not-found' };
  const byId = matches.length === 1 && matches[0]?.id === query.trim();
  const ranked = byId ? matches : rankByName(matches, query);
  if (!byId && !opensDirectly(query, ranked.length)) {
    return {
      kind: 'ambiguous',
      total: ranked.length,
      candidates: ranked
        .slice(0, options.maxCandidates ?? LOOKUP_CANDIDATES)
        .map(({ id, name, programmeId, yearOfStudy }) => ({ id, name, programmeId, yearOfStudy })),
    };
  }
  const student = ranked[0] as Student;
  await repos.audit.record({
    at: options.now,
    actor: viewer.actor,
    studentId: student.id,
    action: 'view-student',
    where: viewer.where,
  });
  return { kind: 'found', view: await buildStudentView(repos, student, options.now) };
}

async function buildStudentView(repos: Repositories, student: Student, now: Date): Promise<StudentView> {
  const [history, contacts, activeCase, sources] = await Promise.all([
    repos.scores.historyFor(student.id),
    repos.contacts.contactsFor(student.id, 5),
    repos.cases.activeCaseFor(student.id),
    repos.sources.listSources(),
  ]);
  const explained = history.length > 0 ? await repos.scores.latestWithPeerGroup(student.id) : null;
  return assembleStudentView({
    student,
    history,
    contacts,
    activeCase,
    prediction: await predictionOf(repos, student.id, history.at(-1)?.week),
    explanation: explained
      ? {
          ...explainScore(explained.score, explained.group),
          sourceNames: Object.fromEntries(sources.map((s) => [s.id, s.name])),
        }
      : null,
    now,
  });
}

/** The view from what was read about one student: signals as of the latest scored week, the trend, why unscored. */
export function assembleStudentView(read: {
  student: Student;
  history: ScoreHistoryPoint[];
  contacts: Contact[];
  activeCase: SupportCase | null;
  explanation: StudentView['explanation'];
  prediction?: StudentPrediction | null;
  now: Date;
}): StudentView {
  const { student, history, contacts, activeCase } = read;
  const latest = history.at(-1) ?? null;
  const signals = computeSignals({
    scores: history,
    contacts: contacts.map((contact) => contact.at),
    openCase: activeCase !== null,
    asOf: latest ? viewDate(latest.week, read.now) : read.now,
  });
  return {
    student,
    notScoredBecause: EXCLUDED_STATUSES.includes(student.status)
      ? `status "${student.status}": not scored and not alerted (engagement monitoring does not apply)`
      : null,
    week: latest?.week ?? null,
    signals,
    trend: history.map((point) => ({
      week: point.week,
      score: point.score,
      attendancePct: point.attendancePct,
      sharedCause: point.sharedCause !== null,
    })),
    explanation: read.explanation,
    activeCase,
    contacts,
    prediction: read.prediction ?? null,
  };
}
