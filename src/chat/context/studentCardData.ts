/**
 * The data behind one student card, cheaply: the student's recent score history and the latest score's
 * explanation come from the shared week snapshot (loaded once for everyone); only what changes between
 * lookups — recent contacts and the active case — is read per lookup. While the snapshot is still loading,
 * or for a student it does not hold, the history and explanation are read from the repositories instead,
 * so no lookup waits for the whole population to load.
 */
import type { Student } from '../../domain/model.ts';
import { explainScore } from '../../scoring/explain.ts';
import { assembleStudentView, predictionOf, type StudentView } from '../../weekly/studentView.ts';
import type { ChatCore } from '../core.ts';
import { CARD_CONTACTS } from '../views/displayLimits.ts';

export async function studentCardData(core: ChatCore, student: Student, now: Date): Promise<StudentView> {
  const { repos } = core;
  const week = core.snapshots.ready(now);
  const [contacts, activeCase, reference] = await Promise.all([
    repos.contacts.contactsFor(student.id, CARD_CONTACTS),
    repos.cases.activeCaseFor(student.id),
    core.reference.get(),
  ]);
  const cached = week?.byStudentId.get(student.id);
  const history = cached ? cached.history : await repos.scores.historyFor(student.id);
  const latest = history.at(-1) ?? null;
  let explanation: StudentView['explanation'] = null;
  if (latest) {
    const explained = week && latest.week === week.snapshot.week ? week.explainedIfReady() : null;
    const score = explained?.scores.get(student.id);
    const group = score ? explained?.groups.get(score.peerGroup) : undefined;
    const pair = score && group ? { score, group } : await repos.scores.latestWithPeerGroup(student.id);
    if (pair) {
      const sourceNames = (id: string) => reference.source(id)?.name ?? id;
      const explainedScore = explainScore(pair.score, pair.group);
      explanation = {
        ...explainedScore,
        sourceNames: Object.fromEntries(
          explainedScore.sources.map((s) => [s.sourceId, sourceNames(s.sourceId)]),
        ),
      };
    }
  }
  const prediction = await predictionOf(repos, student.id, latest?.week);
  return assembleStudentView({ student, history, contacts, activeCase, explanation, prediction, now });
}
