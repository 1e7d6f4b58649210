/**
 * explainScore: "why is this student flagged?" — for one student-week, each source's measure beside the
 * peer median, its normal score, its share of the composite and its contribution, ordered from the source
 * pulling the score down most. Derived from scoreWeek's breakdown and the peer group's summary.
 */
import type { WeeklyScore } from '../domain/model.ts';
import type { PeerGroupWeek } from './types.ts';

export interface SourceExplanation {
  sourceId: string;
  /** The student's measure (attendance as a proportion); null when missing. */
  measure: number | null;
  peerMedian: number | null;
  imputed: boolean;
  normalScore: number | null;
  /** Share of the composite (0 when missing). */
  weight: number;
  /** weight × normalScore; the contributions sum to the composite. */
  contribution: number;
}

export interface ScoreExplanation {
  studentId: string;
  week: string;
  score: number;
  z: number;
  composite: number;
  /** The peer group's composite mean and sd: z = (composite − mean) / sd. */
  peerMean: number;
  peerSd: number;
  peerGroup: string;
  mergedFrom: string | null;
  coverage: number;
  attendancePct: number | null;
  sharedCause: WeeklyScore['sharedCause'];
  /** Available sources by contribution, most negative first; then the missing ones. */
  sources: SourceExplanation[];
}

export function explainScore(score: WeeklyScore, group: PeerGroupWeek): ScoreExplanation {
  if (group.peerGroup !== score.peerGroup || group.week !== score.week) {
    throw new RangeError(
      `explainScore: ${score.studentId} was scored against ${score.peerGroup} in ${score.week}, ` +
        `not ${group.peerGroup} in ${group.week}`,
    );
  }
  const { breakdown } = score;
  const imputed = new Set(score.sourcesImputed);
  const sources = breakdown.sourceIds.map((sourceId, i): SourceExplanation => {
    const normalScore = breakdown.normalScores[i] ?? null;
    const weight = breakdown.weights[i] ?? 0;
    return {
      sourceId,
      measure: breakdown.measures[i] ?? null,
      peerMedian: group.medians[sourceId] ?? null,
      imputed: imputed.has(sourceId),
      normalScore,
      weight,
      contribution: normalScore === null ? 0 : weight * normalScore,
    };
  });
  sources.sort((a, b) => {
    if ((a.measure === null) !== (b.measure === null)) return a.measure === null ? 1 : -1;
    return a.contribution - b.contribution;
  });
  return {
    studentId: score.studentId,
    week: score.week,
    score: score.score,
    z: score.z,
    composite: score.composite,
    peerMean: group.compositeMean,
    peerSd: group.compositeSd,
    peerGroup: score.peerGroup,
    mergedFrom: score.mergedFrom,
    coverage: score.coverage,
    attendancePct: score.attendancePct,
    sharedCause: score.sharedCause,
    sources,
  };
}
