/**
 * scoreWeek (SPEC §3): one ISO week's peer-relative scores. Students with an excluded status are not
 * scored; the rest are grouped by the configured keys (small groups merged upward), every source's measure
 * becomes a within-group normal score, the composite is their weighted mean over what each student has,
 * and the composite is re-standardised within the group: score = clamp(round(500 + scale · z), 0, 1000).
 * Groups whose activity fell together are annotated as shared causes.
 */
import { EXCLUDED_STATUSES } from '../domain/model.ts';
import type { ScoreBreakdown, Student, WeeklyScore } from '../domain/model.ts';
import { bandOf } from './band.ts';
import { groupScratch, scoreGroup } from './groupScores.ts';
import type { GroupScores } from './groupScores.ts';
import { buildMeasureMatrix } from './measureMatrix.ts';
import type { MeasureMatrix } from './measureMatrix.ts';
import { planPeerGroups } from './peerGroups.ts';
import { detectSharedCause } from './sharedCause.ts';
import type { PeerGroupWeek, ScoreWeekInput, UnscoredStudent, WeekScoreResult } from './types.ts';
import { effectiveWeights } from './weights.ts';

const NONE: readonly string[] = Object.freeze([]);

export function scoreWeek(input: ScoreWeekInput): WeekScoreResult {
  const { week, config } = input;
  const unscored: UnscoredStudent[] = [];
  const eligible: Student[] = [];
  const rowOf = new Map<string, number>();
  for (const student of input.students) {
    if (EXCLUDED_STATUSES.includes(student.status)) {
      unscored.push({ studentId: student.id, week, reason: 'excluded-status', sourcesMissing: NONE });
    } else {
      rowOf.set(student.id, eligible.length);
      eligible.push(student);
    }
  }

  const allWeights = effectiveWeights(input.sources, config);
  const sources = input.sources.filter((_, i) => (allWeights[i] as number) > 0);
  const weights = Float64Array.from(allWeights.filter((w) => w > 0));
  const totalWeight = weights.reduce((sum, w) => sum + w, 0);
  const context: SourceContext = {
    sourceIds: Object.freeze(sources.map((source) => source.id)),
    weights,
    fullShares: Object.freeze(Array.from(weights, (w) => w / totalWeight)),
  };
  const width = sources.length;

  const matrix = buildMeasureMatrix({
    week,
    rowOf,
    sources,
    measures: input.measures,
    carryForward: config.missingData === 'impute' ? (input.previousMeasures ?? []) : null,
  });

  const scorable: Student[] = [];
  const scorableRows: number[] = [];
  eligible.forEach((student, row) => {
    let any = false;
    for (let s = 0; s < width && !any; s++) any = !Number.isNaN(matrix.values[row * width + s] as number);
    if (any) {
      scorable.push(student);
      scorableRows.push(row);
    } else {
      unscored.push({ studentId: student.id, week, reason: 'no-data', sourcesMissing: context.sourceIds });
    }
  });

  const plan = planPeerGroups(scorable, config.peerGroupKeys, config.minPeerGroupSize);
  const scratch = groupScratch(Math.max(0, ...plan.groups.map((group) => group.members.length)), width);
  const scores: WeeklyScore[] = [];
  const peerGroups: PeerGroupWeek[] = [];

  plan.groups.forEach((group, groupIndex) => {
    const rows = group.members.map((member) => scorableRows[member] as number);
    const computed = scoreGroup(rows, matrix, weights, scratch);
    const history = input.activityHistory?.[group.key];
    const sharedCause = history
      ? detectSharedCause(group.key, week, computed.activityLevel, history, config.sharedCause)
      : null;
    let scored = 0;
    for (let j = 0; j < group.members.length; j++) {
      const member = group.members[j] as number;
      if (plan.assigned[member] !== groupIndex) continue;
      scored += 1;
      const row = rows[j] as number;
      const composite = computed.composite[j] as number;
      const z = computed.compositeSd === 0 ? 0 : (composite - computed.compositeMean) / computed.compositeSd;
      const score = Math.min(1000, Math.max(0, Math.round(500 + config.scale * z)));
      const scheduled = matrix.scheduled[row] as number;
      const breakdown = breakdownOf(computed, matrix, context, j, row);
      const complete = breakdown.weights === context.fullShares;
      scores.push({
        studentId: (scorable[member] as Student).id,
        week,
        score,
        z,
        composite,
        band: bandOf(score),
        peerGroup: group.key,
        merged: plan.mergedFrom[member] !== null,
        mergedFrom: plan.mergedFrom[member] ?? null,
        coverage: (computed.availableWeight[j] as number) / totalWeight,
        sourcesUsed: complete
          ? context.sourceIds
          : pick(context.sourceIds, (s) => breakdown.measures[s] !== null),
        sourcesImputed: complete ? NONE : pick(context.sourceIds, (s) => isImputed(matrix, row, s, width)),
        sourcesMissing: complete
          ? NONE
          : pick(
              context.sourceIds,
              (s) => breakdown.measures[s] === null || isImputed(matrix, row, s, width),
            ),
        attendancePct: scheduled > 0 ? ((matrix.attended[row] as number) / scheduled) * 100 : null,
        activity: matrix.activity[row] as number,
        activityPercentile: computed.activityPercentile[j] as number,
        sharedCause,
        breakdown,
      });
    }
    peerGroups.push({
      week,
      peerGroup: group.key,
      rung: group.rung,
      mergedFrom: group.mergedFrom,
      population: group.members.length,
      scored,
      compositeMean: computed.compositeMean,
      compositeSd: computed.compositeSd,
      medians: Object.fromEntries(context.sourceIds.map((id, s) => [id, computed.medians[s] ?? null])),
      activityLevel: computed.activityLevel,
      sharedCause,
    });
  });

  return {
    week,
    scores,
    unscored,
    peerGroups,
    sharedCauses: peerGroups.flatMap((group) => (group.sharedCause ? [group.sharedCause] : [])),
  };
}

interface SourceContext {
  sourceIds: readonly string[];
  weights: Float64Array;
  /** Composite shares when every source is available and none imputed: shared by those students' breakdowns. */
  fullShares: readonly number[];
}

function isImputed(matrix: MeasureMatrix, row: number, s: number, width: number): boolean {
  return matrix.imputed[row * width + s] === 1;
}

function pick(ids: readonly string[], keep: (s: number) => boolean): string[] {
  return ids.filter((_, s) => keep(s));
}

/**
 * One member's per-source breakdown. Arrays of plain numbers keep values unboxed, and a student with every
 * source measured shares the week's frozen `fullShares` (which also marks the breakdown as complete).
 */
function breakdownOf(
  computed: GroupScores,
  matrix: MeasureMatrix,
  context: SourceContext,
  member: number,
  row: number,
): ScoreBreakdown {
  const width = context.sourceIds.length;
  const available = computed.availableWeight[member] as number;
  const measures: (number | null)[] = new Array<number | null>(width);
  const normalScores: (number | null)[] = new Array<number | null>(width);
  let complete = true;
  for (let s = 0; s < width; s++) {
    const normalScore = computed.normal[member * width + s] as number;
    if (Number.isNaN(normalScore)) {
      measures[s] = null;
      normalScores[s] = null;
      complete = false;
    } else {
      measures[s] = matrix.values[row * width + s] as number;
      normalScores[s] = normalScore;
      if (isImputed(matrix, row, s, width)) complete = false;
    }
  }
  const weights = complete
    ? context.fullShares
    : Array.from(context.weights, (w, s) => (normalScores[s] === null ? 0 : w / available));
  return { sourceIds: context.sourceIds, measures, normalScores, weights };
}
