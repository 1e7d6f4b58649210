/**
 * scoreWeek (docs/score.md): one ISO week's peer-relative scores. Students with an excluded status are not
 * scored; the rest are grouped by the configured keys (small groups merged upward), every source's value
 * (this week's, or with method recent-log the recent level: recentLevels.ts) becomes a within-group normal
 * score, the composite is their weighted mean over what each student has, and the composite is
 * re-standardised within the group: score = clamp(round(500 + scale · z), 0, 1000).
 * Groups whose activity fell together are annotated as shared causes.
 */
import { EXCLUDED_STATUSES } from '../domain/model.ts';
import type { Student, WeeklyScore } from '../domain/model.ts';
import { bandOf } from './band.ts';
import { groupScratch, scoreGroup } from './groupScores.ts';
import { buildMeasureMatrix } from './measureMatrix.ts';
import { planPeerGroups } from './peerGroups.ts';
import { activeShares, clearDataGaps } from './dataGaps.ts';
import { applyRecentLevels } from './recentLevels.ts';
import { detectSharedCause } from './sharedCause.ts';
import { studentSources, weekSources } from './studentSources.ts';
import type { PeerGroupWeek, ScoreWeekInput, UnscoredStudent, WeekScoreResult } from './types.ts';
import { effectiveWeights } from './weights.ts';

export function scoreWeek(input: ScoreWeekInput): WeekScoreResult {
  const { week, config } = input;
  const unscored: UnscoredStudent[] = [];
  const eligible: Student[] = [];
  const rowOf = new Map<string, number>();
  for (const student of input.students) {
    if (EXCLUDED_STATUSES.includes(student.status)) {
      unscored.push({ studentId: student.id, week, reason: 'excluded-status', sourcesMissing: [] });
    } else {
      rowOf.set(student.id, eligible.length);
      eligible.push(student);
    }
  }

  const allWeights = effectiveWeights(input.sources, config);
  const sources = input.sources.filter((_, i) => (allWeights[i] as number) > 0);
  const weights = Float64Array.from(allWeights.filter((w) => w > 0));
  const totalWeight = weights.reduce((sum, w) => sum + w, 0);
  const inForce = weekSources(
    sources.map((source) => source.id),
    weights,
  );
  const width = sources.length;

  const matrix = buildMeasureMatrix({
    week,
    rowOf,
    sources,
    measures: input.measures,
    ...(input.measureColumns ? { measureColumns: input.measureColumns } : {}),
    carryForward:
      config.method === 'weekly-rank' && config.missingData === 'impute'
        ? (input.previousMeasures ?? [])
        : null,
  });
  const sourceActiveShares = activeShares(matrix, eligible.length, inForce.sourceIds);
  const reading =
    config.method === 'recent-log'
      ? clearDataGaps(
          matrix,
          eligible.length,
          inForce.sourceIds,
          sourceActiveShares,
          input.sourceActivity ?? [],
        )
      : { gaps: [], quietCells: null };
  // A student is scored only on a week with some data of their own: carried levels never score anyone.
  const hasData = new Uint8Array(eligible.length);
  for (let row = 0; row < eligible.length; row++) {
    for (let s = 0; s < width && hasData[row] === 0; s++) {
      if (!Number.isNaN(matrix.values[row * width + s] as number)) hasData[row] = 1;
    }
  }
  const recent =
    config.method === 'recent-log'
      ? applyRecentLevels(
          matrix,
          eligible.map((student) => student.id),
          inForce.sourceIds,
          input.recent ?? null,
          config.recentHalfLifeWeeks,
          reading.quietCells,
        )
      : null;

  const scorable: Student[] = [];
  const scorableRows: number[] = [];
  eligible.forEach((student, row) => {
    if (hasData[row] === 1) {
      scorable.push(student);
      scorableRows.push(row);
    } else {
      unscored.push({ studentId: student.id, week, reason: 'no-data', sourcesMissing: inForce.sourceIds });
    }
  });

  const plan = planPeerGroups(scorable, config.peerGroupKeys, config.minPeerGroupSize);
  const scratch = groupScratch(Math.max(0, ...plan.groups.map((group) => group.members.length)), width);
  const scores: WeeklyScore[] = [];
  const peerGroups: PeerGroupWeek[] = [];

  plan.groups.forEach((group, groupIndex) => {
    const rows = group.members.map((member) => scorableRows[member] as number);
    const computed = scoreGroup(
      rows,
      matrix,
      weights,
      scratch,
      config.method === 'recent-log' ? 'log' : 'rank',
    );
    // The shared-cause level: recent-log reads the share of members who held up against their own level
    // (single-digit medians of sparse weeks cannot tell an event from noise); weekly-rank kept the median.
    const level = recent === null ? computed.activityLevel : heldUpShare(rows, recent.heldUp);
    const history = input.activityHistory?.[group.key];
    const sharedCause = history
      ? detectSharedCause(group.key, week, level, history, config.sharedCause)
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
      const detail = studentSources(computed, matrix, inForce, j, row, recent?.weights ?? null);
      scores.push({
        studentId: (scorable[member] as Student).id,
        week,
        method: config.method,
        score,
        z,
        composite,
        band: bandOf(score),
        peerGroup: group.key,
        merged: plan.mergedFrom[member] !== null,
        mergedFrom: plan.mergedFrom[member] ?? null,
        coverage: (computed.availableWeight[j] as number) / totalWeight,
        sourcesUsed: detail.sourcesUsed,
        sourcesImputed: detail.sourcesImputed,
        sourcesMissing: detail.sourcesMissing,
        attendancePct: scheduled > 0 ? ((matrix.attended[row] as number) / scheduled) * 100 : null,
        activity: matrix.activity[row] as number,
        activityPercentile: computed.activityPercentile[j] as number,
        sharedCause,
        breakdown: detail.breakdown,
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
      medians: Object.fromEntries(inForce.sourceIds.map((id, s) => [id, computed.medians[s] ?? null])),
      activityLevel: level,
      sharedCause,
    });
  });

  return {
    week,
    method: config.method,
    scores,
    unscored,
    peerGroups,
    dataGaps: reading.gaps,
    sourceActiveShares,
    sharedCauses: peerGroups.flatMap((group) => (group.sharedCause ? [group.sharedCause] : [])),
  };
}

/** Share of the rows with an earlier level who held up against it; 1 when none had one. */
function heldUpShare(rows: ArrayLike<number>, heldUp: Uint8Array): number {
  let compared = 0;
  let held = 0;
  for (let i = 0; i < rows.length; i++) {
    const flag = heldUp[rows[i] as number] as number;
    if (flag === 2) continue;
    compared += 1;
    held += flag;
  }
  return compared === 0 ? 1 : held / compared;
}
